#include "mainwindow.h"

#include "build/buildconsole.h"
#include "build/compilerlaunchermenu.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "pluginviews/liveview.h"
#include "pluginviews/pluginlistview.h"
#include "recovery/bufferrecovery.h"
#include "recovery/restartsession.h"
#include "settings/appsettings.h"
#include "workspace/pluginsources.h"
#include "workspace/plugintemplate.h"
#include "workspace/projectview.h"
#include "workspace/recentworkspaces.h"
#include "workspace/recentworkspacesmenu.h"
#include "workspace/workspacecontroller.h"
#include "workspace/workspacetrustdialog.h"

#include "relive/hostevent.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QFileInfo>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStatusBar>

namespace Relive::App {

using Relive::HostEvent;

namespace {
// The editor area's own actions work while the focus is in it; in the window's menus they
// work from any dock (Ctrl+S saves from the build console too).
QAction *windowWide(QAction *action)
{
    action->setShortcutContext(Qt::WindowShortcut);
    return action;
}
} // namespace

MainWindow::MainWindow(Relive::PluginHost *host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    // Before the views: a state restored after a restart must reach a plugin before its widget is made.
    , m_workspace(new WorkspaceController(host, this))
    , m_editors(new EditorArea(this))
    , m_project(new ProjectView(this))
    , m_console(new BuildConsole(this))
    , m_plugins(new PluginListView(host, this))
    , m_live(new LiveView(host, this))
    , m_buildState(new QLabel(tr("No workspace"), this))
    , m_turnaround(new QLabel(this))
    , m_restartHint(new QPushButton(tr("Restart to Apply"), this))
    , m_trustHint(new QPushButton(tr("Trust and Build…"), this))
    , m_recovery(new BufferRecovery(m_editors, RecoveryStore::defaultFolder(), this))
    , m_recentMenu(new RecentWorkspacesMenu(this))
{
    setWindowTitle(tr("Relive"));
    setCentralWidget(m_editors);
    createDocks();
    createStatusBar();
    m_workspace->setTrustQuestion([this](const QString &workspace) { return WorkspaceTrustDialog::ask(this, workspace); });
    connect(m_host, &Relive::PluginHost::attemptFailed, this, [this](const QString &name, const Relive::LoadAttempt &attempt) {
        if (attempt.isReplacement()) // a first load has nothing running to restart for
            offerRestartIfNeeded(name, attempt.failure, attempt.error);
    });
    connect(m_host, &Relive::PluginHost::generationRetired, this, [this](const Relive::ModuleRecord &record) {
        offerRestartIfNeeded(record.name, record.failure, record.errorString);
    });
    applySettings();
    connectViews();
    connectWorkspace();
    createMenus();
    connect(m_trustHint, &QPushButton::clicked, m_trustAction, &QAction::trigger);
    resize(1280, 800);
    restoreGeometry(AppSettings::windowGeometry());
    restoreState(AppSettings::windowLayout());
    // Once the window is up: the dialog is modal to it.
    QTimer::singleShot(0, this, [this] { m_recovery->offerRecovery(this); });
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    setDockNestingEnabled(true);
    addDock(tr("Project"), QStringLiteral("project"), m_project, Qt::LeftDockWidgetArea);
    QDockWidget *live = addDock(tr("Live View"), QStringLiteral("live"), m_live, Qt::RightDockWidgetArea);
    QDockWidget *plugins = addDock(tr("Plugins"), QStringLiteral("plugins"), m_plugins, Qt::BottomDockWidgetArea);
    QDockWidget *console = addDock(tr("Build Console"), QStringLiteral("console"), m_console, Qt::BottomDockWidgetArea);
    tabifyDockWidget(plugins, console);
    console->raise();
    live->setMinimumWidth(260);
}

QDockWidget *MainWindow::addDock(const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // the key saveState() stores its place under
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createStatusBar()
{
    statusBar()->addWidget(m_buildState);
    statusBar()->addPermanentWidget(m_turnaround);
    statusBar()->addPermanentWidget(m_restartHint);
    m_restartHint->hide();
    statusBar()->addPermanentWidget(m_trustHint);
    m_trustHint->hide();
    m_trustHint->setToolTip(tr("This workspace was not built: building runs its CMakeLists.txt. Trust it and build "
                               "(Build → Trust and Build Workspace)."));
    connect(m_restartHint, &QPushButton::clicked, this, &MainWindow::restart);
}

void MainWindow::applySettings()
{
    m_workspace->setBuildOnSave(AppSettings::buildOnSave());
    applyProbeSetting(AppSettings::probeEnabled());
    m_workspace->setCompilerLauncher(AppSettings::compilerLauncher());
}

// A new generation is tried in a child process (relive-probe) first, unless the user turned that off.
void MainWindow::applyProbeSetting(bool enabled)
{
    Relive::PluginProbe::Settings probe;
    probe.enabled = enabled;
    probe.timeoutMs = AppSettings::probeTimeoutMs();
    probe.timeoutAdvice = QStringLiteral("raise the trial timeout (Build → Trial Timeout…, or relive-cli watch --probe-timeout)");
    m_host->setProbeSettings(probe);
}

void MainWindow::connectViews()
{
    connect(m_project, &ProjectView::fileActivated, this, [this](const QString &path) {
        if (!m_editors->openFile(path))
            showError(m_editors->errorString());
    });
    connect(m_editors, &EditorArea::saveFailed, this, [this](const QString &path, const QString &reason) {
        showError(tr("%1 was not saved: %2\nYour text is still in the editor.").arg(path, reason));
    });
    connect(m_console, &BuildConsole::locationActivated, m_editors, &EditorArea::openLocation);
    connect(m_console, &BuildConsole::cancelRequested, m_workspace, &WorkspaceController::cancelBuild);
    connect(m_plugins, &PluginListView::openSourceRequested, this, &MainWindow::openPluginSource);
    connect(m_recentMenu, &RecentWorkspacesMenu::workspaceChosen, this, &MainWindow::openWorkspace);
}

void MainWindow::connectWorkspace()
{
    connect(m_workspace, &WorkspaceController::buildStarted, this, [this](const QString &toolchain) {
        m_console->buildStarted(toolchain);
        m_buildState->setText(tr("Building…"));
    });
    connect(m_workspace, &WorkspaceController::buildOutput, m_console, &BuildConsole::appendBuildOutput);
    connect(m_workspace, &WorkspaceController::buildFinished, this,
            [this](const Relive::BuildResult &result, const QList<Relive::Diagnostic> &diagnostics) {
                m_console->buildFinished(result, diagnostics);
                if (!result.cancelled)
                    m_editors->setDiagnostics(diagnostics);
                m_buildState->setText(m_console->lastSummary());
            });
    connect(m_workspace, &WorkspaceController::pluginSwapped, this, &MainWindow::showPluginSwap);
    connect(m_host, &Relive::PluginHost::hostEvent, this, [this](const HostEvent &event) {
        if (event.type != HostEvent::Type::ReloadFailed && event.type != HostEvent::Type::LoadFailed)
            return;
        m_console->reportRefusal(event.plugin, event.generation, event.error);
        m_buildState->setText(m_console->lastSummary());
    });
    connect(m_workspace, &WorkspaceController::staleCode, this, [this](const HostEvent &event) {
        m_console->reportStale(event.plugins, event.error);
        m_buildState->setText(m_console->lastSummary());
        m_plugins->refresh(); // the rows' state: their status now says stale
        offerRestartIfNeeded(event.plugins.join(QStringLiteral(", ")), event.failure, event.error);
    });
    connect(m_workspace, &WorkspaceController::stateNotRestored, this, [this](const QString &plugin, const QString &error) {
        showError(tr("The state of %1 from before the restart was not restored: %2").arg(plugin, error));
    });
    connect(m_workspace, &WorkspaceController::workspaceOpened, this, &MainWindow::showWorkspace);
}

void MainWindow::showWorkspace(const QString &path)
{
    setWindowTitle(tr("%1 — Relive").arg(QFileInfo(path).fileName()));
    m_project->setRoot(path);
    RecentWorkspaces::add(path);
    m_recentMenu->refresh();
    updateTrustHint();
}

bool MainWindow::openWorkspace(const QString &workspace)
{
    if (m_workspace->open(workspace))
        return true;
    showError(m_workspace->errorString());
    return false;
}

bool MainWindow::createPlugin(const QString &name)
{
    if (m_workspace->workspace().isEmpty()) {
        showError(tr("Open a workspace first: a new plugin is added to it."));
        return false;
    }
    PluginTemplate plugin(m_workspace->workspace());
    if (!plugin.create(name)) {
        showError(plugin.errorString());
        return false;
    }
    m_editors->openFile(plugin.sourcePath());
    m_workspace->build(); // the workspace's CMakeLists.txt changed: the build reconfigures by itself
    return true;
}

void MainWindow::createMenus()
{
    createFileMenu();
    createEditMenu();
    createBuildMenu();
    createViewMenu();
    createHelpMenu();
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newPlugin = file->addAction(tr("&New Plugin…"), this, &MainWindow::askNewPlugin);
    newPlugin->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    QAction *open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::askOpenWorkspace);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addMenu(m_recentMenu);
    file->addSeparator();
    file->addAction(windowWide(m_editors->action(EditorArea::Command::Save)));
    file->addAction(windowWide(m_editors->action(EditorArea::Command::SaveAll)));
    file->addAction(windowWide(m_editors->action(EditorArea::Command::CloseFile)));
    file->addSeparator();
    file->addAction(tr("&Restart, Keeping State"), this, &MainWindow::restart);
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = edit->addAction(tr("&Undo"), this, [this] {
        if (CodeEditor *editor = m_editors->currentEditor())
            editor->undo();
    });
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetShortcut); // the editor handles its own; this is for the menu
    QAction *redo = edit->addAction(tr("&Redo"), this, [this] {
        if (CodeEditor *editor = m_editors->currentEditor())
            editor->redo();
    });
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetShortcut);
    edit->addSeparator();
    edit->addAction(windowWide(m_editors->action(EditorArea::Command::Find)));
    edit->addAction(windowWide(m_editors->action(EditorArea::Command::GoToLine)));
    edit->addAction(windowWide(m_editors->action(EditorArea::Command::SwitchHeaderSource)));
}

