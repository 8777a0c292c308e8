#include "relive/livesession.h"

#include "logging.h"
#include "relive/artifactreloader.h"
#include "relive/buildrunner.h"
#include "relive/diagnosticparser.h"
#include "relive/pluginhost.h"
#include "relive/reloadtiming.h"
#include "relive/sourcewatcher.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>

namespace Relive {

LiveSession::LiveSession(PluginHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_runner(new BuildRunner(this))
    , m_watcher(new SourceWatcher(this))
    , m_reloader(new ArtifactReloader(host, this))
    , m_packageDirectory(defaultPackageDirectory())
{
    qRegisterMetaType<Relive::BuildResult>();
    connect(m_watcher, &SourceWatcher::changed, this, &LiveSession::onSourcesChanged);
    connect(m_runner, &BuildRunner::outputLine, this, &LiveSession::buildOutput);
    connect(m_runner, &BuildRunner::finished, this, &LiveSession::onBuildFinished);
}

LiveSession::~LiveSession() = default;

void LiveSession::setWorkspace(const QString &workspace)
{
    m_workspace = QFileInfo(workspace).absoluteFilePath();
    if (m_runner->buildDirectory().isEmpty())
        m_runner->setBuildDirectory(defaultBuildDirectory(m_workspace));
}

QString LiveSession::workspace() const
{
    return m_workspace;
}

void LiveSession::setBuildDirectory(const QString &buildDirectory)
{
    m_runner->setBuildDirectory(QFileInfo(buildDirectory).absoluteFilePath());
}

QString LiveSession::buildDirectory() const
{
    return m_runner->buildDirectory();
}

void LiveSession::setToolchain(const Toolchain &toolchain)
{
    m_runner->setToolchain(toolchain);
    m_toolchainSet = true;
}

Toolchain LiveSession::toolchain() const
{
    return m_runner->toolchain();
}

void LiveSession::setPackageDirectory(const QString &directory)
{
    m_packageDirectory = directory;
}

BuildRunner *LiveSession::buildRunner() const
{
    return m_runner;
}

SourceWatcher *LiveSession::sourceWatcher() const
{
    return m_watcher;
}

PluginHost *LiveSession::host() const
{
    return m_host;
}

bool LiveSession::isBuilding() const
{
    return m_runner->isRunning();
}

QList<Diagnostic> LiveSession::lastDiagnostics() const
{
    return m_diagnostics;
}

QString LiveSession::errorString() const
{
    return m_error;
}

QString LiveSession::defaultBuildDirectory(const QString &workspace)
{
    const QString absolute = QFileInfo(workspace).absoluteFilePath();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(QFile::encodeName(absolute), QCryptographicHash::Sha1).toHex().left(10));
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    // The name only helps a person find the folder (the hash makes it unique): plain characters,
    // since CMake cannot configure in a folder whose path has a '"' in it.
    QString name = QFileInfo(absolute).fileName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.+-]")), QStringLiteral("_"));
    return QStringLiteral("%1/relive/builds/%2-%3").arg(cache, name, hash);
}

