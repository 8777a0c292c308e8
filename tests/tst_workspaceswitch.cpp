// The app kept open all day: two real workspaces whose plugins share a name ("counter"),
// switched between in the real main window; the status it shows follows what is true now.
#include "testfiles.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "editor/findbar.h"
#include "editor/gotolinebar.h"
#include "mainwindow.h"
#include "pluginviews/liveview.h"
#include "pluginviews/plugindetailsview.h"
#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginlistview.h"
#include "pluginviews/refusalbanner.h"
#include "pluginviews/stateview.h"
#include "recovery/recoverystore.h"
#include "workspace/newplugindialog.h"
#include "workspace/pluginsourcelist.h"
#include "workspace/projectview.h"
#include "workspace/recentworkspaces.h"
#include "workspace/workspacecontroller.h"
#include "workspace/workspacetrust.h"

#include "relive/livesession.h"
#include "relive/pluginhost.h"

#include <QtCore/QDirIterator>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QComboBox>
#include <QFileSystemModel> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabBar>
#include <QtWidgets/QTabWidget>
#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5

using namespace Relive::App;

namespace {

constexpr int buildTimeoutMs = 120000;
const QString Counter = QStringLiteral("counter");

void writeAll(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
}

// A workspace of its own holding the example counter, saying \a greeting instead of "Hello".
void makeWorkspace(const QString &root, const QByteArray &greeting)
{
    const QString from = QStringLiteral(RELIVE_SOURCE_DIR "/plugins/counter");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/counter")));
    for (const QString &name : QDir(from).entryList(QDir::Files)) {
        QByteArray contents = TestFiles::readFile(from + QLatin1Char('/') + name);
        contents.replace("Hello from the counter", greeting + " from the counter");
        writeAll(root + QStringLiteral("/counter/") + name, contents);
    }
    QByteArray project = TestFiles::readFile(QStringLiteral(RELIVE_SOURCE_DIR "/plugins/CMakeLists.txt"));
    project = project.left(project.indexOf("add_subdirectory(counter)")) + "add_subdirectory(counter)\n";
    writeAll(root + QStringLiteral("/CMakeLists.txt"), project);
}

QAction *menuAction(QMainWindow *window, const QString &menu, const QString &text)
{
    for (QAction *top : window->menuBar()->actions()) {
        if (top->text() != menu)
            continue;
        for (QAction *action : top->menu()->actions()) {
            if (action->text() == text)
                return action;
        }
    }
    return nullptr;
}

QLabel *labelStartingWith(QWidget *root, const QString &prefix)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().startsWith(prefix))
            return label;
    }
    return nullptr;
}

} // namespace

class tst_WorkspaceSwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensTheFirstWorkspace();
    void statusFollowsUnloadAndReloadKeepsState();
    void reloadButtonHeadlineCountsTheTrial();
    void sameBytesFixClearsTheRefusal();
    void quitListsTheUnsavedFiles();
    void trustCancelKeepsTheOpenWorkspace();
    void unsavedCancelKeepsTheOpenWorkspace();
    void switchClosesTheOldWorkspaceCompletely();
    void sameNameTabsShowTheirFolder();
    void switchingBackReopensItsFiles();
    void newPluginWizard();
    void qtCorePluginWizard();
    void editorBasics();
    void openFileFromTheMenu();
    void pluginSourceListEdits();
    void cmakeQuestionIsAddOrNotNow();
    void projectTreeEdits();
    void sessionComesBackAtTheNextStart(); // it replaces the window
    void dockLayoutComesBackAtTheNextStart(); // last: it replaces the window
    void cleanupTestCase();

private:
    /*! A new MainWindow on m_host, as main.cpp makes it, its questions answered from m_asked's answers. */
    void startWindow();
    QString counterSource(const QTemporaryDir &workspace) const;
    int generation() const;
    int count() const;

    QTemporaryDir m_first{QDir::tempPath() + QStringLiteral("/relive-first-XXXXXX")};
    QTemporaryDir m_second{QDir::tempPath() + QStringLiteral("/relive-second-XXXXXX")};
    Relive::PluginHost *m_host = nullptr;
    MainWindow *m_window = nullptr;
    // The questions asked, in order ("trust <path>", "unsaved <paths>"), and their answers.
    QStringList m_asked;
    TrustAnswer m_trustAnswer = TrustAnswer::TrustAndBuild;
    CloseAnswer m_unsavedAnswer = CloseAnswer::Cancel;
};

QString tst_WorkspaceSwitch::counterSource(const QTemporaryDir &workspace) const
{
    return workspace.filePath(QStringLiteral("counter/counterplugin.cpp"));
}

int tst_WorkspaceSwitch::generation() const
{
    return m_host->isLoaded(Counter) ? m_host->record(Counter).generation : 0;
}

int tst_WorkspaceSwitch::count() const
{
    QObject *counter = m_host->instance(Counter);
    return counter ? counter->property("count").toInt() : -1;
}

void tst_WorkspaceSwitch::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(RecoveryStore::defaultFolder()).removeRecursively();
    QVERIFY(m_first.isValid() && m_second.isValid());
    makeWorkspace(m_first.path(), "Hello");
    makeWorkspace(m_second.path(), "Bonjour");
    m_host = new Relive::PluginHost(this);
    startWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void tst_WorkspaceSwitch::startWindow()
{
    m_window = new MainWindow(m_host);
    m_window->workspace()->setTrustQuestion([this](const QString &workspace) {
        m_asked.append(QStringLiteral("trust ") + workspace);
        return m_trustAnswer;
    });
    m_window->editorArea()->setUnsavedQuestion([this](const QString &, const QStringList &paths) {
        m_asked.append(QStringLiteral("unsaved ") + paths.join(QLatin1Char(' ')));
        return m_unsavedAnswer;
    });
    m_window->show();
}

void tst_WorkspaceSwitch::opensTheFirstWorkspace()
{
    QVERIFY(m_window->openWorkspace(m_first.path()));
    QCOMPARE(m_asked, QStringList{QStringLiteral("trust ") + m_first.path()});
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter), buildTimeoutMs);
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hello from the counter")));
    QTRY_VERIFY2(m_window->turnaroundText().startsWith(QStringLiteral("counter g1 live in")), qPrintable(m_window->turnaroundText()));
}

// Unload: the status bar, the Live View and the list say so; Reload brings back the state.
void tst_WorkspaceSwitch::statusFollowsUnloadAndReloadKeepsState()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(QMetaObject::invokeMethod(m_host->instance(Counter), "increment"));
    const QString artifact = m_host->record(Counter).artifactPath;
    QVERIFY(m_host->unload(Counter));
    QVERIFY2(m_window->turnaroundText().contains(QStringLiteral("counter unloaded")), qPrintable(m_window->turnaroundText()));
    QVERIFY2(m_window->liveView()->placeholderText(Counter).contains(QStringLiteral("not loaded")),
             qPrintable(m_window->liveView()->placeholderText(Counter)));
    QCOMPARE(m_window->pluginList()->model()->status(Counter), PluginListModel::Status::Unloaded);

    // A Reload from the list: no build ran, so none is reported (it used to say "build -1").
    QVERIFY(m_host->reload(Counter, artifact));
    QCOMPARE(count(), 3);
    const QString turnaround = m_window->turnaroundText();
    QVERIFY2(turnaround.startsWith(QStringLiteral("counter g2 live in")) && !turnaround.contains(QStringLiteral("build")),
             qPrintable(turnaround));
    QVERIFY(!turnaround.contains(QStringLiteral("-1")));
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hello from the counter, now at 3")));
    QVERIFY(m_window->liveView()->placeholderText(Counter).isEmpty());
}

