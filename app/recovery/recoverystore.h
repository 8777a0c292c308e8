#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QDateTime>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * The recovery copies of unsaved buffers: one JSON file per buffer and process in a private
 * folder (0700; each copy 0600, written atomically with Relive::AtomicFile), so that a crash or a
 * kill -9 loses at most the last seconds of typing.
 *
 * A copy is named after the process that wrote it (pid and start time) and its file's path. A
 * copy is an orphan when that process is gone: no process has its pid, or the one that has it
 * started at another time (the pid was reused by another program). Copies of a live process,
 * this one or another Relive window, are never offered. No widgets: the app's dialog shows
 * what orphans() finds.
 */
class RecoveryStore
{
    Q_DECLARE_TR_FUNCTIONS(RecoveryStore)

public:
    struct Copy
    {
        QString copyPath; //!< the recovery file; for a damaged one, its new .corrupt name
        QString filePath; //!< the file the buffer shows
        QString text; //!< the unsaved text
        bool baseExists = false; //!< whether the file existed when the buffer was last in step with it
        QString baseSha256; //!< hex SHA-256 of the bytes the buffer started from
        qint64 baseSize = -1;
        QDateTime savedAt;
        qint64 pid = 0;
        /*! Non-empty for a copy that cannot be used: what is wrong and where it was kept. */
        QString errorString;

        bool isValid() const { return errorString.isEmpty(); }
    };

    /*! Uses \a folder, created (0700) at the first write; defaultFolder() by default. */
    explicit RecoveryStore(const QString &folder = defaultFolder());

    /*! <AppDataLocation>/recovery */
    static QString defaultFolder();
    QString folder() const;

    /*!
     * Replaces this process's copy of \a filePath with \a text. \a baseContents are the bytes
     * on disk that the buffer was last in step with (\a baseExists false: there was no file).
     */
    bool write(const QString &filePath, const QString &text, bool baseExists, const QByteArray &baseContents,
               QString *error);
    /*! Where this process keeps the copy of \a filePath (it may not exist). */
    QString copyPathFor(const QString &filePath) const;
    /*! Removes this process's copy of \a filePath; true if there is none now. */
    bool remove(const QString &filePath);
    /*! Removes every copy this process wrote: what a clean exit does. */
    void removeOwnCopies();
    /*! The paths of the copies this process has on disk now. */
    QStringList ownCopies() const;

    /*!
     * The copies of processes that are gone. A copy that cannot be read or parsed is renamed to
     * <name>.corrupt, so that it is kept but reported once, and listed with its errorString.
     */
    QList<Copy> orphans() const;
    /*! Reads one copy; a copy with errorString set if it cannot be used (nothing is renamed). */
    static Copy read(const QString &copyPath);
    /*! Deletes \a copy's file. */
    static bool discard(const Copy &copy, QString *error);

    /*! The start time of process \a pid as the kernel counts it (/proc); empty if there is none. */
    static QString processStartTime(qint64 pid);
    /*! Whether process \a pid runs and started at \a startTime (when known). */
    static bool isRunning(qint64 pid, const QString &startTime);

private:
    QString ownPrefix() const;

    QString m_folder;
    QString m_startTime; // of this process
};

} // namespace Relive::App
