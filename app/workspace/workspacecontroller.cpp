#include "workspace/workspacecontroller.h"

#include "workspace/workspacetrust.h"

#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/toolchain.h"

#include <QtCore/QDir>

namespace Relive::App {

using Relive::HostEvent;

namespace {
Relive::Toolchain toolchainWith(const QString &launcher)
{
    Relive::Toolchain::Preferences preferences;
    preferences.launcher = launcher;
    return Relive::Toolchain::detect(preferences);
}
} // namespace

WorkspaceController::WorkspaceController(Relive::PluginHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    connect(host, &Relive::PluginHost::hostEvent, this, &WorkspaceController::onHostEvent);
}

WorkspaceController::~WorkspaceController() = default;

bool WorkspaceController::open(const QString &workspace)
{
    const QString path = QDir(workspace).absolutePath();
    if (!QFileInfo::exists(path + QStringLiteral("/CMakeLists.txt"))) {
        m_error = tr("%1 is not a plugin workspace: it has no CMakeLists.txt. Open the folder of a CMake "
                     "project whose plugins use relive_add_plugin().").arg(path);
        return false;
    }
    const TrustAnswer trust = askTrust(path);
    const QString current = this->workspace();
    if (trust == TrustAnswer::Cancel
        || (!current.isEmpty() && current != path && m_closeCheck && !m_closeCheck(current))) {
        m_error.clear(); // the user's choice: nothing to report
        return false;
    }
    closeCurrent(path);
    if (trust == TrustAnswer::OpenWithoutBuilding) {
        m_untrusted = path;
        Q_EMIT workspaceOpened(path);
        return true;
    }
    if (WorkspaceTrust::needsAsking(path))
        WorkspaceTrust::trust(path);
    m_session = new Relive::LiveSession(m_host, this);
    m_session->setWorkspace(path);
    m_session->setBuildOnChange(m_buildOnSave);
    m_session->setToolchain(toolchainWith(m_launcher));
    connect(m_session, &Relive::LiveSession::sessionEvent, this, &WorkspaceController::onSessionEvent);
    connect(m_session, &Relive::LiveSession::buildOutput, this, &WorkspaceController::buildOutput);
    connect(m_session, &Relive::LiveSession::buildFinished, this, [this](const Relive::BuildResult &result) {
        // A cancelled build has no diagnostics of its own.
        Q_EMIT buildFinished(result, result.cancelled ? QList<Relive::Diagnostic>() : m_session->lastDiagnostics());
    });
    if (!m_session->start()) {
        m_error = m_session->errorString();
        delete m_session;
        return false;
    }
    Q_EMIT workspaceOpened(path);
    return true;
}

// TrustAndBuild also for a workspace that needs no asking.
TrustAnswer WorkspaceController::askTrust(const QString &workspace) const
{
    if (!WorkspaceTrust::needsAsking(workspace))
        return TrustAnswer::TrustAndBuild;
    return m_trustQuestion ? m_trustQuestion(workspace) : TrustAnswer::OpenWithoutBuilding;
}

// Nothing of the open workspace stays: its build, its plugins, their histories and states.
void WorkspaceController::closeCurrent(const QString &next)
{
    const QString current = this->workspace();
    delete m_session; // its build is cancelled; nothing it built is loaded any more
    m_untrusted.clear();
    if (current == next) {
        m_host->unloadAll(); // the same plugins come back: their history stays theirs
        return;
    }
    m_host->forgetAll();
    if (!current.isEmpty())
        m_pendingStates.clear(); // a restart's states were for the old workspace's plugins (the host forgot its own)
}

QString WorkspaceController::workspace() const
{
    return m_session ? m_session->workspace() : m_untrusted;
}

void WorkspaceController::setTrustQuestion(std::function<TrustAnswer(const QString &workspace)> question)
{
    m_trustQuestion = std::move(question);
}

void WorkspaceController::setCloseCheck(std::function<bool(const QString &workspace)> check)
{
    m_closeCheck = std::move(check);
}

bool WorkspaceController::isAwaitingTrust() const
{
    return !m_untrusted.isEmpty();
}

bool WorkspaceController::trustAndBuild()
{
    if (m_untrusted.isEmpty())
        return false;
    const QString workspace = m_untrusted; // open() clears it
    WorkspaceTrust::trust(workspace);
    return open(workspace);
}

QString WorkspaceController::buildDirectory() const
{
    return m_session ? m_session->buildDirectory() : QString();
}

QString WorkspaceController::errorString() const
{
    return m_error;
}

Relive::PluginHost *WorkspaceController::host() const
{
    return m_host;
}

Relive::LiveSession *WorkspaceController::session() const
{
    return m_session;
}

void WorkspaceController::build()
{
    if (m_session)
        m_session->rebuild();
}

void WorkspaceController::cancelBuild()
{
    if (m_session)
        m_session->cancelBuild();
}

bool WorkspaceController::isBuilding() const
{
    return m_session && m_session->isBuilding();
}

void WorkspaceController::setBuildOnSave(bool enabled)
{
    m_buildOnSave = enabled;
    if (m_session)
        m_session->setBuildOnChange(enabled);
}

bool WorkspaceController::buildsOnSave() const
{
    return m_buildOnSave;
}

void WorkspaceController::setCompilerLauncher(const QString &setting)
{
    if (setting == m_launcher)
        return;
    m_launcher = setting;
    if (!m_session)
        return;
    // The build folder's cache keeps the old launcher: BuildRunner configures afresh when the
    // toolchain changed, and the build shows the user it worked.
    m_session->setToolchain(toolchainWith(m_launcher));
    m_session->rebuild();
}

QString WorkspaceController::compilerLauncher() const
{
    return m_launcher;
}

QVariantMap WorkspaceController::pluginStates() const
{
    QVariantMap states;
    for (const QString &name : m_host->pluginNames()) {
        if (m_host->isLoaded(name))
            states.insert(name, m_host->saveState(name));
    }
    return states;
}

void WorkspaceController::restorePluginStatesOnLoad(const QVariantMap &states)
{
    m_pendingStates = states;
}

void WorkspaceController::onSessionEvent(const HostEvent &event)
{
    if (event.type == HostEvent::Type::BuildStarted)
        Q_EMIT buildStarted(event.extra.value(QStringLiteral("toolchain")).toString());
    else if (event.type == HostEvent::Type::Stale)
        Q_EMIT staleCode(event);
}

void WorkspaceController::onHostEvent(const HostEvent &event)
{
    if (event.type != HostEvent::Type::Loaded && event.type != HostEvent::Type::Reloaded)
        return;
    // A first load gets the state from before a restart, else the one it had when it was unloaded.
    const bool loaded = event.type == HostEvent::Type::Loaded;
    const QVariantMap state = !loaded                                     ? QVariantMap()
                              : m_pendingStates.contains(event.plugin) ? m_pendingStates.take(event.plugin).toMap()
                                                                         : m_host->lastState(event.plugin);
    if (!state.isEmpty()) {
        QString error;
        if (!m_host->restoreState(event.plugin, state, &error))
            Q_EMIT stateNotRestored(event.plugin, error);
    }
    Q_EMIT pluginSwapped(event);
}

} // namespace Relive::App
