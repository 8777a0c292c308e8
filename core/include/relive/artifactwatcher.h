#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QFileSystemWatcher;
class QTimer;
QT_END_NAMESPACE

namespace Relive {

/*!
 * Watches built plugin files and says when a new version is ready to load: the file was
 * replaced (renamed over, deleted and recreated, or rewritten in place), has stopped changing
 * for the settle interval, and is a complete ELF file. A half-written file is never reported.
 */
class RELIVE_CORE_EXPORT ArtifactWatcher : public QObject
{
    Q_OBJECT

public:
    explicit ArtifactWatcher(QObject *parent = nullptr);
    ~ArtifactWatcher() override;

    /*! How long a file must stay unchanged before it is reported (default 100 ms). */
    void setSettleInterval(int ms);
    int settleInterval() const { return m_settleMs; }

    /*! Starts watching \a path; its current content counts as already seen. */
    void watch(const QString &path);
    void unwatch(const QString &path);
    QStringList watchedPaths() const { return m_files.keys(); }

Q_SIGNALS:
    /*! \a path holds a new, complete version. */
    void artifactReady(const QString &path);
    /*! \a path changed and settled, but is not a loadable file yet (truncated, empty...). */
    void artifactIncomplete(const QString &path, const QString &reason);

private:
    struct Snapshot
    {
        bool exists = false;
        quint64 device = 0;
        quint64 inode = 0;
        qint64 size = -1;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0;
        bool operator==(const Snapshot &other) const;
        bool operator!=(const Snapshot &other) const { return !(*this == other); }
    };
    struct WatchedFile
    {
        Snapshot reported;      //!< what was last reported (or seen when watching began)
        Snapshot pending;       //!< what the settle timer compares against
        quint64 watchedInode = 0;
        QTimer *settle = nullptr;
    };

    static Snapshot snapshot(const QString &path);
    void onPathChanged(const QString &path);
    void onSettled(const QString &path);
    void rewatch(const QString &path);

    QFileSystemWatcher *m_watcher;
    QHash<QString, WatchedFile> m_files;
    int m_settleMs = 100;
};

} // namespace Relive