void MainWindow::createBuildMenu()
{
    QMenu *build = menuBar()->addMenu(tr("&Build"));
    QAction *buildNow = build->addAction(tr("&Build and Reload"), m_workspace, &WorkspaceController::build);
    buildNow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    build->addAction(m_console->cancelAction());
    m_trustAction = build->addAction(tr("&Trust and Build Workspace"), this, [this] {
        if (!m_workspace->trustAndBuild() && !m_workspace->errorString().isEmpty())
            showError(m_workspace->errorString());
    });
    m_trustAction->setEnabled(false);
    QAction *onSave = build->addAction(tr("Reload on &Save"));
    onSave->setCheckable(true);
    onSave->setChecked(m_workspace->buildsOnSave());
    connect(onSave, &QAction::toggled, this, [this](bool enabled) {
        m_workspace->setBuildOnSave(enabled);
        AppSettings::setBuildOnSave(enabled);
    });
    addTrialActions(build);
    m_launcherMenu = new CompilerLauncherMenu(this);
    m_launcherMenu->setLauncher(m_workspace->compilerLauncher());
    build->addMenu(m_launcherMenu);
    connect(m_launcherMenu, &CompilerLauncherMenu::launcherChosen, this, [this](const QString &setting) {
        AppSettings::setCompilerLauncher(setting);
        m_workspace->setCompilerLauncher(setting);
    });
}