// "x g2 live in 204 ms (trial 200, stage 1.2, ...; build 590 done ahead, while typing)": each
// figure before the ';' is a part of the headline's, so none is larger.
static bool headlineHoldsItsParts(const QString &turnaround, QString *whyNot)
{
    static const QRegularExpression headline(QStringLiteral(" live in (\\d+) ms \\(([^;)]*)"));
    const QRegularExpressionMatch match = headline.match(turnaround);
    if (!match.hasMatch()) {
        *whyNot = QStringLiteral("no headline in \"%1\"").arg(turnaround);
        return false;
    }
    static const QRegularExpression part(QStringLiteral("(\\w+) ([\\d.]+)"));
    auto parts = part.globalMatch(match.captured(2));
    while (parts.hasNext()) {
        const QRegularExpressionMatch next = parts.next();
        if (next.captured(2).toDouble() > match.captured(1).toDouble() + 0.5) { // the headline is rounded
            *whyNot = QStringLiteral("%1 is larger than the headline in \"%2\"").arg(next.captured(1), turnaround);
            return false;
        }
    }
    return true;
}

// The Reload button: the headline is click -> live, the trial run (shown in the breakdown)
// included. It used to say "live in 2 ms (trial 204, ...)".
void tst_WorkspaceSwitch::reloadButtonHeadlineCountsTheTrial()
{
    const int live = generation();
    QVERIFY(m_window->pluginList()->selectPlugin(Counter));
    QPushButton *reload = m_window->pluginList()->details()->reloadButton();
    QVERIFY(reload->isEnabled());
    reload->click();
    QTRY_COMPARE_WITH_TIMEOUT(generation(), live + 1, buildTimeoutMs);
    const QString turnaround = m_window->turnaroundText();
    static const QRegularExpression figures(QStringLiteral("^counter g\\d+ live in (\\d+) ms \\(trial (\\d+), stage "));
    const QRegularExpressionMatch match = figures.match(turnaround);
    QVERIFY2(match.hasMatch(), qPrintable(turnaround));
    QVERIFY2(match.captured(1).toInt() >= match.captured(2).toInt(), qPrintable(turnaround));
    QVERIFY2(match.captured(2).toInt() > 0, qPrintable(turnaround)); // a real trial process ran
    QString whyNot;
    QVERIFY2(headlineHoldsItsParts(turnaround, &whyNot), qPrintable(whyNot));

    // Roll Back to the generation before, from the history: the status bar names the rollback
    // (it used to keep saying the newest generation was live).
    PluginDetailsView *details = m_window->pluginList()->details();
    QTreeWidget *history = details->historyView();
    QTreeWidgetItem *previous = nullptr;
    for (int i = 0; i < history->topLevelItemCount(); ++i) {
        if (history->topLevelItem(i)->data(0, Qt::UserRole).toInt() == live)
            previous = history->topLevelItem(i);
    }
    QVERIFY(previous);
    history->setCurrentItem(previous);
    QCOMPARE(details->selectedGeneration(), live);
    QVERIFY(details->rollbackButton()->isEnabled());
    details->rollbackButton()->click();
    QTRY_COMPARE(generation(), live + 2);
    const QString rolledBack = m_window->turnaroundText();
    QVERIFY2(rolledBack.startsWith(QStringLiteral("counter g%1 (rollback to g%2) live in ").arg(live + 2).arg(live)),
             qPrintable(rolledBack));
}

// A crashing edit is refused; putting the source back builds the live bytes again, which is
// not a new generation, but it must clear the refusal everywhere it is shown.
void tst_WorkspaceSwitch::sameBytesFixClearsTheRefusal()
{
    const int live = generation();
    CodeEditor *editor = m_window->editorArea()->openFile(counterSource(m_first));
    QVERIFY(editor);
    const QString original = editor->toPlainText();
    const QString crashing = QString(original).replace(
        QStringLiteral("return new CounterWidget(this, parent);"),
        QStringLiteral("volatile int *volatile nowhere = nullptr; *nowhere = 1; return new CounterWidget(this, parent);"));
    QVERIFY(crashing != original);
    editor->setPlainText(crashing);
    QVERIFY(m_window->editorArea()->save(editor));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->status(Counter).lastAttemptFailed(), buildTimeoutMs);
    QCOMPARE(generation(), live);
    RefusalBanner *banner = m_window->liveView()->banner(Counter);
    QVERIFY(banner && !banner->isHidden());
    QVERIFY2(banner->summary().contains(QStringLiteral("refused")), qPrintable(banner->summary()));
    // Folded to one line, whatever the reason's length: the widget below keeps its room.
    QVERIFY(!banner->isExpanded());
    QVERIFY2(banner->height() < 3 * banner->fontMetrics().height(), qPrintable(QString::number(banner->height())));
    QVERIFY(m_window->liveView()->pluginWidget(Counter)); // still shown, under it
    QCOMPARE(m_window->pluginList()->model()->status(Counter), PluginListModel::Status::LoadedLastReloadFailed);
    QVERIFY(m_window->turnaroundText().contains(QStringLiteral("refused")));

    editor->setPlainText(original);
    QVERIFY(m_window->editorArea()->save(editor));
    QTRY_VERIFY_WITH_TIMEOUT(!m_host->status(Counter).lastAttemptFailed(), buildTimeoutMs);
    QCOMPARE(generation(), live); // the same bytes: no new generation
    QVERIFY(banner->isHidden());
    QCOMPARE(m_window->pluginList()->model()->status(Counter), PluginListModel::Status::Loaded);
    QVERIFY2(!m_window->turnaroundText().contains(QStringLiteral("refused")), qPrintable(m_window->turnaroundText()));
}

// Quit names the unsaved files; Cancel keeps the window open.
void tst_WorkspaceSwitch::quitListsTheUnsavedFiles()
{
    CodeEditor *editor = m_window->editorArea()->openFile(counterSource(m_first));
    QTest::keyClicks(editor, QStringLiteral("// not saved"));
    m_asked.clear();
    m_unsavedAnswer = CloseAnswer::Cancel;
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_asked, QStringList{QStringLiteral("unsaved ") + counterSource(m_first)});
}

// The trust question comes first; its Cancel leaves everything of the open workspace as it is.
void tst_WorkspaceSwitch::trustCancelKeepsTheOpenWorkspace()
{
    const int live = generation();
    m_asked.clear();
    m_trustAnswer = TrustAnswer::Cancel;
    QVERIFY(!m_window->openWorkspace(m_second.path()));
    QCOMPARE(m_asked, QStringList{QStringLiteral("trust ") + m_second.path()}); // unsaved files not asked about
    QCOMPARE(m_window->workspace()->workspace(), m_first.path());
    QCOMPARE(generation(), live);
    QVERIFY(m_window->editorArea()->editorFor(counterSource(m_first))->document()->isModified());
    QVERIFY(WorkspaceTrust::needsAsking(m_second.path()));
}

