#include "relive/artifactwatcher.h"

#include "relive/private/elfinspector.h"

#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QTimer>

#include <sys/stat.h>

namespace Relive {

ArtifactWatcher::ArtifactWatcher(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
{
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ArtifactWatcher::onPathChanged);
    // A rename over the file or a delete-and-recreate shows only on the folder.
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &folder) {
        const QStringList files = m_files.keys();
        for (const QString &file : files) {
            if (QFileInfo(file).absolutePath() == folder)
                onPathChanged(file);
        }
    });
}

ArtifactWatcher::~ArtifactWatcher() = default;

void ArtifactWatcher::setSettleInterval(int ms)
{
    m_settleMs = qMax(0, ms);
    for (WatchedFile &file : m_files)
        file.settle->setInterval(m_settleMs);
}

bool ArtifactWatcher::Snapshot::operator==(const Snapshot &other) const
{
    return exists == other.exists && device == other.device && inode == other.inode && size == other.size
        && modifiedNs == other.modifiedNs && changedNs == other.changedNs;
}

ArtifactWatcher::Snapshot ArtifactWatcher::snapshot(const QString &path)
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

void ArtifactWatcher::watch(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_files.contains(absolute))
        return;
    WatchedFile file;
    file.reported = snapshot(absolute);
    file.settle = new QTimer(this);
    file.settle->setSingleShot(true);
    file.settle->setInterval(m_settleMs);
    connect(file.settle, &QTimer::timeout, this, [this, absolute] { onSettled(absolute); });
    m_files.insert(absolute, file);
    rewatch(absolute);
}

void ArtifactWatcher::unwatch(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto it = m_files.find(absolute);
    if (it == m_files.end())
        return;
    delete it->settle;
    m_files.erase(it);
    m_watcher->removePath(absolute);
}

void ArtifactWatcher::rewatch(const QString &path)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    // A watch belongs to an inode: after a rename over the file it follows the old one, and
    // after a delete it is gone, even if the new file reuses the inode number.
    WatchedFile &file = m_files[path];
    const Snapshot now = snapshot(path);
    if (!now.exists)
        return;
    const bool watched = m_watcher->files().contains(path);
    if (watched && now.inode == file.watchedInode)
        return;
    if (watched)
        m_watcher->removePath(path);
    file.watchedInode = m_watcher->addPath(path) ? now.inode : 0;
}

void ArtifactWatcher::onPathChanged(const QString &path)
{
    const auto it = m_files.find(path);
    if (it == m_files.end())
        return;
    rewatch(path);
    // Not restarted on every event, or a busy build folder would postpone it for ever:
    // stability is judged by comparing snapshots one interval apart.
    if (!it->settle->isActive()) {
        it->pending = snapshot(path);
        it->settle->start();
    }
}

void ArtifactWatcher::onSettled(const QString &path)
{
    const auto it = m_files.find(path);
    if (it == m_files.end())
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
        Q_EMIT artifactIncomplete(path, check.errorString());
        return; // the next write wakes us again
    }
    it->reported = now;
    Q_EMIT artifactReady(path);
}

} // namespace Relive