// The trial run of a new generation in a child process (the probe): on or off, and its timeout.
void MainWindow::addTrialActions(QMenu *build)
{
    QAction *probe = build->addAction(tr("&Try New Code in a Separate Process First"));
    probe->setObjectName(QStringLiteral("probeAction"));
    probe->setToolTip(tr("A crash, exit() or hang of a new generation then costs only the trial process; "
                         "off saves about a tenth of a second per reload"));
    probe->setCheckable(true);
    probe->setChecked(m_host->probeSettings().enabled);
    connect(probe, &QAction::toggled, this, [this](bool enabled) {
        applyProbeSetting(enabled);
        AppSettings::setProbeEnabled(enabled);
    });
    build->addAction(tr("Trial &Timeout…"), this, &MainWindow::askTrialTimeout);
}

void MainWindow::askTrialTimeout()
{
    bool ok = false;
    const int seconds = QInputDialog::getInt(this, tr("Trial Timeout"),
                                             tr("Seconds a new generation's trial may take before it counts as hung:"),
                                             m_host->probeSettings().timeoutMs / 1000, 1, 600, 1, &ok);
    if (!ok)
        return;
    AppSettings::setProbeTimeoutSeconds(seconds);
    applyProbeSetting(m_host->probeSettings().enabled);
}

void MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Relive"), this, [this] {
        QMessageBox::about(this, tr("About Relive"),
                           tr("<b>Relive %1</b><p>Edit, build and live-reload Qt plugins.</p><p>Qt %2</p>")
                               .arg(QApplication::applicationVersion(), QLatin1String(qVersion())));
    });
}

void MainWindow::askOpenWorkspace()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), m_workspace->workspace());
    if (!folder.isEmpty())
        openWorkspace(folder);
}

void MainWindow::askNewPlugin()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Plugin"),
                                               tr("Name (lower case, e.g. \"clock\"); it names the folder and the target:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok)
        createPlugin(name.trimmed());
}

void MainWindow::showPluginSwap(const HostEvent &event)
{
    // Something to look at on a first start: the first plugin's source.
    if (event.type == HostEvent::Type::Loaded && m_editors->editors().isEmpty())
        openPluginSource(event.plugin, m_host->record(event.plugin).artifactPath);
    const Relive::ReloadTiming &t = event.timing;
    const QString probe = t.probeMs >= 0 ? tr(", trial %1").arg(t.probeMs, 0, 'f', 0) : QString();
    m_turnaround->setText(tr("%1 g%2 live in %3 ms (build %4%5, stage %6, load %7, restore %8)")
                              .arg(event.plugin)
                              .arg(event.generation)
                              .arg(t.totalMs, 0, 'f', 0)
                              .arg(t.buildMs, 0, 'f', 0)
                              .arg(probe)
                              .arg(t.stageMs, 0, 'f', 1)
                              .arg(t.loadMs, 0, 'f', 1)
                              .arg(t.restoreMs, 0, 'f', 1));
}

// Some changes cannot be swapped into a running process: a generation that stays mapped
// (pinned) keeps its code, and a plugin built for another interface or Qt is refused. A restart
// that keeps the state is the way out; offer it instead of leaving the user guessing.
void MainWindow::offerRestartIfNeeded(const QString &plugin, Relive::FailureKind failure, const QString &error)
{
    using Relive::FailureKind;
    switch (failure) {
    case FailureKind::Pinned:
    case FailureKind::StaleLibrary:
    case FailureKind::WrongInterface:
    case FailureKind::NotALivePlugin:
    case FailureKind::OtherQtVersion:
        break;
    default:
        return;
    }
    m_restartHint->setToolTip(tr("%1 cannot be replaced in place: %2\nRestart Relive, keeping open files and "
                                 "plugin states.").arg(plugin, error));
    m_restartHint->show();
}

