#include "relive/private/librarymappings.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <dlfcn.h>

namespace Relive {

QList<LibraryMappings::Region> LibraryMappings::regionsOf(const QString &path)
{
    QList<Region> regions;
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return regions;
    // "start-end perms offset dev inode path": the path is the rest of the line; compare it
    // whole so that g1 does not match g10.
    const QByteArray wanted = QFile::encodeName(path);
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const int slash = line.indexOf('/');
        if (slash < 0 || (line.mid(slash) != wanted && line.mid(slash) != wanted + " (deleted)"))
            continue;
        const QList<QByteArray> fields = line.left(slash).simplified().split(' ');
        const QList<QByteArray> range = fields.value(0).split('-');
        Region region;
        region.start = quintptr(range.value(0).toULongLong(nullptr, 16));
        region.end = quintptr(range.value(1).toULongLong(nullptr, 16));
        region.offset = fields.value(2).toULongLong(nullptr, 16);
        region.inode = fields.value(4).toULongLong();
        regions.append(region);
    }
    return regions;
}

bool LibraryMappings::isMapped(const QString &path)
{
    return !regionsOf(path).isEmpty();
}

bool LibraryMappings::addressRange(const QString &path, quintptr *start, quintptr *end, quintptr *base)
{
    *start = *end = *base = 0;
    for (const Region &region : regionsOf(path)) {
        if (!*start || region.start < *start)
            *start = region.start;
        *end = qMax(*end, region.end);
        if (region.offset == 0 && (!*base || region.start < *base))
            *base = region.start;
    }
    return *start != 0;
}

bool LibraryMappings::isLoaderResident(const QString &path)
{
    void *handle = dlopen(QFile::encodeName(path).constData(), RTLD_LAZY | RTLD_NOLOAD);
    if (!handle)
        return false;
    dlclose(handle); // RTLD_NOLOAD still took a reference
    return true;
}

int LibraryMappings::mappingCount()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return -1;
    return maps.readAll().count('\n');
}

int LibraryMappings::openFileCount()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

qint64 LibraryMappings::residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace Relive
