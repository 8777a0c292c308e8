#include "mainwindow.h"

#include "attach/attachdialog.h"
#include "build/buildconsole.h"
#include "build/compilerlaunchermenu.h"
#include "build/typingbuild.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "editor/syntaxhighlighting.h"
#include "help/readmeview.h"
#include "help/shortcutlistdialog.h"
#include "pluginviews/liveview.h"
#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginlistview.h"
#include "pluginviews/turnaroundlabel.h"
#include "recovery/bufferrecovery.h"
#include "recovery/crashsession.h"
#include "recovery/sessionstore.h"
#include "settings/appsettings.h"
#include "settings/preferencesdialog.h"
#include "workspace/pluginsources.h"
#include "workspace/newplugindialog.h"
#include "workspace/plugintemplate.h"
#include "workspace/projectview.h"
#include "workspace/recentworkspaces.h"
#include "workspace/recentworkspacesmenu.h"
#include "workspace/workspacecontroller.h"
#include "workspace/workspacelogging.h"
#include "workspace/workspacetrustdialog.h"

#include "relive/agentlink.h"
#include "relive/hostevent.h"
#include "relive/livestate.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QSignalBlocker>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QShowEvent>
#include <QtGui/QFontDatabase>
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

// The kinds of failure no reload in place gets past (offerRestartIfNeeded()).
bool needsRestart(Relive::FailureKind failure)
{
    using Relive::FailureKind;
    switch (failure) {
    case FailureKind::Pinned:
    case FailureKind::StaleLibrary:
    case FailureKind::WrongInterface:
    case FailureKind::NotALivePlugin:
    case FailureKind::OtherQtVersion:
        return true;
    default:
        return false;
    }
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
    , m_turnaround(new TurnaroundLabel(host, this))
    , m_restartHint(new QPushButton(tr("Restart to Apply"), this))
    , m_trustHint(new QPushButton(tr("Trust and Build…"), this))
    , m_link(new Relive::AgentLink(this))
    , m_attachState(new QLabel(this))
    , m_recovery(new BufferRecovery(m_editors, RecoveryStore::defaultFolder(), this))
    , m_recentMenu(new RecentWorkspacesMenu(this))
{
    // A workspace's QtCore-only plugins (Relive::LiveState, relive_add_plugin(... NO_WIDGETS)) load
    // next to its LivePlugins; their Live View tab shows their state.
    m_host->setAlsoAcceptedIids(Relive::PluginHost::reliveIids());
    m_typing = new TypingBuild(m_editors, this);
    m_typing->setEnabled(AppSettings::buildWhileTyping());
    // Only a workspace with a session builds: one not trusted has none.
    m_typing->setCandidateSource([this]() -> Relive::CandidateBuild * {
        Relive::LiveSession *session = m_workspace->session();
        return session ? session->candidateBuild() : nullptr;
    });
    setWindowTitle(tr("Relive"));
    setCentralWidget(m_editors);
    createDocks();
    createStatusBar();
    m_workspace->setTrustQuestion([this](const QString &workspace) { return WorkspaceTrustDialog::ask(this, workspace); });
    // A workspace switch closes the old workspace's files: nothing of it is saved silently later.
    m_workspace->setCloseCheck([this](const QString &) {
        if (!m_editors->settleUnsaved(tr("Opening another workspace")))
            return false;
        saveWorkspaceSession();
        m_editors->closeAll();
        return true;
    });
    connect(m_host, &Relive::PluginHost::attemptFailed, this, [this](const QString &name, const Relive::LoadAttempt &attempt) {
        if (attempt.isReplacement()) // a first load has nothing running to restart for
            offerRestartIfNeeded({name}, attempt.failure, attempt.error);
    });
    connect(m_host, &Relive::PluginHost::generationRetired, this, [this](const Relive::ModuleRecord &record) {
        offerRestartIfNeeded({record.name}, record.failure, record.errorString);
    });
    connect(m_host, &Relive::PluginHost::statusChanged, this, &MainWindow::withdrawRestartIfSettled);
    applySettings();
    connectViews();
    connectWorkspace();
    connectAttach();
    createMenus();
    m_openFileQuestion = [this](const QString &folder) { return QFileDialog::getOpenFileName(this, tr("Open File"), folder); };
    connect(m_trustHint, &QPushButton::clicked, m_trustAction, &QAction::trigger);
    resize(1280, 800);
    restoreGeometry(AppSettings::windowGeometry());
    m_layoutRestored = restoreState(AppSettings::windowLayout());
    // Once the window is up: the dialog is modal to it.
    QTimer::singleShot(0, this, [this] { m_recovery->offerRecovery(this, m_workspace->workspace()); });
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
    applyDefaultDockSizes();
}

// The editor gets most of a new window (a saved layout replaces these): the side docks a fifth
// of a 1280-pixel width each, the bottom docks a fifth of its height.
void MainWindow::applyDefaultDockSizes()
{
    if (m_layoutRestored)
        return;
    resizeDocks({findChild<QDockWidget *>(QStringLiteral("project")), findChild<QDockWidget *>(QStringLiteral("live"))},
                {240, 320}, Qt::Horizontal);
    resizeDocks({findChild<QDockWidget *>(QStringLiteral("console"))}, {160}, Qt::Vertical);
}

// Qt 5 sizes docks only once the window is laid out: again once it is shown and laid out.
void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
    }
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
    statusBar()->addPermanentWidget(m_attachState);
    m_attachState->hide();
    m_trustHint->setToolTip(tr("This workspace was not built: building runs its CMakeLists.txt. Trust it and build "
                               "(Build → Trust and Build Workspace)."));
    connect(m_restartHint, &QPushButton::clicked, this, &MainWindow::restart);
}

