#include "watchcommand.h"

#include "logging.h"

#include <relive/artifactwatcher.h>
#include <relive/livestate.h>
#include <relive/runtimefolder.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

using Relive::HostEvent;

WatchCommand::WatchCommand(OutputFormat format, int keptGenerations, const Relive::PluginProbe::Settings &probe,
                           const WatchCrashGuard::Settings &crash, QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_printer(format)
    , m_widgets(&m_host)
    , m_reloader(&m_host)
    , m_crash(&m_host, crash)
{
    m_host.setAlsoAcceptedIids(Relive::PluginHost::reliveIids()); // QtCore-only plugins too: no widget
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

WatchCommand::~WatchCommand() = default;

int WatchCommand::run(const QString &file)
{
    if (!m_host.runtimeFolder().isValid()) {
        ConsoleOutput::reportError(file, m_host.runtimeFolder().errorString());
        return 1;
    }
    if (!m_crash.start(&m_printer)) {
        m_host.unloadAll();
        return 1;
    }
    if (m_crash.isComingBack()) {
        // The plugin is live again from its kept copy; the file still holds what crashed.
        m_reloader.adopt(file, m_host.pluginLoadedFrom(file));
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
