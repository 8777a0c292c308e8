#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QSet>

QT_BEGIN_NAMESPACE
class QFileSystemWatcher;
class QTimer;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Tells when files open in the editor change on disk, by content: a change is reported only
 * when the bytes differ from the ones last known (the editor's own save, or a touch, is not a
 * change). Survives editors and tools that save by writing a new file and renaming it over the
 * old one, which ends an inotify watch: the parent folder is watched too, and every check
 * watches the path again.
 *
 * Events are gathered for a short while before the files are read, so that a file replaced
 * in several steps is seen once, complete.
 */
class FileChangeWatcher : public QObject
{
    Q_OBJECT

public:
    explicit FileChangeWatcher(QObject *parent = nullptr);

    /*! Watches \a path, whose contents are now \a contents. */
    void watch(const QString &path, const QByteArray &contents);
    void unwatch(const QString &path);
    bool isWatching(const QString &path) const;
    /*! The contents of \a path are now \a contents (after a save or a reload); watches it again. */
    void setKnownContents(const QString &path, const QByteArray &contents);

    /*! How long events are gathered before the files are read (default 50 ms). */
    void setSettleTime(int milliseconds);

Q_SIGNALS:
    /*! \a path now holds \a contents, which differ from the last known ones. */
    void fileChanged(const QString &path, const QByteArray &contents);
    /*! \a path no longer exists. Reported once; if it comes back, fileChanged() follows. */
    void fileRemoved(const QString &path);

private:
    struct WatchedFile
    {
        QByteArray hash; // of the last known contents; empty while the file is missing
        bool missing = false;
    };

    void schedule(const QString &path);
    void scheduleFolder(const QString &folder);
    void checkPending();
    void check(const QString &path);
    void rearm(const QString &path);
    static QByteArray hashOf(const QByteArray &contents);

    QFileSystemWatcher *m_watcher;
    QTimer *m_settle;
    QHash<QString, WatchedFile> m_files;
    QSet<QString> m_pending;
};

} // namespace Relive::App