void MainWindow::applySettings()
{
    m_workspace->setBuildOnSave(AppSettings::buildOnSave());
    applyProbeSetting(AppSettings::probeEnabled());
    m_workspace->setCompilerLauncher(AppSettings::compilerLauncher());
    applyEditorStyle();
    // The Build menu shows the same settings (not there yet while the window is being made).
    if (m_onSaveAction) {
        const QSignalBlocker onSave(m_onSaveAction), probe(m_probeAction);
        m_onSaveAction->setChecked(AppSettings::buildOnSave());
        m_probeAction->setChecked(AppSettings::probeEnabled());
        m_launcherMenu->setLauncher(AppSettings::compilerLauncher());
    }
}

void MainWindow::applyEditorStyle()
{
    EditorStyle style;
    style.font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (!AppSettings::editorFont().isEmpty())
        style.font.fromString(AppSettings::editorFont());
    style.tabWidth = AppSettings::editorTabWidth();
    style.indentWithSpaces = AppSettings::editorIndentWithSpaces();
    style.theme = AppSettings::editorTheme();
    m_editors->setEditorStyle(style);
}

void MainWindow::setOpenFileQuestion(std::function<QString(const QString &folder)> question)
{
    m_openFileQuestion = std::move(question);
}

PreferencesDialog *MainWindow::openPreferences()
{
    auto *dialog = new PreferencesDialog(SyntaxHighlighting::themeNames(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::applied, this, &MainWindow::applySettings);
    dialog->open();
    return dialog;
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
    connect(m_project, &ProjectView::message, this, &MainWindow::showError);
    connect(m_project, &ProjectView::fileRenamed, m_editors, &EditorArea::followRename);
    connect(m_project, &ProjectView::fileRemoved, m_editors, &EditorArea::followDelete);
    connect(m_editors, &EditorArea::saveFailed, this, [this](const QString &path, const QString &reason) {
        showError(tr("%1 was not saved: %2\nYour text is still in the editor.").arg(path, reason));
    });
    connect(m_editors, &EditorArea::fileSaved, this, [this](const QString &path) {
        if (Relive::LiveSession *session = m_workspace->session())
            session->swapCandidateFor({path});
    });
    connect(m_console, &BuildConsole::locationActivated, m_editors, &EditorArea::openLocation);
    connect(m_console, &BuildConsole::cancelRequested, m_workspace, &WorkspaceController::cancelBuild);
    connect(m_plugins, &PluginListView::openSourceRequested, this, &MainWindow::openPluginSource);
    connect(m_plugins, &PluginListView::pluginSelected, m_live, &LiveView::showPlugin);
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
        offerRestartIfNeeded(event.plugins, event.failure, event.error);
    });
    connect(m_workspace, &WorkspaceController::stateNotRestored, this, [this](const QString &plugin, const QString &error) {
        showError(tr("The state of %1 from before the restart was not restored: %2").arg(plugin, error));
    });
    connect(m_workspace, &WorkspaceController::workspaceOpened, this, &MainWindow::showWorkspace);
}

