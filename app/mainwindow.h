#pragma once

#include "workspace/plugintemplate.h"

#include "relive/failurekind.h"
#include "relive/hostevent.h"

#include <QtCore/QJsonObject>
#include <QtWidgets/QMainWindow>

#include <functional>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
QT_END_NAMESPACE

namespace Relive {
class AgentLink;
class PluginHost;
struct AgentEntry;
struct HostEvent;
} // namespace Relive

namespace Relive::App {

class BufferRecovery;
class BuildConsole;
class CompilerLauncherMenu;
class EditorArea;
class LiveView;
class NewPluginDialog;
class PreferencesDialog;
class ReadmeView;
class ShortcutListDialog;
class PluginListView;
class ProjectView;
class RecentWorkspacesMenu;
class TurnaroundLabel;
class TypingBuild;
class WorkspaceController;

/*!
 * Relive's window: the editor in the centre; project files, build console, plugin list and
 * live view in docks whose layout is kept in the settings (AppSettings). Saving a file builds
 * and reloads (unless Build → Reload on Save is off). Unsaved buffers have recovery copies,
 * offered again after a crash; a workspace never built nor trusted is asked about before its
 * build.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Relive::PluginHost *host, QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openWorkspace(const QString &workspace);
    /*! Creates, builds and loads a plugin from the template; false with a message shown. */
    bool createPlugin(const QString &name);
    bool createPlugin(const PluginTemplate::Options &options);
    /*!
     * File → New Plugin…: opens the wizard (window-modal, deleted on close) and returns it; it
     * creates the plugin on OK and stays open with the error if that fails. Null without a workspace.
     */
    NewPluginDialog *askNewPlugin();

    /*! Everything Restart carries over: workspace, editors with unsaved text, plugin states, layout. */
    QJsonObject sessionState() const;
    void restoreSessionState(const QJsonObject &session);
    /*!
     * After a crash and its re-exec: the crashed event \a crashed (CrashRecovery) as a red
     * console line linking to where it crashed, a banner in the crashed plugin's Live View tab,
     * and \a messages (what was restored, left out and why) in the console.
     */
    void showCrashRecovery(const Relive::HostEvent &crashed, const QStringList &messages);
    /*! Saves the session, starts a new process on it and closes this one. */
    bool restart();

    EditorArea *editorArea() const;
    BuildConsole *buildConsole() const;
    CompilerLauncherMenu *compilerLauncherMenu() const;
    PluginListView *pluginList() const;
    LiveView *liveView() const;
    ProjectView *projectView() const;
    WorkspaceController *workspace() const;
    BufferRecovery *recovery() const;
    TypingBuild *typingBuild() const;
    QString buildStateText() const;
    QString turnaroundText() const;
    bool isRestartOffered() const;
    /*! The open workspace was not built for want of trust: the status bar says how to trust it. */
    bool isTrustOffered() const;
    /*! Build → Trust and Build Workspace. */
    QAction *trustAction() const;

    /*!
     * File → Attach to Running App…: the open workspace's builds reload in \a agent's app
     * instead of here, and the Plugins table shows its plugins. Never waits on the app: the
     * status bar says when it is attached, or why not.
     */
    void attachTo(const Relive::AgentEntry &agent);
    /*! File → Detach: the builds come back to this window's host. */
    void detachFromApp();
    Relive::AgentLink *agentLink() const;
    /*! "attached to texttool (pid 1234)", "detached: …", empty when never attached. */
    QString attachStateText() const;

    /*!
     * Asked by File → Open File… for the file to open, starting in \a folder (the workspace);
     * empty cancels. The default is QFileDialog::getOpenFileName().
     */
    void setOpenFileQuestion(std::function<QString(const QString &folder)> question);

    /*! Edit → Preferences: opens the dialog (window-modal, deleted on close) and returns it. */
    PreferencesDialog *openPreferences();
    /*! Help → Keyboard Shortcuts: the list made from the menus' actions now. */
    ShortcutListDialog *showShortcuts();
    /*! Help → README → \a section; null if the README has no such section. */
    ReadmeView *showReadmeSection(const QString &section);
    /*!
     * Shrinks and moves the window into \a available (a screen's available geometry, in
     * device-independent pixels, so QT_SCALE_FACTOR counts), keeping its size where it fits.
     * main.cpp calls it with the window's screen before showing it.
     */
    void fitToScreen(const QRect &available);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    /*! The docks' sizes of a new window, unless a saved layout was restored. */
    void applyDefaultDockSizes();
    // The parts of the window, made and connected once, in this order.
    void createDocks();
    QDockWidget *addDock(const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area);
    void createStatusBar();
    void connectAttach();
    void showRemoteEvent(const Relive::HostEvent &event);
    void showDetached(const QString &reason);
    void applySettings();
    void applyEditorStyle();
    void connectViews();
    void connectWorkspace();
    void createMenus();
    void createFileMenu();
    void createEditMenu();
    void createBuildMenu();
    void addTrialActions(QMenu *build);
    void createViewMenu();
    void createHelpMenu();

    void showWorkspace(const QString &path);
    void askOpenWorkspace();
    bool addPlugin(const PluginTemplate::Options &options, QString *error);
    void askAttach();
    void askTrialTimeout();
    void applyProbeSetting(bool enabled);
    void showPluginSwap(const Relive::HostEvent &event);
    void offerRestartIfNeeded(const QStringList &plugins, Relive::FailureKind failure, const QString &error);
    void withdrawRestartIfSettled(const QString &plugin);
    void openPluginSource(const QString &name, const QString &artifactPath);
    void showError(const QString &message);
    void updateTrustHint();
    void restoreViews(const QJsonObject &session);
    void restoreWorkspaceSession();
    void saveWorkspaceSession();

    Relive::PluginHost *m_host;
    WorkspaceController *m_workspace;
    EditorArea *m_editors;
    ProjectView *m_project;
    BuildConsole *m_console;
    PluginListView *m_plugins;
    LiveView *m_live;
    QLabel *m_buildState;
    TurnaroundLabel *m_turnaround;
    QPushButton *m_restartHint; //!< shown when a change cannot be swapped in place
    QStringList m_restartFor;   //!< the plugins it is shown for, until their status no longer calls for it
    QPushButton *m_trustHint; //!< shown while the open workspace waits for trust
    Relive::AgentLink *m_link; //!< File → Attach: the builds go to another app while attached
    QLabel *m_attachState;
    QAction *m_detachAction = nullptr;
    QAction *m_trustAction = nullptr;
    QAction *m_onSaveAction = nullptr; //!< Build → Reload on Save, kept in step with Preferences
    QAction *m_probeAction = nullptr; //!< Build → Try New Code…, likewise
    TypingBuild *m_typing = nullptr;
    BufferRecovery *m_recovery;
    RecentWorkspacesMenu *m_recentMenu;
    CompilerLauncherMenu *m_launcherMenu = nullptr;
    bool m_restarting = false;
    bool m_restoringSession = false;
    bool m_layoutRestored = false; //!< a saved dock layout is in place: the default sizes stay off
    bool m_shownOnce = false;
    QString m_newPlugin; //!< created, not yet live: brought to the front when it is
    std::function<QString(const QString &)> m_openFileQuestion;
};

} // namespace Relive::App
