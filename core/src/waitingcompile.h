#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

namespace Relive {

class NiceProcess;

/*!
 * The next candidate's compile, started before its text exists. Its main file includes a link
 * to /dev/stdin, so the compiler starts, loads the precompiled header, then waits on its stdin
 * for the text: its start (~80 ms for clang: LLVM's static initializers, the driver's search
 * for GCC) and the header's load (~20-40 ms) are off the save's path. It reads nothing of the
 * workspace before the text comes; the precompiled header it read may have changed since
 * (CandidateInputs::record() checks it against the process's start time).
 */
class WaitingCompile
{
public:
    WaitingCompile() = default;
    WaitingCompile(const WaitingCompile &) = delete;
    WaitingCompile &operator=(const WaitingCompile &) = delete;
    ~WaitingCompile();

    /*! Starts \a arguments in \a directory at niceness 0, owned by \a parent; drops the one before. */
    void start(const QStringList &arguments, const QString &directory, QObject *parent);
    /*!
     * The waiting compiler if it was started as \a arguments in \a directory and still runs,
     * with its start time in \a startedAt; else nullptr. Drops it either way.
     */
    NiceProcess *take(const QStringList &arguments, const QString &directory, QDateTime *startedAt);
    void drop();

private:
    QPointer<NiceProcess> m_process;
    QStringList m_arguments;
    QString m_directory;
    QDateTime m_startedAt;
};

} // namespace Relive