// Attached to another app: its agent's replies in the console, the Plugins table, the status bar.
void MainWindow::connectAttach()
{
    m_link->setListAfterReload(true); // the Plugins table follows each reload
    connect(m_workspace, &WorkspaceController::workspaceOpened, this, [this] { m_link->setSession(m_workspace->session()); });
    connect(m_link, &Relive::AgentLink::attached, this, [this] {
        const QString line = tr("attached to %1: the workspace's builds reload there").arg(m_link->describe());
        m_attachState->setText(tr("attached to %1").arg(m_link->describe()));
        m_attachState->show();
        m_console->appendOutput(line);
        m_detachAction->setEnabled(true);
        m_workspace->build(); // the workspace's plugins replace the app's own, as after a save
    });
    connect(m_link, &Relive::AgentLink::attachFailed, this, [this](const QString &error) {
        showError(tr("Could not attach: %1").arg(error));
    });
    connect(m_link, &Relive::AgentLink::hostEvent, this, &MainWindow::showRemoteEvent);
    connect(m_link, &Relive::AgentLink::requestFailed, this, [this](const QString &path, const QString &error) {
        m_console->reportRefusal(tr("%1 in %2").arg(QFileInfo(path).fileName(), m_link->describe()), 0, error);
        m_buildState->setText(m_console->lastSummary());
    });
    connect(m_link, &Relive::AgentLink::listed, this, [this](const QJsonObject &reply) {
        m_plugins->model()->setRemoteModules(m_link->describe(), reply.value(QStringLiteral("plugins")).toArray());
    });
    connect(m_link, &Relive::AgentLink::detached, this, &MainWindow::showDetached);
}

void MainWindow::showRemoteEvent(const HostEvent &event)
{
    const QString where = m_link->describe();
    switch (event.type) {
    case HostEvent::Type::Loaded:
    case HostEvent::Type::Reloaded:
        m_console->appendOutput(tr("%1: %2 generation %3 is live (%4 ms after the save)")
                                    .arg(where, event.plugin).arg(event.generation).arg(event.timing.totalMs, 0, 'f', 1));
        break;
    case HostEvent::Type::LoadFailed:
    case HostEvent::Type::ReloadFailed:
        m_console->reportRefusal(tr("%1 in %2").arg(event.plugin, where), event.generation, event.error);
        m_buildState->setText(m_console->lastSummary());
        break;
    case HostEvent::Type::Stale:
        m_console->reportStale(event.plugins, tr("in %1: %2").arg(where, event.error));
        break;
    default:
        m_console->appendOutput(tr("%1: %2 %3 generation %4 %5").arg(where, HostEvent::typeName(event.type), event.plugin)
                                    .arg(event.generation).arg(event.error));
        break;
    }
}

// However the link ended, the builds are this window's again: a build reloads what changed here.
void MainWindow::showDetached(const QString &reason)
{
    m_attachState->setText(tr("detached: %1").arg(reason));
    m_attachState->show();
    m_detachAction->setEnabled(false);
    m_plugins->model()->setRemoteGone(reason);
    showError(tr("Detached: %1. The workspace's builds reload in Relive again.").arg(reason));
    m_workspace->build();
}

void MainWindow::attachTo(const Relive::AgentEntry &agent)
{
    m_link->setSession(m_workspace->session());
    m_attachState->setText(tr("attaching to %1 (pid %2)…").arg(agent.app).arg(agent.pid));
    m_attachState->show();
    m_link->attach(agent);
}

void MainWindow::detachFromApp()
{
    m_link->detach();
}

void MainWindow::askAttach()
{
    auto *dialog = new AttachDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { attachTo(dialog->selectedAgent()); });
    dialog->open();
}

void MainWindow::showWorkspace(const QString &path)
{
    setWindowTitle(tr("%1 — Relive").arg(QFileInfo(path).fileName()));
    m_project->setRoot(path);
    m_restartFor.clear();
    m_restartHint->hide(); // it was about the old workspace's plugins
    RecentWorkspaces::add(path);
    m_recentMenu->refresh();
    updateTrustHint();
    qCInfo(lcWorkspace).noquote() << "opened workspace" << path; // last: recorded as the last one used
}

bool MainWindow::openWorkspace(const QString &workspace)
{
    if (m_workspace->open(workspace)) {
        if (!m_restoringSession && m_editors->editors().isEmpty())
            restoreWorkspaceSession();
        return true;
    }
    if (!m_workspace->errorString().isEmpty()) // else the user cancelled
        showError(m_workspace->errorString());
    return false;
}