void tst_WorkspaceSwitch::unsavedCancelKeepsTheOpenWorkspace()
{
    const int live = generation();
    m_asked.clear();
    m_trustAnswer = TrustAnswer::TrustAndBuild;
    m_unsavedAnswer = CloseAnswer::Cancel;
    QVERIFY(!m_window->openWorkspace(m_second.path()));
    QCOMPARE(m_asked, (QStringList{QStringLiteral("trust ") + m_second.path(), QStringLiteral("unsaved ") + counterSource(m_first)}));
    QCOMPARE(m_window->workspace()->workspace(), m_first.path());
    QCOMPARE(generation(), live);
    QVERIFY(m_window->editorArea()->editorFor(counterSource(m_first)));
    QVERIFY(WorkspaceTrust::needsAsking(m_second.path())); // trusted only once it is opened
}

// Nothing of the first workspace stays: its tabs, rows, files and history.
void tst_WorkspaceSwitch::switchClosesTheOldWorkspaceCompletely()
{
    const QByteArray onDisk = TestFiles::readFile(counterSource(m_first));
    QVERIFY(m_host->history(Counter).size() >= 2);
    m_unsavedAnswer = CloseAnswer::Discard;
    QVERIFY(m_window->openWorkspace(m_second.path()));
    QCOMPARE(m_window->workspace()->workspace(), m_second.path());
    QVERIFY(m_window->editorArea()->editors().isEmpty() || !m_window->editorArea()->editorFor(counterSource(m_first)));
    QCOMPARE(TestFiles::readFile(counterSource(m_first)), onDisk); // discarded, not written
    QVERIFY(!m_host->isLoaded(Counter));
    QVERIFY(m_host->history(Counter).isEmpty());
    QCOMPARE(m_window->liveView()->count(), 0);
    QCOMPARE(m_window->pluginList()->model()->rowCount(), 0);
    QVERIFY2(!m_window->turnaroundText().contains(QStringLiteral("counter")), qPrintable(m_window->turnaroundText()));

    // The second workspace's counter starts its own history, with a state of its own.
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter), buildTimeoutMs);
    QCOMPARE(generation(), 1);
    QCOMPARE(count(), 0);
    QVERIFY(m_host->record(Counter).artifactPath.startsWith(Relive::LiveSession::defaultBuildDirectory(m_second.path())));
    QCOMPARE(m_host->history(Counter).size(), 1);
    QVERIFY(!m_host->rollback(Counter, 2)); // the first workspace's generation 2 is not there to bring back
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Bonjour from the counter")));
    QCOMPARE(m_window->liveView()->count(), 1);
    QCOMPARE(m_window->pluginList()->model()->rowCount(), 1);
}

// Two open files of the same name: each tab says its folder, and its full path as a tooltip.
void tst_WorkspaceSwitch::sameNameTabsShowTheirFolder()
{
    EditorArea *area = m_window->editorArea();
    area->closeAll();
    CodeEditor *second = area->openFile(counterSource(m_second));
    QTabWidget *tabs = area->tabWidget();
    QCOMPARE(tabs->tabText(tabs->indexOf(second)), QStringLiteral("counterplugin.cpp"));
    CodeEditor *first = area->openFile(counterSource(m_first));
    const QString firstTitle = tabs->tabText(tabs->indexOf(first));
    const QString secondTitle = tabs->tabText(tabs->indexOf(second));
    QVERIFY2(firstTitle.startsWith(QStringLiteral("counterplugin.cpp — ")) && firstTitle.contains(QFileInfo(m_first.path()).fileName()),
             qPrintable(firstTitle));
    QVERIFY2(secondTitle.contains(QFileInfo(m_second.path()).fileName()), qPrintable(secondTitle));
    QCOMPARE(tabs->tabToolTip(tabs->indexOf(first)), QDir::toNativeSeparators(first->filePath()));
    QVERIFY(area->closeTab(tabs->indexOf(first)));
    QCOMPARE(tabs->tabText(tabs->indexOf(second)), QStringLiteral("counterplugin.cpp"));
}

// The session mechanism of a normal start: the files open when a workspace was closed come
// back when it is opened again, from disk (the unsaved text was discarded on the way out).
void tst_WorkspaceSwitch::switchingBackReopensItsFiles()
{
    m_window->editorArea()->closeAll();
    CodeEditor *second = m_window->editorArea()->openFile(counterSource(m_second));
    second->goToPosition(5, 1);
    QVERIFY(m_window->openWorkspace(m_first.path()));
    QCOMPARE(m_window->workspace()->workspace(), m_first.path());
    CodeEditor *first = m_window->editorArea()->editorFor(counterSource(m_first));
    QVERIFY(first);
    QVERIFY(!first->document()->isModified());
    QCOMPARE(first->toPlainText().toUtf8(), TestFiles::readFile(counterSource(m_first)));
    QVERIFY(!m_window->editorArea()->editorFor(counterSource(m_second)));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter), buildTimeoutMs);
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hello from the counter")));

    // And back again: the second workspace's file, at its line.
    QVERIFY(m_window->openWorkspace(m_second.path()));
    second = m_window->editorArea()->editorFor(counterSource(m_second));
    QVERIFY(second);
    QCOMPARE(second->currentLineNumber(), 5);
    // The next test adds a plugin next to a live one: let the second workspace's plugin go live.
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter), buildTimeoutMs);
}

// File → New Plugin…: the wizard explains a bad name in place and keeps the text, and so it does
// when the plugin cannot be made on OK; the new plugin comes to the front.
void tst_WorkspaceSwitch::newPluginWizard()
{
    QAction *newPlugin = menuAction(m_window, QStringLiteral("&File"), QStringLiteral("&New Plugin…"));
    QVERIFY(newPlugin);
    newPlugin->trigger();
    QPointer<NewPluginDialog> open = m_window->findChild<NewPluginDialog *>();
    QVERIFY(open);
    QTRY_VERIFY(open->isVisible());
    NewPluginDialog &dialog = *open;
    dialog.nameEdit()->setText(QStringLiteral("Bad Name"));
    QVERIFY(!dialog.canAccept());
    QVERIFY2(dialog.problemText().contains(QStringLiteral("lower case")), qPrintable(dialog.problemText()));
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Bad Name"));
    dialog.nameEdit()->setText(Counter);
    QVERIFY2(dialog.problemText().contains(QStringLiteral("already exists")), qPrintable(dialog.problemText()));
    dialog.nameEdit()->setText(QStringLiteral("wall_clock"));
    QVERIFY(dialog.canAccept());
    QCOMPARE(dialog.classNameEdit()->text(), QStringLiteral("WallClockPlugin"));
    dialog.vendorEdit()->setText(QStringLiteral("ACME \"Clocks\""));
    dialog.descriptionEdit()->setText(QStringLiteral("Tells the time"));
    QVERIFY(dialog.templateBox()->count() >= 1);
    QCOMPARE(dialog.previewPaths(), (QStringList{QStringLiteral("wall_clock/wall_clockplugin.h"), QStringLiteral("wall_clock/wall_clockplugin.cpp"),
                                                 QStringLiteral("wall_clock/wall_clock.json"), QStringLiteral("wall_clock/CMakeLists.txt")}));
    const QJsonObject metadata = QJsonDocument::fromJson(dialog.previewText(QStringLiteral("wall_clock/wall_clock.json")).toUtf8()).object();
    QCOMPARE(metadata.value(QStringLiteral("Vendor")).toString(), QStringLiteral("ACME \"Clocks\""));
    QCOMPARE(metadata.value(QStringLiteral("Description")).toString(), QStringLiteral("Tells the time"));
    QVERIFY(dialog.previewText(QStringLiteral("wall_clock/wall_clockplugin.h")).contains(QStringLiteral("class WallClockPlugin")));

    // The folder appears between the typing and OK: the dialog says so and keeps every field.
    const QString folder = m_second.filePath(QStringLiteral("wall_clock"));
    QVERIFY(QDir().mkdir(folder));
    QVERIFY(dialog.canAccept()); // it was free when typed
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QVERIFY(open && dialog.isVisible());
    QVERIFY2(dialog.problemText().contains(QStringLiteral("already exists")), qPrintable(dialog.problemText()));
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("wall_clock"));
    QCOMPARE(dialog.classNameEdit()->text(), QStringLiteral("WallClockPlugin"));
    QCOMPARE(dialog.vendorEdit()->text(), QStringLiteral("ACME \"Clocks\""));
    QCOMPARE(dialog.descriptionEdit()->text(), QStringLiteral("Tells the time"));
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/CMakeLists.txt")));
    QVERIFY(QDir(folder).removeRecursively());

    QVERIFY(m_host->isLoaded(Counter));
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!open); // made, closed and gone
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/CMakeLists.txt")));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(QStringLiteral("wall_clock")), buildTimeoutMs);
    QTRY_COMPARE(m_window->pluginList()->selectedPlugin(), QStringLiteral("wall_clock"));
    QCOMPARE(m_window->liveView()->currentPlugin(), QStringLiteral("wall_clock"));
    QVERIFY(m_host->isLoaded(Counter)); // the new plugin's build did not take the live one away
}

