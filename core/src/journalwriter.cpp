#include "journalwriter.h"

#include "logging.h"
#include "relive/private/atomicfile.h"
#include "relive/private/crashguard.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonDocument>

namespace Relive {

JournalWriter::JournalWriter(const QString &path)
    : m_path(path)
    , m_thread([this] { run(); })
{
}

JournalWriter::~JournalWriter()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void JournalWriter::post(const QJsonObject &journal)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending = journal; // shared, not copied: the thread serializes it
        ++m_posted;
        CrashGuard::setJournalPending(true);
    }
    m_wake.notify_one();
}

void JournalWriter::flush()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 wanted = m_posted;
    m_written.wait(lock, [&] { return m_done >= wanted; });
}

int JournalWriter::writes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_writes;
}

double JournalWriter::lastWriteMs() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_lastWriteMs;
}

void JournalWriter::run()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_done < m_posted; });
        if (m_done == m_posted)
            return; // stopping, with everything written
        const QJsonObject journal = m_pending;
        m_pending = QJsonObject(); // the next change on the GUI thread need not copy it
        const quint64 serial = m_posted;
        lock.unlock();
        QElapsedTimer timer;
        timer.start();
        QString error;
        const bool ok = writeFileAtomically(m_path, QJsonDocument(journal).toJson(QJsonDocument::Compact),
                                            QFileDevice::ReadOwner | QFileDevice::WriteOwner, &error);
        if (!ok)
            qCWarning(lcHost).noquote() << QStringLiteral("cannot write the state journal %1: %2").arg(m_path, error);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        lock.lock();
        m_done = serial;
        m_lastWriteMs = ms;
        if (ok)
            ++m_writes;
        if (m_done == m_posted)
            CrashGuard::setJournalPending(false);
        m_written.notify_all();
    }
}

} // namespace Relive
