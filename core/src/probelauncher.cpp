#include "relive/probelauncher.h"

#include "probeprotocol.h"

#include <QtCore/QProcess>

namespace Relive {

class ProbeLauncherPrivate
{
public:
    /*! Whether the spare is alive and was started as \a command. */
    bool hasSpareFor(const QStringList &command) const
    {
        return spare && spareCommand == command && spare->state() != QProcess::NotRunning;
    }
    void dropSpare();

    QProcess *spare = nullptr;
    QStringList spareCommand;
};

ProbeLauncher::ProbeLauncher(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ProbeLauncherPrivate>())
{
}

ProbeLauncher::~ProbeLauncher()
{
    d->dropSpare();
}

QStringList ProbeLauncher::commandLine(const PluginProbe::Settings &settings)
{
    const QString program = settings.program.isEmpty() ? PluginProbe::defaultProgram() : settings.program;
    // The file comes with the request on stdin: the same child can be started before it is known.
    return QStringList{program} << settings.arguments << ProbeProtocol::text(ProbeProtocol::serveArgument);
}

void ProbeLauncher::prepare(const PluginProbe::Settings &settings)
{
    if (!settings.enabled) {
        d->dropSpare();
        return;
    }
    const QStringList command = commandLine(settings);
    if (d->hasSpareFor(command))
        return;
    d->dropSpare();
    d->spare = spawn(settings, this);
    d->spareCommand = command;
}

QProcess *ProbeLauncher::take(const PluginProbe::Settings &settings)
{
    QProcess *process = nullptr;
    if (d->hasSpareFor(commandLine(settings))) {
        process = d->spare;
        d->spare = nullptr;
    } else {
        d->dropSpare();
        process = spawn(settings, nullptr);
    }
    process->setParent(nullptr);
    // The next spare starts once this trial has ended: its warm-up (Qt, fonts: ~100 ms of CPU)
    // beside the trial slowed the trial down ~3x on 2 cores. Queued: after the verdict is read.
    const auto next = [this, settings] { prepare(settings); };
    connect(process, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this, next, Qt::QueuedConnection);
    connect(process, &QProcess::errorOccurred, this, next, Qt::QueuedConnection);
    return process;
}

QProcess *ProbeLauncher::spawn(const PluginProbe::Settings &settings, QObject *parent)
{
    auto *process = new QProcess(parent);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A probe never opens a window.
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process->setProcessEnvironment(environment);
    const QStringList command = commandLine(settings);
    process->start(command.constFirst(), command.mid(1));
    return process;
}

void ProbeLauncherPrivate::dropSpare()
{
    if (!spare)
        return;
    // Closing its stdin ends a waiting child by itself; kill in case it is still starting.
    spare->closeWriteChannel();
    spare->kill();
    spare->waitForFinished(1000);
    delete spare;
    spare = nullptr;
    spareCommand.clear();
}

} // namespace Relive