// The QtCore-only template: created from the wizard, built with the real compiler, loaded by the
// app's host without a widget; its Live View tab shows its state, carried across an edit.
void tst_WorkspaceSwitch::qtCorePluginWizard()
{
    const QString name = QStringLiteral("tick_core");
    NewPluginDialog dialog(m_second.path());
    dialog.nameEdit()->setText(name);
    const int qtCore = dialog.templateBox()->findText(QStringLiteral("QtCore plugin (no widgets)"), Qt::MatchStartsWith);
    QVERIFY(qtCore > 0);
    dialog.templateBox()->setCurrentIndex(qtCore);
    QCOMPARE(dialog.options().kind, PluginTemplate::Kind::QtCore);
    QCOMPARE(dialog.previewPaths(), (QStringList{QStringLiteral("tick_core/tick_coreplugin.h"), QStringLiteral("tick_core/tick_coreplugin.cpp"),
                                                 QStringLiteral("tick_core/tick_core.json"), QStringLiteral("tick_core/CMakeLists.txt")}));
    const QString header = dialog.previewText(QStringLiteral("tick_core/tick_coreplugin.h"));
    QVERIFY2(header.contains(QStringLiteral("public Relive::LiveState")) && !header.contains(QStringLiteral("QWidget")), qPrintable(header));
    QVERIFY(dialog.previewText(QStringLiteral("tick_core/CMakeLists.txt")).contains(QStringLiteral("relive_add_plugin(tick_core NO_WIDGETS")));

    QVERIFY(m_window->createPlugin(dialog.options()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(name), buildTimeoutMs);
    QVERIFY(m_host->liveState(name));
    QVERIFY(!m_host->livePlugin(name));
    QTRY_COMPARE(m_window->pluginList()->selectedPlugin(), name);
    QCOMPARE(m_window->liveView()->currentPlugin(), name);
    QCOMPARE(m_window->pluginList()->model()->status(name), PluginListModel::Status::Loaded);
    StateView *state = m_window->liveView()->stateView(name);
    QVERIFY2(state, qPrintable(m_window->liveView()->placeholderText(name)));
    QVERIFY2(state->heading().contains(QStringLiteral("no widget")), qPrintable(state->heading()));
    QVERIFY2(state->stateText().contains(QStringLiteral("message: \"Hello from tick_core\"")), qPrintable(state->stateText()));
    QVERIFY2(state->stateText().contains(QStringLiteral("reloads: 0")), qPrintable(state->stateText()));

    // Edited and saved: the next generation carries the state, and the tab shows the new one.
    CodeEditor *editor = m_window->editorArea()->openFile(m_second.filePath(QStringLiteral("tick_core/tick_coreplugin.cpp")));
    QVERIFY(editor);
    const QString edited = editor->toPlainText().replace(QStringLiteral("Hello from"), QStringLiteral("Edited in"));
    QVERIFY(edited != editor->toPlainText());
    editor->setPlainText(edited);
    QVERIFY(m_window->editorArea()->save(editor));
    QTRY_COMPARE_WITH_TIMEOUT(m_host->record(name).generation, 2, buildTimeoutMs);
    QCOMPARE(m_host->saveState(name).value(QStringLiteral("reloads")).toInt(), 1);
    QCOMPARE(m_window->liveView()->stateView(name), state);
    QVERIFY2(state->stateText().contains(QStringLiteral("message: \"Edited in tick_core\"")), qPrintable(state->stateText()));
    QVERIFY2(state->stateText().contains(QStringLiteral("reloads: 1")), qPrintable(state->stateText()));
    QVERIFY2(state->heading().contains(QStringLiteral("Generation 2")), qPrintable(state->heading()));
    // The status bar's headline is save -> live: every part it lists fits in it; a build and trial
    // that ran before the save (the candidate, while typing) are named apart, not as parts of it.
    const QString turnaround = m_window->turnaroundText();
    QVERIFY2(turnaround.startsWith(QStringLiteral("tick_core g2 live in ")), qPrintable(turnaround));
    QString whyNot;
    QVERIFY2(headlineHoldsItsParts(turnaround, &whyNot), qPrintable(whyNot));

    // Its state changes by itself (the template's timer counts ticks): the view follows while it
    // is shown, without a new generation, and stops asking once another tab is in front.
    const auto ticks = [state] {
        static const QRegularExpression pattern(QStringLiteral("^ticks: (\\d+)$"), QRegularExpression::MultilineOption);
        const QRegularExpressionMatch match = pattern.match(state->stateText());
        return match.hasMatch() ? match.captured(1).toInt() : -1;
    };
    QVERIFY(state->isRefreshing());
    const int ticksBefore = ticks();
    QVERIFY2(ticksBefore >= 0, qPrintable(state->stateText()));
    QTRY_VERIFY_WITH_TIMEOUT(ticks() > ticksBefore, 5 * StateView::refreshIntervalMs);
    QCOMPARE(m_host->record(name).generation, 2);
    QString other;
    for (const QString &plugin : m_window->liveView()->pluginOrder()) {
        if (plugin != name)
            other = plugin;
    }
    QVERIFY2(!other.isEmpty(), qPrintable(m_window->liveView()->pluginOrder().join(QLatin1Char(' '))));
    QVERIFY(m_window->liveView()->showPlugin(other));
    QVERIFY(!state->isRefreshing());
    QVERIFY(m_window->liveView()->showPlugin(name));
    QVERIFY(state->isRefreshing());

    // Unloaded: the tab says so instead of an old state.
    QVERIFY(m_host->unload(name));
    QVERIFY(!m_window->liveView()->stateView(name));
    QVERIFY2(m_window->liveView()->placeholderText(name).contains(QStringLiteral("not loaded")),
             qPrintable(m_window->liveView()->placeholderText(name)));

    // The Live View's tab order is the workspace's: moved, then away and back, it comes back so.
    LiveView *live = m_window->liveView();
    live->tabBar()->moveTab(live->pluginOrder().indexOf(name), 0);
    const QStringList order = live->pluginOrder();
    QCOMPARE(order.value(0), name);
    QCOMPARE(order.size(), 3); // counter, wall_clock, tick_core
    m_unsavedAnswer = CloseAnswer::Discard;
    QVERIFY(m_window->openWorkspace(m_first.path()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter), buildTimeoutMs);
    QVERIFY(m_window->openWorkspace(m_second.path()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(Counter) && m_host->isLoaded(QStringLiteral("wall_clock")) && m_host->isLoaded(name),
                             buildTimeoutMs);
    QTRY_COMPARE(live->pluginOrder(), order);
}

// What Qt Creator and Kate users take for granted, from the window's keys and menus.
void tst_WorkspaceSwitch::editorBasics()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("scratch.cpp"));
    writeAll(path, "void f()\nint a = 1; int b = a; int c = a;\n");
    EditorArea *area = m_window->editorArea();
    CodeEditor *editor = area->openFile(path);
    QVERIFY(editor);
    // The window's keys need it active; the New Plugin dialog of an earlier test was.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    editor->setFocus();

    // F3 / Shift+F3 repeat the search both ways.
    area->findBar()->setSearchText(QStringLiteral("= a"));
    editor->goToPosition(1, 1);
    QTest::keyClick(editor, Qt::Key_F3);
    QCOMPARE(editor->textCursor().selectedText(), QStringLiteral("= a"));
    const int first = editor->textCursor().position();
    QTest::keyClick(editor, Qt::Key_F3);
    QVERIFY(editor->textCursor().position() > first);
    QTest::keyClick(editor, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(editor->textCursor().position(), first);

    // Replace (Ctrl+R): the selected match, then the next one; Replace All is one undo step.
    const QString before = editor->toPlainText();
    QTest::keyClick(editor, Qt::Key_R, Qt::ControlModifier);
    QVERIFY(area->findBar()->isVisible());
    area->findBar()->setReplaceText(QStringLiteral("= x"));
    QVERIFY(area->findBar()->replaceNext()); // the selected "= a" (the first), then selects the second
    QCOMPARE(editor->toPlainText(), QStringLiteral("void f()\nint a = 1; int b = x; int c = a;\n"));
    QCOMPARE(editor->textCursor().selectedText(), QStringLiteral("= a"));
    editor->undo();
    QCOMPARE(editor->toPlainText(), before);
    QCOMPARE(area->findBar()->replaceAll(), 2);
    QCOMPARE(editor->toPlainText(), QStringLiteral("void f()\nint a = 1; int b = x; int c = x;\n"));
    editor->undo();
    QCOMPARE(editor->toPlainText(), before);
    area->findBar()->dismiss();

    // Auto-indent: in after "{", out on "}".
    editor->goToPosition(1, 9);
    QTest::keyClicks(editor, QStringLiteral(" {"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTest::keyClicks(editor, QStringLiteral("x;"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTest::keyClicks(editor, QStringLiteral("}"));
    QVERIFY2(editor->toPlainText().startsWith(QStringLiteral("void f() {\n    x;\n}\n")), qPrintable(editor->toPlainText()));

    // Zoom: Ctrl++ / Ctrl+- and Ctrl+wheel.
    const qreal size = editor->font().pointSizeF();
    QTest::keyClick(editor, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(editor->font().pointSizeF() > size);
    QTest::keyClick(editor, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(editor->font().pointSizeF(), size);
    QWheelEvent wheel(QPointF(5, 5), editor->viewport()->mapToGlobal(QPoint(5, 5)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(editor->viewport(), &wheel);
    QVERIFY(editor->font().pointSizeF() > size);

    // F8 / Shift+F8 walk the diagnostics, wrapping around.
    Relive::Diagnostic second;
    second.file = path;
    second.line = 2;
    Relive::Diagnostic fourth = second;
    fourth.line = 4;
    area->setDiagnostics({fourth, second});
    editor->goToPosition(1, 1);
    for (int expected : {2, 4, 2}) {
        QTest::keyClick(editor, Qt::Key_F8);
        QCOMPARE(editor->currentLineNumber(), expected);
    }
    QTest::keyClick(editor, Qt::Key_F8, Qt::ShiftModifier);
    QCOMPARE(editor->currentLineNumber(), 4);
    area->setDiagnostics({});

    // Go to Line is a bar, not a modal dialog.
    QTest::keyClick(editor, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(area->goToLineBar()->isVisible());
    QVERIFY(!QApplication::activeModalWidget());
    area->goToLineBar()->setLine(3);
    area->goToLineBar()->accept();
    QCOMPARE(editor->currentLineNumber(), 3);
    QVERIFY(!area->goToLineBar()->isVisible());

    // Cut, Copy and Paste are in the Edit menu, and act on the editor.
    QAction *copy = menuAction(m_window, QStringLiteral("&Edit"), QStringLiteral("&Copy"));
    QAction *paste = menuAction(m_window, QStringLiteral("&Edit"), QStringLiteral("&Paste"));
    QVERIFY(copy && paste && menuAction(m_window, QStringLiteral("&Edit"), QStringLiteral("Cu&t")));
    QVERIFY(menuAction(m_window, QStringLiteral("&File"), QStringLiteral("Open &File…")));
    QVERIFY(menuAction(m_window, QStringLiteral("&Help"), QStringLiteral("About &Qt")));
    editor->selectAll();
    editor->setPlainText(QStringLiteral("abc"));
    editor->selectAll();
    copy->trigger();
    editor->moveCursor(QTextCursor::End);
    paste->trigger();
    QCOMPARE(editor->toPlainText(), QStringLiteral("abcabc"));
    editor->document()->setModified(false);
    QVERIFY(area->closeTab(area->tabWidget()->indexOf(editor)));
}

// File → Open File…: the file chosen opens in a tab and is current; Cancel opens nothing; a
// file that cannot be read is said.
void tst_WorkspaceSwitch::openFileFromTheMenu()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("notes.txt"));
    writeAll(path, "opened from the menu\n");
    QStringList asked;
    QString answer = path;
    m_window->setOpenFileQuestion([&](const QString &start) {
        asked.append(start);
        return answer;
    });
    EditorArea *area = m_window->editorArea();
    QVERIFY(!area->editorFor(path));
    QAction *open = menuAction(m_window, QStringLiteral("&File"), QStringLiteral("Open &File…"));
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));
    open->trigger();
    QCOMPARE(asked, QStringList{m_window->workspace()->workspace()}); // it starts in the workspace
    CodeEditor *editor = area->editorFor(path);
    QVERIFY(editor);
    QCOMPARE(area->currentEditor(), editor);
    QCOMPARE(editor->toPlainText(), QStringLiteral("opened from the menu\n"));
    QCOMPARE(area->tabWidget()->tabText(area->tabWidget()->indexOf(editor)), QStringLiteral("notes.txt"));

    const int tabs = area->editors().size();
    answer.clear(); // Cancel
    open->trigger();
    QCOMPARE(area->editors().size(), tabs);
    answer = folder.filePath(QStringLiteral("missing.txt"));
    open->trigger();
    QCOMPARE(area->editors().size(), tabs);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("missing.txt")),
             qPrintable(m_window->statusBar()->currentMessage()));
    m_window->setOpenFileQuestion([](const QString &) { return QString(); });
    QVERIFY(area->closeTab(area->tabWidget()->indexOf(editor)));
}

// Drives the project view's context menu as a user does: opens it on a row, clicks an entry and
// types a name into the dialog it asks with, from inside the event loops the menu and dialog run.
class ContextMenuUser : public QObject
{
public:
    explicit ContextMenuUser(ProjectView *view)
        : m_view(view)
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, &ContextMenuUser::answer);
    }

    // False if the row, the entry or the dialog never came.
    bool choose(const QString &path, const QString &entry, const QString &typed = QString())
    {
        auto *model = qobject_cast<QFileSystemModel *>(m_view->model());
        const QModelIndex index = model ? model->index(path) : QModelIndex();
        if (!index.isValid())
            return false;
        QPoint at(5, m_view->viewport()->height() - 5); // the workspace itself: below its rows
        if (path != m_view->root()) {
            m_view->expand(index.parent());
            m_view->scrollTo(index);
            if (!QTest::qWaitFor([&] { return m_view->visualRect(index).isValid(); }))
                return false;
            at = m_view->visualRect(index).center();
        } else if (m_view->indexAt(at).isValid()) {
            return false;
        }
        m_entry = entry;
        m_typed = typed;
        m_clicked = m_typedIn = false;
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, m_view->viewport()->mapToGlobal(at));
        m_timer.start();
        QApplication::sendEvent(m_view->viewport(), &event); // returns once the menu and its dialog closed
        m_timer.stop();
        return m_clicked && (typed.isEmpty() || m_typedIn);
    }

private:
    void answer()
    {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            if (m_clicked)
                return; // the click is on its way
            for (QAction *action : menu->actions()) {
                if (action->text() == m_entry) {
                    m_clicked = true;
                    // Queued: the dialog the entry opens runs its loop, and this timer must go on answering.
                    const QPoint at = menu->actionGeometry(action).center();
                    QTimer::singleShot(0, menu, [menu, at] { QTest::mouseClick(menu, Qt::LeftButton, Qt::NoModifier, at); });
                    return;
                }
            }
            menu->close(); // no such entry
        } else if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            m_typedIn = true;
            dialog->setTextValue(m_typed);
            dialog->accept();
        }
    }

    ProjectView *m_view;
    QTimer m_timer;
    QString m_entry;
    QString m_typed;
    bool m_clicked = false;
    bool m_typedIn = false;
};

