#include "benchoutput.h"

#include <QtCore/QSysInfo>
#include <QtCore/QThread>

#include <cstdio>

void BenchOutput::line(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

void BenchOutput::machine()
{
    line(QStringLiteral("machine: %1, %2 cores, Qt %3")
             .arg(QSysInfo::prettyProductName())
             .arg(QThread::idealThreadCount())
             .arg(QLatin1String(qVersion())));
}
