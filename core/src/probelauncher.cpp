#include "relive/probelauncher.h"

#include <QtCore/QProcess>

namespace Relive {

ProbeLauncher::ProbeLauncher(QObject *parent)
    : QObject(parent)
{
}

ProbeLauncher::~ProbeLauncher()
{
    dropSpare();
}

QStringList ProbeLauncher::commandLine(const PluginProbe::Settings &settings)
{
    const QString program = settings.program.isEmpty() ? PluginProbe::defaultProgram() : settings.program;
    // The file comes with the request on stdin: the same child can be started before it is known.
    return QStringList{program} << settings.arguments << QStringLiteral("--serve");
}

void ProbeLauncher::prepare(const PluginProbe::Settings &settings)
{
    if (!settings.enabled) {
        dropSpare();
        return;
    }
    const QStringList command = commandLine(settings);
    if (m_spare && m_spareCommand == command && m_spare->state() != QProcess::NotRunning)
        return;
    dropSpare();
    m_spare = spawn(settings, this);
    m_spareCommand = command;
}

QProcess *ProbeLauncher::take(const PluginProbe::Settings &settings)
{
    const QStringList command = commandLine(settings);
    QProcess *process = nullptr;
    if (m_spare && m_spareCommand == command && m_spare->state() != QProcess::NotRunning) {
        process = m_spare;
        m_spare = nullptr;
    } else {
        dropSpare();
        process = spawn(settings, nullptr);
    }
    process->setParent(nullptr);
    prepare(settings);
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

void ProbeLauncher::dropSpare()
{
    if (!m_spare)
        return;
    // Closing its stdin ends a waiting child by itself; kill in case it is still starting.
    m_spare->closeWriteChannel();
    m_spare->kill();
    m_spare->waitForFinished(1000);
    delete m_spare;
    m_spare = nullptr;
    m_spareCommand.clear();
}

} // namespace Relive