// PluginSourceList edits the SOURCES of a plugin's one relive_add_plugin() call, and nothing else.
void tst_WorkspaceSwitch::pluginSourceListEdits()
{
    QTemporaryDir folder;
    const QString cmake = folder.filePath(QStringLiteral("CMakeLists.txt"));
    const QByteArray original = "# relive_add_plugin(commented SOURCES no.cpp)\n"
                                "set(X 1)\n"
                                "relive_add_plugin(clock NO_PCH\n"
                                "  SOURCES clockplugin.h \"clock plugin.cpp\" # the sources\n"
                                "    forms/clock.ui\n"
                                "  METADATA clock.json)\n"
                                "target_link_libraries(clock PRIVATE m)\n";
    writeAll(cmake, original);
    PluginSourceList list(cmake);
    QCOMPARE(list.check(), PluginSourceList::Status::Done);
    QVERIFY(list.lists(QStringLiteral("clock plugin.cpp")));
    QVERIFY(list.lists(QStringLiteral("./forms/clock.ui")));
    QVERIFY(!list.lists(QStringLiteral("no.cpp"))); // in a comment
    QVERIFY(!list.lists(QStringLiteral("clock.json"))); // the METADATA, not a source
    QCOMPARE(list.add(QStringLiteral("extra.cpp")), PluginSourceList::Status::Done);
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(original).replace("forms/clock.ui", "forms/clock.ui extra.cpp"));
    QCOMPARE(list.add(QStringLiteral("extra.cpp")), PluginSourceList::Status::AlreadyListed);
    QCOMPARE(list.rename(QStringLiteral("extra.cpp"), QStringLiteral("more.cpp")), PluginSourceList::Status::Done);
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(original).replace("forms/clock.ui", "forms/clock.ui more.cpp"));
    QCOMPARE(list.remove(QStringLiteral("more.cpp")), PluginSourceList::Status::Done);
    QCOMPARE(TestFiles::readFile(cmake), original);
    QCOMPARE(list.remove(QStringLiteral("forms/clock.ui")), PluginSourceList::Status::Done); // a line of its own goes
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(original).replace("    forms/clock.ui\n", ""));
    QCOMPARE(list.remove(QStringLiteral("gone.cpp")), PluginSourceList::Status::NotListed);

    writeAll(cmake, "relive_add_plugin(one SOURCES one.cpp METADATA one.json)\n");
    QCOMPARE(list.remove(QStringLiteral("one.cpp")), PluginSourceList::Status::LastSource);
    const QByteArray twice = "relive_add_plugin(a SOURCES a.cpp METADATA a.json)\nrelive_add_plugin(b SOURCES b.cpp METADATA b.json)\n";
    writeAll(cmake, twice);
    QCOMPARE(list.add(QStringLiteral("c.cpp")), PluginSourceList::Status::SeveralCalls);
    QVERIFY2(list.errorString().contains(QStringLiteral("more than one")), qPrintable(list.errorString()));
    QCOMPARE(TestFiles::readFile(cmake), twice);
    writeAll(cmake, "foreach(f a b)\n  relive_add_plugin(tool_${f} SOURCES ${f}.cpp METADATA ${f}.json)\nendforeach()\n");
    QCOMPARE(list.add(QStringLiteral("c.cpp")), PluginSourceList::Status::Unclear);
    writeAll(cmake, "add_library(x MODULE x.cpp)\n");
    QCOMPARE(list.add(QStringLiteral("c.cpp")), PluginSourceList::Status::NoCall);
}

