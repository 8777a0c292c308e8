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
#include "workspace/projectview.h"
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
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>
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
    void projectTreeEdits();
    void dockLayoutComesBackAtTheNextStart(); // last: it replaces the window
    void cleanupTestCase();

private:
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
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
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

// The wizard explains a bad name in place and keeps the text; the new plugin comes to the front.
void tst_WorkspaceSwitch::newPluginWizard()
{
    NewPluginDialog dialog(m_second.path());
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

    QVERIFY(m_host->isLoaded(Counter));
    QVERIFY(m_window->createPlugin(dialog.options()));
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

static QAction *menuAction(QMainWindow *window, const QString &menu, const QString &text)
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

// What Qt Creator and Kate users take for granted, from the window's keys and menus.
void tst_WorkspaceSwitch::editorBasics()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("scratch.cpp"));
    writeAll(path, "void f()\nint a = 1; int b = a; int c = a;\n");
    EditorArea *area = m_window->editorArea();
    CodeEditor *editor = area->openFile(path);
    QVERIFY(editor);
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

// New file, new folder, rename, delete; a new source in a plugin's folder is said to need listing.
void tst_WorkspaceSwitch::projectTreeEdits()
{
    ProjectView *project = m_window->projectView();
    QStringList messages;
    connect(project, &ProjectView::message, this, [&messages](const QString &text) { messages.append(text); });
    QStringList asked;
    bool answer = false;
    project->setDeleteQuestion([&](const QString &path) {
        asked.append(path);
        return answer;
    });
    const QString folder = m_second.filePath(Counter);
    QVERIFY2(project->newFile(folder, QStringLiteral("extra.cpp")), qPrintable(project->errorString()));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/extra.cpp")));
    QTRY_VERIFY(m_window->editorArea()->editorFor(folder + QStringLiteral("/extra.cpp")));
    QCOMPARE(messages.size(), 1);
    QVERIFY2(messages.constFirst().contains(QStringLiteral("relive_add_plugin()")) && messages.constFirst().contains(QStringLiteral("extra.cpp")),
             qPrintable(messages.constFirst()));
    QVERIFY(!project->newFile(folder, QStringLiteral("extra.cpp"))); // taken
    QVERIFY(!project->newFile(folder, QStringLiteral("a/b.cpp")));
    QVERIFY2(project->errorString().contains(QStringLiteral("not a file name")), qPrintable(project->errorString()));

    QVERIFY(project->newFolder(m_second.path(), QStringLiteral("notes")));
    QVERIFY(project->newFile(m_second.filePath(QStringLiteral("notes")), QStringLiteral("todo.txt")));
    QCOMPARE(messages.size(), 1); // not a source of a plugin
    QVERIFY(project->rename(m_second.filePath(QStringLiteral("notes/todo.txt")), QStringLiteral("done.txt")));
    QVERIFY(QFileInfo::exists(m_second.filePath(QStringLiteral("notes/done.txt"))));

    QVERIFY(!project->remove(m_second.filePath(QStringLiteral("notes")))); // the question said no
    QCOMPARE(asked, QStringList{m_second.filePath(QStringLiteral("notes"))});
    QVERIFY(QFileInfo::exists(m_second.filePath(QStringLiteral("notes/done.txt"))));
    answer = true;
    QVERIFY(project->remove(m_second.filePath(QStringLiteral("notes"))));
    QVERIFY(!QFileInfo::exists(m_second.filePath(QStringLiteral("notes"))));
    m_window->editorArea()->closeAll();
    QVERIFY(project->remove(folder + QStringLiteral("/extra.cpp")));
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
