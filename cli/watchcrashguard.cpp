#include "watchcrashguard.h"

#include "consoleoutput.h"
#include "eventprinter.h"

#include <relive/pluginhost.h>
#include <relive/private/crashguard.h>
#include <relive/private/crashjournal.h>
#include <relive/private/crashrecovery.h>
#include <relive/runtimefolder.h>

WatchCrashGuard::WatchCrashGuard(Relive::PluginHost *host, const Settings &settings)
    : m_host(host)
    , m_settings(settings)
{
}

WatchCrashGuard::~WatchCrashGuard()
{
    Relive::CrashGuard::uninstall();
    delete m_journal;
}

bool WatchCrashGuard::start(EventPrinter *printer)
{
    const QString folder = m_host->runtimeFolder().path();
    m_journal = new Relive::CrashJournal(m_host, Relive::CrashRecovery::journalPath(folder), m_settings.journalPeriodMs);
    QString error;
    const QStringList arguments = QStringList(m_settings.arguments) << QStringLiteral("--restore-from") << folder;
    if (!Relive::CrashGuard::install(Relive::CrashRecovery::recordPath(folder), m_settings.program, arguments, &error))
        ConsoleOutput::reportError(QStringLiteral("a crash will end the watch: %1").arg(error));
    if (!isComingBack())
        return true;
    const Relive::CrashRecovery::Outcome outcome = Relive::CrashRecovery::restore(m_settings.restoreFrom, m_host, m_journal);
    printer->print(outcome.event);
    for (const QString &message : outcome.messages)
        ConsoleOutput::reportError(message);
    return !outcome.stop;
}