// The project tree's own CMake question: a message box whose Not Now leaves the CMake file and
// whose Add lists the new file.
void tst_WorkspaceSwitch::cmakeQuestionIsAddOrNotNow()
{
    QTemporaryDir workspace;
    QVERIFY(QDir().mkpath(workspace.filePath(QStringLiteral("clock"))));
    const QString cmake = workspace.filePath(QStringLiteral("clock/CMakeLists.txt"));
    const QByteArray listing = "relive_add_plugin(clock SOURCES clock.cpp METADATA clock.json)\n";
    writeAll(cmake, listing);
    ProjectView view;
    view.setRoot(workspace.path());
    for (const QString &choice : {QStringLiteral("&Not Now"), QStringLiteral("&Add")}) {
        QStringList buttons;
        QString question;
        QTimer clicker; // polls until the box is up: it runs its own event loop
        clicker.setInterval(10);
        connect(&clicker, &QTimer::timeout, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            clicker.stop();
            question = box->text();
            QAbstractButton *chosen = nullptr;
            for (QAbstractButton *button : box->buttons()) {
                buttons.append(button->text());
                if (button->text() == choice)
                    chosen = button;
            }
            if (chosen)
                QTest::mouseClick(chosen, Qt::LeftButton);
            else
                box->reject();
        });
        clicker.start();
        const QString name = choice == QStringLiteral("&Add") ? QStringLiteral("two.cpp") : QStringLiteral("one.cpp");
        QVERIFY(view.newFile(workspace.filePath(QStringLiteral("clock")), name));
        buttons.sort();
        QCOMPARE(buttons, (QStringList{QStringLiteral("&Add"), QStringLiteral("&Not Now")}));
        QVERIFY2(question.contains(name) && question.contains(QStringLiteral("relive_add_plugin()")), qPrintable(question));
    }
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(listing).replace("clock.cpp", "clock.cpp two.cpp"));
}