QString LiveSession::defaultPackageDirectory()
{
    const QString fromEnvironment = QFile::decodeName(qgetenv("RELIVE_DIR"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // A build tree's package only exists while that build does; an install outlives it.
    for (const QString &candidate : {QStringLiteral(RELIVE_BUILD_PACKAGE_DIR), QStringLiteral(RELIVE_INSTALL_PACKAGE_DIR)}) {
        if (QFileInfo::exists(candidate + QStringLiteral("/ReliveConfig.cmake")))
            return candidate;
    }
    return QString();
}

bool LiveSession::start()
{
    if (!QFileInfo::exists(m_workspace + QStringLiteral("/CMakeLists.txt"))) {
        m_error = QStringLiteral("%1 is not a plugin workspace: it has no CMakeLists.txt").arg(m_workspace);
        return false;
    }
    if (m_packageDirectory.isEmpty()) {
        m_error = QStringLiteral("the Relive CMake package was not found: set RELIVE_DIR to the folder of ReliveConfig.cmake");
        return false;
    }
    if (!m_toolchainSet)
        m_runner->setToolchain(Toolchain::detect());
    m_runner->setSourceDirectory(m_workspace);
    m_runner->setConfigureArguments({QStringLiteral("-DRelive_DIR=%1").arg(m_packageDirectory),
                                     QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(QT_VERSION_MAJOR)});
    m_watcher->setExcludedDirectories({m_runner->buildDirectory()});
    m_watcher->setRoot(m_workspace);
    rebuild();
    return true;
}

void LiveSession::rebuild()
{
    ++m_changeSerial;
    m_sinceChange.start();
    startBuild();
}

void LiveSession::cancelBuild()
{
    m_runner->cancel();
}

void LiveSession::setBuildOnChange(bool enabled)
{
    m_buildOnChange = enabled;
}

bool LiveSession::buildsOnChange() const
{
    return m_buildOnChange;
}

void LiveSession::onSourcesChanged(const QStringList &files)
{
    Q_UNUSED(files)
    if (!m_buildOnChange)
        return; // the next rebuild() sees the change: the build folder tracks what changed
    ++m_changeSerial;
    if (!m_runner->isRunning() || !m_sinceChange.isValid())
        m_sinceChange.start();
    startBuild(); // cancels a running build: its result would be stale
}

void LiveSession::startBuild()
{
    m_buildingSerial = m_changeSerial;
    HostEvent event;
    event.type = HostEvent::Type::BuildStarted;
    event.extra.insert(QStringLiteral("toolchain"), m_runner->toolchain().describe());
    event.extra.insert(QStringLiteral("configure"), m_runner->needsConfigure());
    Q_EMIT sessionEvent(event);
    m_runner->start();
}

// clangd and other editors look for compile_commands.json in the workspace root; the build
// folder is elsewhere. A link there, never over a file of the user's own.
void LiveSession::linkCompileCommands()
{
    const QString target = m_runner->buildDirectory() + QStringLiteral("/compile_commands.json");
    const QString link = m_workspace + QStringLiteral("/compile_commands.json");
    const QFileInfo existing(link);
    if (!QFileInfo::exists(target) || (existing.exists() && !existing.isSymLink()) || existing.symLinkTarget() == target)
        return;
    if (existing.isSymLink())
        QFile::remove(link);
    if (!QFile::link(target, link))
        qCWarning(lcSession) << "cannot link" << link << "to" << target;
}

void LiveSession::onBuildFinished(const BuildResult &result)
{
    // Cancelled, or a newer save came in while it ran: its artifacts are stale. The build for
    // the newer save is already running and will publish.
    if (result.cancelled || m_buildingSerial != m_changeSerial) {
        Q_EMIT buildFinished(result);
        return;
    }

    DiagnosticParser parser(m_runner->buildDirectory());
    for (const QString &line : result.output)
        parser.addLine(line);
    m_diagnostics = parser.diagnostics();
    Q_EMIT buildFinished(result);
    QJsonArray diagnostics;
    for (const Diagnostic &diagnostic : m_diagnostics)
        diagnostics.append(diagnostic.toJson());

    HostEvent event;
    event.type = result.ok ? HostEvent::Type::BuildFinished : HostEvent::Type::BuildFailed;
    event.timing.buildMs = result.totalMs;
    event.diagnostics = diagnostics;
    event.error = result.ok ? QString() : result.errorString;
    Q_EMIT sessionEvent(event);
    linkCompileCommands();
    if (!result.ok)
        return; // every live generation stays

    ReloadTiming before;
    before.buildMs = result.totalMs;
    const QFileInfoList artifacts = QDir(m_runner->buildDirectory() + QStringLiteral("/plugins"))
                                        .entryInfoList({QStringLiteral("*.so")}, QDir::Files, QDir::Name);
    for (const QFileInfo &artifact : artifacts) {
        before.totalMs = elapsedMs(m_sinceChange);
        m_reloader->updateInBackground(artifact.absoluteFilePath(), before);
    }
    m_sinceChange.invalidate();
}

} // namespace Relive
