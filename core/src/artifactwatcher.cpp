#include "relive/artifactwatcher.h"

#include "relive/private/elfinspector.h"

#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QHash>
#include <QtCore/QTimer>

#include <sys/stat.h>

namespace Relive {

namespace {

/*! What stat() says about a file: a new version has a new snapshot. */
struct Snapshot
{
    bool exists = false;
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = -1;
    qint64 modifiedNs = 0;
    qint64 changedNs = 0;

    bool operator==(const Snapshot &other) const
    {
        return exists == other.exists && device == other.device && inode == other.inode && size == other.size
            && modifiedNs == other.modifiedNs && changedNs == other.changedNs;
    }
    bool operator!=(const Snapshot &other) const { return !(*this == other); }
};

Snapshot snapshot(const QString &path)
{
    Snapshot shot;
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return shot;
    shot.exists = true;
    shot.device = quint64(st.st_dev);
    shot.inode = quint64(st.st_ino);
    shot.size = qint64(st.st_size);
    // Nanoseconds: two builds within one millisecond are still two versions.
    shot.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    shot.changedNs = qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return shot;
}

struct WatchedFile
{
    Snapshot reported;      //!< what was last reported (or seen when watching began)
    Snapshot pending;       //!< what the settle timer compares against
    quint64 watchedInode = 0;
    QTimer *settle = nullptr;
};

} // namespace

class ArtifactWatcherPrivate
{
public:
    explicit ArtifactWatcherPrivate(ArtifactWatcher *watcher);

    void onPathChanged(const QString &path);
    void onSettled(const QString &path);
    void rewatch(const QString &path);

    ArtifactWatcher *q;
    QFileSystemWatcher *watcher;
    QHash<QString, WatchedFile> files;
    int settleMs = 100;
};

ArtifactWatcherPrivate::ArtifactWatcherPrivate(ArtifactWatcher *watcher)
    : q(watcher)
    , watcher(new QFileSystemWatcher(watcher))
{
}

ArtifactWatcher::ArtifactWatcher(QObject *parent)
    : QObject(parent)
    , d(new ArtifactWatcherPrivate(this))
{
    connect(d->watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) { d->onPathChanged(path); });
    // A rename over the file or a delete-and-recreate shows only on the folder.
    connect(d->watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &folder) {
        const QStringList files = d->files.keys();
        for (const QString &file : files) {
            if (QFileInfo(file).absolutePath() == folder)
                d->onPathChanged(file);
        }
    });
}

ArtifactWatcher::~ArtifactWatcher() = default;

void ArtifactWatcher::setSettleInterval(int ms)
{
    d->settleMs = qMax(0, ms);
    for (WatchedFile &file : d->files)
        file.settle->setInterval(d->settleMs);
}

int ArtifactWatcher::settleInterval() const
{
    return d->settleMs;
}

QStringList ArtifactWatcher::watchedPaths() const
{
    return d->files.keys();
}

void ArtifactWatcher::watch(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (d->files.contains(absolute))
        return;
    WatchedFile file;
    file.reported = snapshot(absolute);
    file.settle = new QTimer(this);
    file.settle->setSingleShot(true);
    file.settle->setInterval(d->settleMs);
    connect(file.settle, &QTimer::timeout, this, [this, absolute] { d->onSettled(absolute); });
    d->files.insert(absolute, file);
    d->rewatch(absolute);
}

void ArtifactWatcher::unwatch(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto it = d->files.find(absolute);
    if (it == d->files.end())
        return;
    delete it->settle;
    d->files.erase(it);
    d->watcher->removePath(absolute);
}

void ArtifactWatcherPrivate::rewatch(const QString &path)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!watcher->directories().contains(folder))
        watcher->addPath(folder);
    // A watch belongs to an inode: after a rename over the file it follows the old one, and
    // after a delete it is gone, even if the new file reuses the inode number.
    WatchedFile &file = files[path];
    const Snapshot now = snapshot(path);
    if (!now.exists)
        return;
    const bool watched = watcher->files().contains(path);
    if (watched && now.inode == file.watchedInode)
        return;
    if (watched)
        watcher->removePath(path);
    file.watchedInode = watcher->addPath(path) ? now.inode : 0;
}

void ArtifactWatcherPrivate::onPathChanged(const QString &path)
{
    const auto it = files.find(path);
    if (it == files.end())
        return;
    rewatch(path);
    // Not restarted on every event, or a busy build folder would postpone it for ever:
    // stability is judged by comparing snapshots one interval apart.
    if (!it->settle->isActive()) {
        it->pending = snapshot(path);
        it->settle->start();
    }
}

void ArtifactWatcherPrivate::onSettled(const QString &path)
{
    const auto it = files.find(path);
    if (it == files.end())
        return;
    rewatch(path);
    const Snapshot now = snapshot(path);
    if (now != it->pending) {
        it->pending = now;
        it->settle->start();
        return;
    }
    if (now == it->reported || !now.exists)
        return;
    // A settled size can still be a pause in a slow writer: only a complete ELF file counts.
    const ElfInspector check(path);
    if (!check.isValid()) {
        Q_EMIT q->artifactIncomplete(path, check.errorString());
        return; // the next write wakes us again
    }
    it->reported = now;
    Q_EMIT q->artifactReady(path);
}

} // namespace Relive