// The project tree's context menu: new file and folder, rename and delete, with the plugin's
// CMakeLists.txt in mind (offered to follow, or said what stays to do) and the editor's tabs
// following their files.
void tst_WorkspaceSwitch::projectTreeEdits()
{
    ProjectView *project = m_window->projectView();
    EditorArea *area = m_window->editorArea();
    area->closeAll();
    ContextMenuUser user(project);
    QObject listening; // the connections end with this test
    QStringList messages;
    connect(project, &ProjectView::message, &listening, [&messages](const QString &text) { messages.append(text); });
    QStringList asked;
    bool answer = false;
    project->setDeleteQuestion([&](const QString &path) {
        asked.append(QStringLiteral("delete ") + path);
        return answer;
    });
    QList<ProjectView::CMakeChange> changes;
    bool change = false;
    project->setCMakeQuestion([&](ProjectView::CMakeChange kind, const QString &question) {
        changes.append(kind);
        asked.append(question);
        return change;
    });

    // A new source in the live plugin's folder, "Not now": the CMake file stays, the hint says what to do.
    const QString folder = m_second.filePath(Counter);
    const QString cmake = folder + QStringLiteral("/CMakeLists.txt");
    const QByteArray cmakeBefore = TestFiles::readFile(cmake);
    QVERIFY(user.choose(folder, QStringLiteral("New &File…"), QStringLiteral("extra.cpp")));
    const QString extra = folder + QStringLiteral("/extra.cpp");
    QVERIFY(QFileInfo::exists(extra));
    QTRY_VERIFY(area->editorFor(extra));
    QCOMPARE(changes, QList<ProjectView::CMakeChange>{ProjectView::CMakeChange::Add});
    QVERIFY2(asked.constLast().contains(QStringLiteral("extra.cpp")) && asked.constLast().contains(QStringLiteral("relive_add_plugin()")),
             qPrintable(asked.constLast()));
    QCOMPARE(TestFiles::readFile(cmake), cmakeBefore);
    QCOMPARE(messages.size(), 1);
    QVERIFY2(messages.constFirst().contains(QStringLiteral("relive_add_plugin()")) && messages.constFirst().contains(QStringLiteral("extra.cpp"))
                 && messages.constFirst().contains(QStringLiteral("not built")),
             qPrintable(messages.constFirst()));
    QVERIFY(!project->newFile(folder, QStringLiteral("extra.cpp"))); // taken
    QVERIFY(!project->newFile(folder, QStringLiteral("a/b.cpp")));
    QVERIFY2(project->errorString().contains(QStringLiteral("not a file name")), qPrintable(project->errorString()));

    // Typed, not saved, then renamed from the menu: the tab follows with the text (not listed: nothing asked).
    CodeEditor *editor = area->editorFor(extra);
    QTest::keyClicks(editor, QStringLiteral("int typed;"));
    QVERIFY(user.choose(extra, QStringLiteral("&Rename…"), QStringLiteral("moved.cpp")));
    const QString moved = folder + QStringLiteral("/moved.cpp");
    QVERIFY(QFileInfo::exists(moved) && !QFileInfo::exists(extra));
    QCOMPARE(area->editorFor(moved), editor);
    QVERIFY(!area->editorFor(extra));
    QCOMPARE(editor->filePath(), QFileInfo(moved).canonicalFilePath());
    QCOMPARE(editor->toPlainText(), QStringLiteral("int typed;"));
    QVERIFY(editor->document()->isModified());
    QTabWidget *tabs = area->tabWidget();
    QCOMPARE(tabs->tabText(tabs->indexOf(editor)), QStringLiteral("moved.cpp*"));
    QCOMPARE(tabs->tabToolTip(tabs->indexOf(editor)), QDir::toNativeSeparators(editor->filePath()));
    QCOMPARE(changes.size(), 1);

    // Deleted while it holds unsaved text: the tab stays with it, marked; a clean tab closes.
    answer = true;
    QVERIFY(user.choose(moved, QStringLiteral("&Delete")));
    QCOMPARE(asked.constLast(), QStringLiteral("delete ") + moved);
    QVERIFY(!QFileInfo::exists(moved));
    QCOMPARE(area->editorFor(moved), editor);
    QCOMPARE(editor->toPlainText(), QStringLiteral("int typed;"));
    QVERIFY(editor->document()->isModified());
    QCOMPARE(tabs->tabText(tabs->indexOf(editor)), QStringLiteral("moved.cpp (deleted)*"));
    QVERIFY(area->save(editor)); // the buffer brings it back
    QCOMPARE(tabs->tabText(tabs->indexOf(editor)), QStringLiteral("moved.cpp"));
    QVERIFY(user.choose(moved, QStringLiteral("&Delete")));
    QVERIFY(!area->editorFor(moved));
    QCOMPARE(changes.size(), 1);

    // "Add": the file goes into the SOURCES, the rest of the CMake file as it was; Remove on delete.
    change = true;
    QVERIFY(user.choose(folder, QStringLiteral("New &File…"), QStringLiteral("listed.cpp")));
    QCOMPARE(changes.size(), 2);
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(cmakeBefore).replace("counterplugin.cpp", "counterplugin.cpp listed.cpp"));
    QVERIFY(user.choose(folder + QStringLiteral("/listed.cpp"), QStringLiteral("&Rename…"), QStringLiteral("named.cpp")));
    QCOMPARE(changes.constLast(), ProjectView::CMakeChange::Rename);
    QVERIFY2(asked.constLast().contains(QStringLiteral("still names listed.cpp")), qPrintable(asked.constLast()));
    QCOMPARE(TestFiles::readFile(cmake), QByteArray(cmakeBefore).replace("counterplugin.cpp", "counterplugin.cpp named.cpp"));
    QVERIFY(area->editorFor(folder + QStringLiteral("/named.cpp")));
    QVERIFY(user.choose(folder + QStringLiteral("/named.cpp"), QStringLiteral("&Delete")));
    QCOMPARE(changes.constLast(), ProjectView::CMakeChange::Remove);
    QCOMPARE(TestFiles::readFile(cmake), cmakeBefore);
    QVERIFY(!area->editorFor(folder + QStringLiteral("/named.cpp")));

    // A plugin folder the workspace does not build: "Not now" on rename and delete says the CMake
    // file still names the file, and leaves it; a CMake file with two calls is not guessed at.
    const QString spare = m_second.filePath(QStringLiteral("spare"));
    QVERIFY(user.choose(m_second.path(), QStringLiteral("New F&older…"), QStringLiteral("spare")));
    QVERIFY(QFileInfo(spare).isDir());
    const QByteArray spareCMake = "relive_add_plugin(spare SOURCES spare.cpp old.cpp METADATA spare.json)\n";
    writeAll(spare + QStringLiteral("/CMakeLists.txt"), spareCMake);
    writeAll(spare + QStringLiteral("/old.cpp"), "");
    writeAll(spare + QStringLiteral("/spare.cpp"), "");
    change = false;
    messages.clear();
    QVERIFY(user.choose(spare + QStringLiteral("/old.cpp"), QStringLiteral("&Rename…"), QStringLiteral("new.cpp")));
    QCOMPARE(changes.constLast(), ProjectView::CMakeChange::Rename);
    QCOMPARE(TestFiles::readFile(spare + QStringLiteral("/CMakeLists.txt")), spareCMake);
    QVERIFY2(messages.size() == 1 && messages.constFirst().contains(QStringLiteral("still names old.cpp")), qPrintable(messages.join(QLatin1Char('\n'))));
    QVERIFY(user.choose(spare + QStringLiteral("/spare.cpp"), QStringLiteral("&Delete")));
    QCOMPARE(changes.constLast(), ProjectView::CMakeChange::Remove);
    QCOMPARE(TestFiles::readFile(spare + QStringLiteral("/CMakeLists.txt")), spareCMake);
    QVERIFY2(messages.size() == 2 && messages.constLast().contains(QStringLiteral("still names the deleted spare.cpp")), qPrintable(messages.join(QLatin1Char('\n'))));
    const QByteArray twice = "relive_add_plugin(a SOURCES a.cpp METADATA a.json)\nrelive_add_plugin(b SOURCES b.cpp METADATA b.json)\n";
    writeAll(spare + QStringLiteral("/CMakeLists.txt"), twice);
    change = true;
    const int questions = changes.size();
    QVERIFY(user.choose(spare, QStringLiteral("New &File…"), QStringLiteral("c.cpp")));
    QCOMPARE(changes.size(), questions); // nothing offered
    QCOMPARE(TestFiles::readFile(spare + QStringLiteral("/CMakeLists.txt")), twice);
    QVERIFY2(messages.constLast().contains(QStringLiteral("more than one")) && messages.constLast().contains(QStringLiteral("c.cpp")),
             qPrintable(messages.constLast()));

    // A folder renamed with a file of it open: the tab follows. Deleted, "No" keeps it.
    QVERIFY(user.choose(m_second.path(), QStringLiteral("New F&older…"), QStringLiteral("notes")));
    QVERIFY(project->newFile(m_second.filePath(QStringLiteral("notes")), QStringLiteral("todo.txt")));
    QVERIFY(area->editorFor(m_second.filePath(QStringLiteral("notes/todo.txt"))));
    QVERIFY(user.choose(m_second.filePath(QStringLiteral("notes")), QStringLiteral("&Rename…"), QStringLiteral("done")));
    QVERIFY(QFileInfo::exists(m_second.filePath(QStringLiteral("done/todo.txt"))));
    QVERIFY(area->editorFor(m_second.filePath(QStringLiteral("done/todo.txt"))));
    answer = false;
    QVERIFY(user.choose(m_second.filePath(QStringLiteral("done")), QStringLiteral("&Delete")));
    QCOMPARE(asked.constLast(), QStringLiteral("delete ") + m_second.filePath(QStringLiteral("done")));
    QVERIFY(QFileInfo::exists(m_second.filePath(QStringLiteral("done/todo.txt"))));
    answer = true;
    QVERIFY(user.choose(m_second.filePath(QStringLiteral("done")), QStringLiteral("&Delete")));
    QVERIFY(!QFileInfo::exists(m_second.filePath(QStringLiteral("done"))));
    QVERIFY(!area->editorFor(m_second.filePath(QStringLiteral("done/todo.txt"))));
    QVERIFY(project->remove(spare));
    area->closeAll();
}

