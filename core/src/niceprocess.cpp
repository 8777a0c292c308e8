#include "niceprocess.h"

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

namespace Relive {

NiceProcess::NiceProcess(int niceness, QObject *parent)
    : QProcess(parent)
    , m_niceness(niceness)
{
    setProcessChannelMode(QProcess::MergedChannels);
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    setChildProcessModifier([niceness] { prepareChild(niceness); });
#endif
}

NiceProcess::~NiceProcess()
{
    killGroup();
}

void NiceProcess::killGroup()
{
    if (state() == QProcess::NotRunning)
        return;
    signalGroup();
    waitForFinished(1000);
}

void NiceProcess::killGroupLater()
{
    if (state() == QProcess::NotRunning) {
        deleteLater();
        return;
    }
    signalGroup();
    connect(this, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this, &QObject::deleteLater);
}

void NiceProcess::lowerPriority(int niceness)
{
    if (niceness <= m_niceness || processId() <= 0)
        return;
    m_niceness = niceness;
    ::setpriority(PRIO_PGRP, id_t(processId()), niceness);
}

#if QT_VERSION < QT_VERSION_CHECK(6, 0, 0)
void NiceProcess::setupChildProcess()
{
    prepareChild(m_niceness);
}
#endif

// Its group, and itself in case it has not reached setpgid() yet. Never pid 0: our own group.
void NiceProcess::signalGroup()
{
    if (processId() > 0)
        ::kill(pid_t(-processId()), SIGKILL);
    kill();
}

void NiceProcess::prepareChild(int niceness)
{
    ::setpgid(0, 0);
    if (niceness > 0)
        ::setpriority(PRIO_PROCESS, 0, niceness);
}

} // namespace Relive
