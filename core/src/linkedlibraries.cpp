#include "linkedlibraries.h"

#include "relive/private/elflinkinfo.h"
#include "relive/private/librarymappings.h"
#include "sha256.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QMutex>
#include <QtCore/QPair>
#include <QtCore/QSet>

#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>

namespace Relive {

namespace {

struct FileKey
{
    quint64 inode = 0;
    qint64 size = -1;
    qint64 modifiedNs = 0;
    bool exists() const { return size >= 0; }
};

FileKey keyOf(const QString &path)
{
    FileKey key;
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return key;
    key.inode = quint64(st.st_ino);
    key.size = qint64(st.st_size);
    key.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return key;
}

// The hash of a file as it is now, read once per (path, inode, size, mtime).
QString hashOf(const QString &path, const FileKey &key)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QString id = QStringLiteral("%1|%2|%3|%4").arg(path).arg(key.inode).arg(key.size).arg(key.modifiedNs);
    {
        QMutexLocker lock(&mutex);
        const auto it = cache.constFind(id);
        if (it != cache.constEnd())
            return it.value();
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QString hash = Sha256::hex(file.readAll());
    QMutexLocker lock(&mutex);
    cache.insert(id, hash);
    return hash;
}

// The inode /proc/self/maps shows for \a path (also once it was deleted or renamed over), or 0.
quint64 mappedInode(const QString &path)
{
    const QList<LibraryMappings::Region> regions = LibraryMappings::regionsOf(path);
    return regions.isEmpty() ? 0 : regions.constFirst().inode;
}

// Where the loader has \a soname mapped from, or empty when it has no such library.
QString loaderPathOf(const QString &soname)
{
    void *handle = dlopen(QFile::encodeName(soname).constData(), RTLD_LAZY | RTLD_NOLOAD);
    if (!handle)
        return QString();
    QString path;
    link_map *map = nullptr;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name)
        path = QFile::decodeName(map->l_name);
    dlclose(handle); // RTLD_NOLOAD still took a reference
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? path : canonical;
}

LinkedLibrary describe(const QString &soname, const QString &path, const QString &neededBy)
{
    LinkedLibrary library;
    library.soname = soname;
    library.path = path;
    library.neededBy = neededBy;
    library.inode = mappedInode(path);
    const FileKey now = keyOf(path);
    // The file on disk is the one mapped: its bytes are the code running. Otherwise the mapped
    // copy was replaced before this generation loaded, and its hash cannot be known.
    if (now.exists() && (library.inode == 0 || library.inode == now.inode)) {
        library.inode = now.inode;
        library.sha256 = hashOf(path, now);
        library.buildId = ElfLinkInfo::read(path).buildId;
    }
    return library;
}

} // namespace

bool LinkedLibraries::isSystemLibrary(const QString &path)
{
    return path.startsWith(QLatin1String("/usr/")) || path.startsWith(QLatin1String("/lib/"))
        || path.startsWith(QLatin1String("/lib64/"));
}

QString LinkedLibraries::currentHash(const QString &path)
{
    const FileKey now = keyOf(path);
    return now.exists() ? hashOf(path, now) : QString();
}

QList<LinkedLibrary> LinkedLibraries::of(const QString &loadedFile, QString *buildId)
{
    const ElfLinkInfo self = ElfLinkInfo::read(loadedFile);
    *buildId = self.buildId;
    QList<LinkedLibrary> libraries;
    QSet<QString> seen;
    QList<QPair<QString, QString>> queue; // soname, who needs it
    for (const QString &name : self.needed)
        queue.append({name, QFileInfo(loadedFile).fileName()});
    while (!queue.isEmpty()) {
        const QPair<QString, QString> next = queue.takeFirst();
        if (seen.contains(next.first))
            continue;
        seen.insert(next.first);
        const QString path = loaderPathOf(next.first);
        if (path.isEmpty() || isSystemLibrary(path))
            continue;
        libraries.append(describe(next.first, path, next.second));
        for (const QString &name : ElfLinkInfo::read(path).needed)
            queue.append({name, next.first});
    }
    return libraries;
}

QString LinkedLibrary::staleReason() const
{
    const FileKey now = keyOf(path);
    if (!now.exists())
        return QStringLiteral("%1 was deleted; the process still runs the copy it mapped").arg(path);
    if (!copy.isEmpty()) { // a generation of a workspace library: its dependents reload with the next one
        if (hashOf(path, now) == sha256)
            return QString();
        return QStringLiteral("%1 was rebuilt, but the plugins that use it still run its previous generation "
                              "(%2): their reload with the new one was refused or is still to come")
            .arg(path, copy);
    }
    if (sha256.isEmpty() || now.inode != inode || hashOf(path, now) != sha256)
        return QStringLiteral("%1 was rebuilt, but the process still runs the copy it mapped first "
                              "(the dynamic loader shares a library by its soname, %2, so reloading the "
                              "plugins that use it cannot bring the new one in): restart to run it")
            .arg(path, soname);
    return QString();
}

QJsonObject LinkedLibrary::toJson() const
{
    QJsonObject json{
        {QStringLiteral("soname"), soname},
        {QStringLiteral("path"), path},
        {QStringLiteral("neededBy"), neededBy},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("buildId"), buildId},
    };
    if (!copy.isEmpty())
        json.insert(QStringLiteral("copy"), copy);
    const QString stale = staleReason();
    if (!stale.isEmpty())
        json.insert(QStringLiteral("stale"), stale);
    return json;
}

} // namespace Relive