// A normal Quit and start (not Restart, Keeping State) brings the session back: the open files,
// the current tab, each cursor and the Live View's tab order, in a new window on the same settings.
void tst_WorkspaceSwitch::sessionComesBackAtTheNextStart()
{
    EditorArea *area = m_window->editorArea();
    area->closeAll();
    const QString header = m_second.filePath(QStringLiteral("counter/counterplugin.h"));
    CodeEditor *first = area->openFile(counterSource(m_second));
    CodeEditor *second = area->openFile(header);
    QVERIFY(first && second);
    first->goToPosition(7, 5);
    second->goToPosition(3, 2);
    area->tabWidget()->setCurrentWidget(first);
    LiveView *live = m_window->liveView();
    QTRY_VERIFY_WITH_TIMEOUT(live->count() >= 2, buildTimeoutMs);
    live->tabBar()->moveTab(live->count() - 1, 0); // the last tab first
    const QStringList order = live->pluginOrder();
    QCOMPARE(order.size(), live->count());
    const QStringList files{first->filePath(), second->filePath()};

    QGuiApplication::setQuitOnLastWindowClosed(false); // the test goes on with a new window
    QAction *quit = menuAction(m_window, QStringLiteral("&File"), QStringLiteral("&Quit"));
    QVERIFY(quit);
    quit->trigger();
    QVERIFY(!m_window->isVisible());
    delete m_window;
    m_host->unloadAll();

    // A new start, as main.cpp makes it: the last workspace used.
    startWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QCOMPARE(RecentWorkspaces::list().value(0), m_second.path());
    m_asked.clear();
    QVERIFY(m_window->openWorkspace(RecentWorkspaces::list().value(0)));
    QCOMPARE(m_asked, QStringList()); // trusted before, nothing unsaved
    area = m_window->editorArea();
    QStringList reopened;
    for (const CodeEditor *editor : area->editors())
        reopened.append(editor->filePath());
    QCOMPARE(reopened, files);
    QCOMPARE(area->currentEditor(), area->editorFor(counterSource(m_second)));
    CodeEditor *source = area->editorFor(counterSource(m_second));
    QCOMPARE(source->currentLineNumber(), 7);
    QCOMPARE(source->currentColumnNumber(), 5);
    QCOMPARE(area->editorFor(header)->currentLineNumber(), 3);
    QCOMPARE(area->editorFor(header)->currentColumnNumber(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->liveView()->count(), order.size(), buildTimeoutMs);
    QCOMPARE(m_window->liveView()->pluginOrder(), order);
    QCOMPARE(area->currentEditor(), source); // the plugins coming live did not change it
}

// A normal Quit and start (not Restart, Keeping State) brings the docks back where they were.
void tst_WorkspaceSwitch::dockLayoutComesBackAtTheNextStart()
{
    auto *console = m_window->findChild<QDockWidget *>(QStringLiteral("console"));
    QVERIFY(console);
    const Qt::DockWidgetArea moved = m_window->dockWidgetArea(console) == Qt::LeftDockWidgetArea ? Qt::RightDockWidgetArea
                                                                                                   : Qt::LeftDockWidgetArea;
    m_window->addDockWidget(moved, console);
    QCOMPARE(m_window->dockWidgetArea(console), moved);
    m_unsavedAnswer = CloseAnswer::Discard;
    QGuiApplication::setQuitOnLastWindowClosed(false); // the test goes on with a new window
    QVERIFY(m_window->close()); // Quit: the layout is kept
    delete m_window;
    m_host->unloadAll();

    m_window = new MainWindow(m_host);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    console = m_window->findChild<QDockWidget *>(QStringLiteral("console"));
    QVERIFY(console);
    QCOMPARE(m_window->dockWidgetArea(console), moved);
}

void tst_WorkspaceSwitch::cleanupTestCase()
{
    m_window->editorArea()->closeAll();
    delete m_window;
    m_host->unloadAll();
    for (const QTemporaryDir *workspace : {&m_first, &m_second}) {
        QDir(Relive::LiveSession::defaultBuildDirectory(workspace->path())).removeRecursively();
        WorkspaceTrust::revoke(workspace->path());
    }
}

QTEST_MAIN(tst_WorkspaceSwitch)
#include "tst_workspaceswitch.moc"
