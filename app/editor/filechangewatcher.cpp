#include "editor/filechangewatcher.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QTimer>

namespace Relive::App {

FileChangeWatcher::FileChangeWatcher(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
    , m_settle(new QTimer(this))
{
    m_settle->setSingleShot(true);
    m_settle->setInterval(50);
    connect(m_settle, &QTimer::timeout, this, &FileChangeWatcher::checkPending);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &FileChangeWatcher::schedule);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileChangeWatcher::scheduleFolder);
}

void FileChangeWatcher::setSettleTime(int milliseconds)
{
    m_settle->setInterval(milliseconds);
}

QByteArray FileChangeWatcher::hashOf(const QByteArray &contents)
{
    return QCryptographicHash::hash(contents, QCryptographicHash::Sha1);
}

void FileChangeWatcher::watch(const QString &path, const QByteArray &contents)
{
    const bool missing = !QFileInfo::exists(path);
    m_files.insert(path, {missing ? QByteArray() : hashOf(contents), missing});
    const QString folder = QFileInfo(path).absolutePath();
    if (!m_watcher->directories().contains(folder) && QFileInfo(folder).isDir())
        m_watcher->addPath(folder);
    rearm(path);
}

void FileChangeWatcher::unwatch(const QString &path)
{
    m_files.remove(path);
    m_pending.remove(path);
    m_watcher->removePath(path);
    const QString folder = QFileInfo(path).absolutePath();
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        if (QFileInfo(it.key()).absolutePath() == folder)
            return; // another open file still needs the folder watched
    }
    m_watcher->removePath(folder);
}

bool FileChangeWatcher::isWatching(const QString &path) const
{
    return m_files.contains(path);
}

void FileChangeWatcher::setKnownContents(const QString &path, const QByteArray &contents)
{
    if (!m_files.contains(path))
        return;
    m_files[path] = {hashOf(contents), false};
    rearm(path);
}

// An inotify watch follows the inode: after a rename over the file it watches the old one (or
// nothing). Removing and adding the path watches whatever the path names now.
void FileChangeWatcher::rearm(const QString &path)
{
    if (m_watcher->files().contains(path))
        m_watcher->removePath(path);
    if (QFileInfo::exists(path))
        m_watcher->addPath(path);
}

void FileChangeWatcher::schedule(const QString &path)
{
    if (!m_files.contains(path))
        return;
    m_pending.insert(path);
    m_settle->start();
}

void FileChangeWatcher::scheduleFolder(const QString &folder)
{
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        if (QFileInfo(it.key()).absolutePath() == folder)
            m_pending.insert(it.key());
    }
    if (!m_pending.isEmpty())
        m_settle->start();
}

void FileChangeWatcher::checkPending()
{
    const QSet<QString> pending = m_pending;
    m_pending.clear();
    for (const QString &path : pending)
        check(path);
}

void FileChangeWatcher::check(const QString &path)
{
    if (!m_files.contains(path))
        return; // unwatched by a slot of an earlier signal in this round
    rearm(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (QFileInfo::exists(path))
            return; // there but unreadable for now: nothing to compare, wait for the next event
        WatchedFile &watched = m_files[path];
        if (!watched.missing) {
            watched = {QByteArray(), true};
            Q_EMIT fileRemoved(path);
        }
        return;
    }
    const QByteArray contents = file.readAll();
    const QByteArray hash = hashOf(contents);
    WatchedFile &watched = m_files[path];
    if (hash == watched.hash && !watched.missing)
        return;
    watched = {hash, false};
    Q_EMIT fileChanged(path, contents);
}

} // namespace Relive::App
