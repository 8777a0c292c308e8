#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace Relive {

/*!
 * Writes CrashJournal's file on a thread of its own, so that the fsync of the atomic write
 * (AtomicFile) never stalls the GUI thread. post() hands over the newest journal and returns;
 * the thread writes the newest one posted (older ones not yet written are skipped: each write
 * holds the whole journal). While a posted journal is not on disk yet, CrashGuard knows it
 * (setJournalPending()), and its handler gives the write a moment before it re-executes: a
 * crash right after a reload still finds the journal that names it. The file on disk is always
 * a whole journal, the previous one or the new one.
 */
class JournalWriter
{
public:
    explicit JournalWriter(const QString &path);
    /*! Writes what was posted last, then ends the thread. */
    ~JournalWriter();
    JournalWriter(const JournalWriter &) = delete;
    JournalWriter &operator=(const JournalWriter &) = delete;

    /*! Queues \a journal to be written; returns at once. */
    void post(const QJsonObject &journal);
    /*! Waits until everything posted so far is on disk (or failed to be). */
    void flush();
    /*! How many times the file was written. */
    int writes() const;
    /*! How long the last write took on the writer's thread, in ms (JSON, write, fsync, rename). */
    double lastWriteMs() const;

private:
    void run();

    const QString m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // the thread: something posted, or stop
    std::condition_variable m_written; // flush(): a write finished
    QJsonObject m_pending;
    quint64 m_posted = 0;  // serial of the newest journal posted
    quint64 m_done = 0;    // serial of the newest journal written (or that failed)
    bool m_stop = false;
    int m_writes = 0;
    double m_lastWriteMs = 0;
    std::thread m_thread; // last: started once the rest is ready
};

} // namespace Relive
