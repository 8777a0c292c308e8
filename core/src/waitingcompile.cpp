#include "waitingcompile.h"

#include "niceprocess.h"

namespace Relive {

WaitingCompile::~WaitingCompile()
{
    drop();
}

void WaitingCompile::start(const QStringList &arguments, const QString &directory, QObject *parent)
{
    if (m_process && m_process->state() != QProcess::NotRunning && m_arguments == arguments && m_directory == directory)
        return;
    drop();
    m_process = new NiceProcess(0, parent); // 0: a save may take it; a typing candidate lowers it
    m_process->setWorkingDirectory(directory);
    m_startedAt = QDateTime::currentDateTime();
    m_process->start(arguments.constFirst(), arguments.mid(1));
    m_arguments = arguments;
    m_directory = directory;
}

NiceProcess *WaitingCompile::take(const QStringList &arguments, const QString &directory, QDateTime *startedAt)
{
    NiceProcess *process = m_process;
    // Starting fits too: a save right after the start, before the event loop saw it run.
    const bool fits = process && process->state() != QProcess::NotRunning && m_arguments == arguments && m_directory == directory;
    if (!fits) {
        drop();
        return nullptr;
    }
    m_process = nullptr;
    m_arguments.clear();
    *startedAt = m_startedAt;
    return process;
}

void WaitingCompile::drop()
{
    if (m_process)
        m_process->killGroupLater();
    m_process = nullptr;
    m_arguments.clear();
}

} // namespace Relive