bool MainWindow::createPlugin(const QString &name)
{
    return createPlugin(PluginTemplate::Options{name, QString(), QString(), QString()});
}

bool MainWindow::createPlugin(const PluginTemplate::Options &options)
{
    QString error;
    if (!addPlugin(options, &error)) {
        showError(error);
        return false;
    }
    return true;
}

// Creates the plugin, opens its source and builds it; false with \a error.
bool MainWindow::addPlugin(const PluginTemplate::Options &options, QString *error)
{
    if (m_workspace->workspace().isEmpty()) {
        *error = tr("Open a workspace first: a new plugin is added to it.");
        return false;
    }
    PluginTemplate plugin(m_workspace->workspace());
    if (!plugin.create(options)) {
        *error = plugin.errorString();
        return false;
    }
    m_editors->openFile(plugin.sourcePath());
    m_newPlugin = options.name; // its row and Live View tab come to the front once it is live
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
    QAction *openFile = file->addAction(tr("Open &File…"), this, [this] {
        const QString path = m_openFileQuestion(m_workspace->workspace());
        if (!path.isEmpty() && !m_editors->openFile(path))
            showError(m_editors->errorString());
    });
    openFile->setShortcut(QKeySequence::Open);
    file->addSeparator();
    file->addAction(tr("&Attach to Running App…"), this, &MainWindow::askAttach);
    m_detachAction = file->addAction(tr("&Detach"), this, &MainWindow::detachFromApp);
    m_detachAction->setEnabled(false);
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
    // The editor handles these keys itself; the menu's entries act on the current editor.
    const auto editorAction = [this, edit](const QString &text, QKeySequence::StandardKey key, void (CodeEditor::*slot)()) {
        QAction *action = edit->addAction(text, this, [this, slot] {
            if (CodeEditor *editor = m_editors->currentEditor())
                (editor->*slot)();
        });
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
    };
    editorAction(tr("&Undo"), QKeySequence::Undo, &CodeEditor::undo);
    editorAction(tr("&Redo"), QKeySequence::Redo, &CodeEditor::redo);
    edit->addSeparator();
    editorAction(tr("Cu&t"), QKeySequence::Cut, &CodeEditor::cut);
    editorAction(tr("&Copy"), QKeySequence::Copy, &CodeEditor::copy);
    editorAction(tr("&Paste"), QKeySequence::Paste, &CodeEditor::paste);
    editorAction(tr("Select &All"), QKeySequence::SelectAll, &CodeEditor::selectAll);
    edit->addSeparator();
    QAction *preferences = edit->addAction(tr("&Preferences…"), this, &MainWindow::openPreferences);
    // Ctrl+, as in Qt Creator and VS Code, and the platform's own key where it has one.
    QList<QKeySequence> preferenceKeys{QKeySequence(Qt::CTRL | Qt::Key_Comma)};
    if (!QKeySequence(QKeySequence::Preferences).isEmpty() && QKeySequence(QKeySequence::Preferences) != preferenceKeys.first())
        preferenceKeys.prepend(QKeySequence(QKeySequence::Preferences));
    preferences->setShortcuts(preferenceKeys);
    preferences->setMenuRole(QAction::PreferencesRole);
    edit->addSeparator();
    using Command = EditorArea::Command;
    for (Command command : {Command::Find, Command::Replace, Command::FindNext, Command::FindPrevious, Command::GoToLine,
                            Command::NextDiagnostic, Command::PreviousDiagnostic, Command::SwitchHeaderSource,
                            Command::ZoomIn, Command::ZoomOut}) {
        edit->addAction(windowWide(m_editors->action(command)));
    }
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
    QAction *onSave = m_onSaveAction = build->addAction(tr("Reload on &Save"));
    onSave->setCheckable(true);
    onSave->setChecked(m_workspace->buildsOnSave());
    connect(onSave, &QAction::toggled, this, [this](bool enabled) {
        m_workspace->setBuildOnSave(enabled);
        AppSettings::setBuildOnSave(enabled);
    });
    QAction *whileTyping = build->addAction(tr("Build &While Typing"));
    whileTyping->setObjectName(QStringLiteral("buildWhileTypingAction"));
    whileTyping->setToolTip(tr("A pause in typing builds the unsaved text, so that saving it only swaps the new code in"));
    whileTyping->setCheckable(true);
    whileTyping->setChecked(m_typing->isEnabled());
    connect(whileTyping, &QAction::toggled, this, [this](bool enabled) {
        m_typing->setEnabled(enabled);
        AppSettings::setBuildWhileTyping(enabled);
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
    QAction *probe = m_probeAction = build->addAction(tr("&Try New Code in a Separate Process First"));
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
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    help->addSeparator();
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Slash));
    QMenu *readme = help->addMenu(tr("&README"));
    for (const QString &section : ReadmeView::sections())
        readme->addAction(section, this, [this, section] { showReadmeSection(section); });
}

