#include "relive/private/librarymappings.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <dlfcn.h>

namespace Relive {

bool LibraryMappings::isMapped(const QString &path)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return false;
    // The path column is the rest of the line; compare it whole so that g1 does not match g10.
    const QByteArray wanted = QFile::encodeName(path);
    const QByteArray all = maps.readAll();
    for (const QByteArray &line : all.split('\n')) {
        const int slash = line.indexOf('/');
        if (slash >= 0 && line.mid(slash) == wanted)
            return true;
        if (slash >= 0 && line.mid(slash) == wanted + " (deleted)")
            return true;
    }
    return false;
}

bool LibraryMappings::addressRange(const QString &path, quintptr *start, quintptr *end, quintptr *base)
{
    *start = *end = *base = 0;
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return false;
    // "start-end perms offset dev inode path"
    const QByteArray wanted = QFile::encodeName(path);
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const int slash = line.indexOf('/');
        if (slash < 0 || (line.mid(slash) != wanted && line.mid(slash) != wanted + " (deleted)"))
            continue;
        const QList<QByteArray> fields = line.left(slash).simplified().split(' ');
        const QList<QByteArray> range = fields.value(0).split('-');
        const quintptr from = quintptr(range.value(0).toULongLong(nullptr, 16));
        const quintptr to = quintptr(range.value(1).toULongLong(nullptr, 16));
        if (!*start || from < *start)
            *start = from;
        *end = qMax(*end, to);
        if (fields.value(2).toULongLong(nullptr, 16) == 0 && (!*base || from < *base))
            *base = from;
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