void MainWindow::openPluginSource(const QString &name, const QString &artifactPath)
{
    const QStringList sources = PluginSources::of(m_workspace->buildDirectory(), artifactPath);
    if (sources.isEmpty()) {
        showError(tr("The sources of %1 are not known: build the workspace first (they are read from its "
                     "compile_commands.json).").arg(name));
        return;
    }
    m_editors->openFile(sources.constFirst());
}

void MainWindow::updateTrustHint()
{
    const bool waiting = m_workspace->isAwaitingTrust();
    m_trustHint->setVisible(waiting);
    m_trustAction->setEnabled(waiting);
    if (waiting)
        m_buildState->setText(tr("Not built: this workspace is not trusted yet (Build → Trust and Build Workspace)"));
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 15000);
    m_console->appendOutput(message);
}

QJsonObject MainWindow::sessionState() const
{
    return {{QStringLiteral("version"), 1},
            {QStringLiteral("workspace"), m_workspace->workspace()},
            {QStringLiteral("editors"), m_editors->sessionState()},
            {QStringLiteral("plugins"), QJsonObject::fromVariantMap(m_workspace->pluginStates())},
            {QStringLiteral("geometry"), QString::fromLatin1(saveGeometry().toBase64())},
            {QStringLiteral("windowState"), QString::fromLatin1(saveState().toBase64())}};
}

void MainWindow::restoreSessionState(const QJsonObject &session)
{
    restoreGeometry(QByteArray::fromBase64(session.value(QStringLiteral("geometry")).toString().toLatin1()));
    restoreState(QByteArray::fromBase64(session.value(QStringLiteral("windowState")).toString().toLatin1()));
    m_workspace->restorePluginStatesOnLoad(session.value(QStringLiteral("plugins")).toObject().toVariantMap());
    const QString workspace = session.value(QStringLiteral("workspace")).toString();
    if (!workspace.isEmpty())
        openWorkspace(workspace);
    m_editors->restoreSessionState(session.value(QStringLiteral("editors")).toObject());
}

bool MainWindow::restart()
{
    QString error;
    const QString path = RestartSession::defaultPath();
    if (!RestartSession::write(path, sessionState(), &error) || !RestartSession::relaunch(path, &error)) {
        showError(error);
        return false;
    }
    m_restarting = true; // unsaved text travels in the session: nothing to ask
    close();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_restarting && m_editors->hasModifiedEditors()) {
        const auto answer = QMessageBox::question(this, tr("Unsaved Changes"), tr("Save your changes before closing?"),
                                                  QMessageBox::SaveAll | QMessageBox::Discard | QMessageBox::Cancel,
                                                  QMessageBox::SaveAll);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::SaveAll && !m_editors->saveAll())) {
            event->ignore();
            return;
        }
    }
    AppSettings::setWindowGeometry(saveGeometry());
    AppSettings::setWindowLayout(saveState());
    event->accept();
}

EditorArea *MainWindow::editorArea() const { return m_editors; }
BuildConsole *MainWindow::buildConsole() const { return m_console; }
CompilerLauncherMenu *MainWindow::compilerLauncherMenu() const { return m_launcherMenu; }
PluginListView *MainWindow::pluginList() const { return m_plugins; }
LiveView *MainWindow::liveView() const { return m_live; }
ProjectView *MainWindow::projectView() const { return m_project; }
WorkspaceController *MainWindow::workspace() const { return m_workspace; }
BufferRecovery *MainWindow::recovery() const { return m_recovery; }
QString MainWindow::buildStateText() const { return m_buildState->text(); }
QString MainWindow::turnaroundText() const { return m_turnaround->text(); }
bool MainWindow::isRestartOffered() const { return !m_restartHint->isHidden(); }
bool MainWindow::isTrustOffered() const { return !m_trustHint->isHidden(); }
QAction *MainWindow::trustAction() const { return m_trustAction; }

} // namespace Relive::App