ShortcutListDialog *MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutListDialog(menuBar(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

ReadmeView *MainWindow::showReadmeSection(const QString &section)
{
    auto *view = findChild<ReadmeView *>(QString(), Qt::FindDirectChildrenOnly);
    if (!view)
        view = new ReadmeView(this);
    if (!view->showSection(section))
        return nullptr;
    view->raise();
    return view;
}

void MainWindow::fitToScreen(const QRect &available)
{
    if (available.isEmpty())
        return;
    const QRect frame = frameGeometry();
    const QSize decoration = frame.size() - size(); // title bar and borders
    resize(size().boundedTo(available.size() - decoration));
    QRect placed = frameGeometry();
    placed.moveRight(qMin(placed.right(), available.right()));
    placed.moveBottom(qMin(placed.bottom(), available.bottom()));
    placed.moveLeft(qMax(placed.left(), available.left()));
    placed.moveTop(qMax(placed.top(), available.top()));
    move(placed.topLeft());
}

void MainWindow::askOpenWorkspace()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), m_workspace->workspace());
    if (!folder.isEmpty())
        openWorkspace(folder);
}

NewPluginDialog *MainWindow::askNewPlugin()
{
    if (m_workspace->workspace().isEmpty()) {
        showError(tr("Open a workspace first: a new plugin is added to it."));
        return nullptr;
    }
    auto *dialog = new NewPluginDialog(m_workspace->workspace(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCreator([this](const PluginTemplate::Options &options, QString *error) { return addPlugin(options, error); });
    dialog->open();
    return dialog;
}

void MainWindow::showPluginSwap(const HostEvent &event)
{
    if (event.plugin == m_newPlugin) {
        m_newPlugin.clear();
        m_plugins->selectPlugin(event.plugin); // and so its Live View tab
        for (QWidget *view : {static_cast<QWidget *>(m_plugins), static_cast<QWidget *>(m_live)}) {
            view->parentWidget()->show();
            view->parentWidget()->raise();
        }
    }
    // Something to look at on a first start: the first plugin's source.
    if (event.type == HostEvent::Type::Loaded && m_editors->editors().isEmpty())
        openPluginSource(event.plugin, m_host->record(event.plugin).artifactPath);
    // The status bar's turnaround (TurnaroundLabel) follows the host by itself.
}

// Some changes cannot be swapped into a running process: a generation that stays mapped
// (pinned) keeps its code, and a plugin built for another interface or Qt is refused. A restart
// that keeps the state is the way out; offer it instead of leaving the user guessing.
void MainWindow::offerRestartIfNeeded(const QStringList &plugins, Relive::FailureKind failure, const QString &error)
{
    if (!needsRestart(failure))
        return;
    m_restartHint->setToolTip(tr("%1 cannot be replaced in place: %2\nRestart Relive, keeping open files and "
                                 "plugin states.").arg(plugins.join(QStringLiteral(", ")), error));
    for (const QString &plugin : plugins) {
        if (!m_restartFor.contains(plugin))
            m_restartFor.append(plugin);
    }
    m_restartHint->show();
}

// The offer lasts while a plugin's status still calls for it: a later generation that went live
// in place (the refused change fixed), an unload or a forgotten plugin withdraws it. Stale or
// pinned code stays until a restart.
void MainWindow::withdrawRestartIfSettled(const QString &plugin)
{
    if (!m_restartFor.contains(plugin))
        return;
    const Relive::PluginStatus status = m_host->status(plugin);
    const bool refused = status.lastAttemptFailed() && status.lastAttempt.isReplacement()
                         && needsRestart(status.lastAttempt.failure);
    if (refused || status.isStale() || !status.pinnedGenerations.isEmpty())
        return;
    m_restartFor.removeAll(plugin);
    if (m_restartFor.isEmpty())
        m_restartHint->hide();
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
            {QStringLiteral("liveViewOrder"), QJsonArray::fromStringList(m_live->pluginOrder())},
            {QStringLiteral("geometry"), QString::fromLatin1(saveGeometry().toBase64())},
            {QStringLiteral("windowState"), QString::fromLatin1(saveState().toBase64())}};
}

void MainWindow::restoreSessionState(const QJsonObject &session)
{
    restoreGeometry(QByteArray::fromBase64(session.value(QStringLiteral("geometry")).toString().toLatin1()));
    m_layoutRestored |= restoreState(QByteArray::fromBase64(session.value(QStringLiteral("windowState")).toString().toLatin1()));
    m_workspace->restorePluginStatesOnLoad(session.value(QStringLiteral("plugins")).toObject().toVariantMap());
    restoreViews(session);
    const QString workspace = session.value(QStringLiteral("workspace")).toString();
    m_restoringSession = true; // the session's own files, not those of the workspace's last run
    if (!workspace.isEmpty())
        openWorkspace(workspace);
    m_restoringSession = false;
    m_editors->restoreSessionState(session.value(QStringLiteral("editors")).toObject());
}

// The views' part of a session, kept for tabs made later.
void MainWindow::restoreViews(const QJsonObject &session)
{
    QStringList order;
    for (const QJsonValue &name : session.value(QStringLiteral("liveViewOrder")).toArray())
        order.append(name.toString());
    m_live->setPluginOrder(order);
}

// A normal start (or a switch back) reopens the files the workspace had open when it was closed.
void MainWindow::restoreWorkspaceSession()
{
    QString error;
    const QJsonObject session = SessionStore::read(SessionStore::workspacePath(m_workspace->workspace()), &error);
    if (!error.isEmpty())
        showError(error);
    restoreViews(session);
    m_editors->restoreSessionState(session.value(QStringLiteral("editors")).toObject());
}

void MainWindow::saveWorkspaceSession()
{
    QString error;
    const QString workspace = m_workspace->workspace();
    if (!workspace.isEmpty()
        && !SessionStore::write(SessionStore::workspacePath(workspace), SessionStore::forNextStart(sessionState()), &error)) {
        showError(error);
    }
}

void MainWindow::showCrashRecovery(const Relive::HostEvent &crashed, const QStringList &messages)
{
    const QString who = crashed.plugin.isEmpty()
                            ? tr("Relive itself")
                            : tr("%1 generation %2").arg(crashed.plugin).arg(crashed.generation);
    const QString line = tr("Crashed: %1 (%2); the app came back").arg(who, crashed.error);
    m_console->reportCrash(line, CrashSession::crashLocation(crashed));
    for (const QString &message : messages)
        m_console->appendOutput(message);
    statusBar()->showMessage(line, 15000);
    if (crashed.plugin.isEmpty() || !m_host->isLoaded(crashed.plugin))
        return;
    const int live = m_host->record(crashed.plugin).generation;
    m_live->showCrash(crashed.plugin, live,
                      tr("Generation %1 crashed; generation %2 is live again with its last journaled state.")
                          .arg(crashed.generation).arg(live),
                      crashed.error + QLatin1Char('\n') + messages.join(QLatin1Char('\n')));
}

bool MainWindow::restart()
{
    QString error;
    const QString path = SessionStore::restartPath();
    if (!SessionStore::write(path, sessionState(), &error) || !SessionStore::relaunch(path, &error)) {
        showError(error);
        return false;
    }
    m_restarting = true; // unsaved text travels in the session: nothing to ask
    close();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_restarting && !m_editors->settleUnsaved(tr("Quitting"))) {
        event->ignore();
        return;
    }
    if (!m_restarting)
        saveWorkspaceSession();
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
TypingBuild *MainWindow::typingBuild() const { return m_typing; }
QString MainWindow::buildStateText() const { return m_buildState->text(); }
QString MainWindow::turnaroundText() const { return m_turnaround->text(); }
bool MainWindow::isRestartOffered() const { return !m_restartHint->isHidden(); }
bool MainWindow::isTrustOffered() const { return !m_trustHint->isHidden(); }
QAction *MainWindow::trustAction() const { return m_trustAction; }
Relive::AgentLink *MainWindow::agentLink() const { return m_link; }
QString MainWindow::attachStateText() const { return m_attachState->text(); }

} // namespace Relive::App
