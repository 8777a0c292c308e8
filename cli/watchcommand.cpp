#include "watchcommand.h"

#include "logging.h"

#include <relive/artifactwatcher.h>
#include <relive/private/crashguard.h>
#include <relive/private/crashjournal.h>
#include <relive/private/crashrecovery.h>
#include <relive/runtimefolder.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

using Relive::HostEvent;

WatchCommand::WatchCommand(OutputFormat format, int keptGenerations, const Relive::PluginProbe::Settings &probe,
                           const CrashSettings &crash, QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_printer(format)
    , m_widgets(&m_host)
    , m_reloader(&m_host)
    , m_crash(crash)
{
    m_host.setProbeSettings(probe);
    if (keptGenerations >= 0)
        m_host.setKeptGenerations(keptGenerations);
    connect(&m_host, &Relive::PluginHost::hostEvent, this, &WatchCommand::onHostEvent);
    connect(&m_signals, &Relive::UnixSignalWatcher::terminationRequested, this, &WatchCommand::stop);
    connect(m_reloader.watcher(), &Relive::ArtifactWatcher::artifactIncomplete, this,
            [](const QString &path, const QString &reason) {
                qCInfo(lcCli).noquote() << QStringLiteral("%1: not reloading yet: %2").arg(path, reason);
            });
    connect(&m_reloader, &Relive::ArtifactReloader::artifactUnchanged, this, [](const QString &path) {
        qCInfo(lcCli).noquote() << QStringLiteral("%1: same content as the running generation; not reloading").arg(path);
    });
}

WatchCommand::~WatchCommand()
{
    Relive::CrashGuard::uninstall();
}

bool WatchCommand::startCrashRecovery(const QString &file)
{
    const QString folder = m_host.runtimeFolder().path();
    m_journal = new Relive::CrashJournal(&m_host, Relive::CrashRecovery::journalPath(folder), m_crash.journalPeriodMs, this);
    QString error;
    const QStringList arguments = QStringList(m_crash.arguments) << QStringLiteral("--restore-from") << folder;
    if (!Relive::CrashGuard::install(Relive::CrashRecovery::recordPath(folder), m_crash.program, arguments, &error))
        ConsoleOutput::reportError(QStringLiteral("a crash will end the watch: %1").arg(error));
    if (m_crash.restoreFrom.isEmpty())
        return true;
    const Relive::CrashRecovery::Outcome outcome = Relive::CrashRecovery::restore(m_crash.restoreFrom, &m_host, m_journal);
    m_printer.print(outcome.event);
    for (const QString &message : outcome.messages)
        ConsoleOutput::reportError(message);
    if (outcome.stop)
        return false;
    // The plugin is live again from its kept copy; the file still holds what crashed.
    m_reloader.adopt(file, m_host.pluginLoadedFrom(file));
    return true;
}

int WatchCommand::run(const QString &file)
{
    if (!m_host.runtimeFolder().isValid()) {
        ConsoleOutput::reportError(file, m_host.runtimeFolder().errorString());
        return 1;
    }
    if (!startCrashRecovery(file)) {
        m_host.unloadAll();
        return 1;
    }
    if (!m_crash.restoreFrom.isEmpty()) {
        note(QStringLiteral("watching %1 again after a crash (Ctrl+C to stop)").arg(QFileInfo(file).absoluteFilePath()));
        return QCoreApplication::exec();
    }
    if (!m_reloader.add(file)) {
        ConsoleOutput::reportError(file, m_host.errorString());
        return 1;
    }
    const QString name = m_reloader.pluginFor(file);
    if (!m_widgets.widget(name)) {
        m_host.unloadAll();
        return 1; // onHostEvent() said why
    }
    note(QStringLiteral("watching %1 (Ctrl+C to stop)").arg(QFileInfo(file).absoluteFilePath()));
    return QCoreApplication::exec();
}

void WatchCommand::onHostEvent(const HostEvent &event)
{
    m_printer.print(event);
    m_widgets.showFor(event);
    switch (event.type) {
    case HostEvent::Type::ReloadFailed:
        if (m_host.isLoaded(event.plugin)) {
            note(QStringLiteral("  %1 keeps running generation %2")
                     .arg(event.plugin).arg(m_host.record(event.plugin).generation));
        }
        break;
    default:
        break;
    }
}

void WatchCommand::stop(int signalNumber)
{
    qCInfo(lcCli) << "signal" << signalNumber << "received: unloading";
    m_host.unloadAll();
    QCoreApplication::exit(0);
}

void WatchCommand::note(const QString &text) const
{
    // stdout carries events only in JSON mode, so notes go there in text mode alone.
    if (m_format == OutputFormat::Text)
        ConsoleOutput::writeLine(text);
}
