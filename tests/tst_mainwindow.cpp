// The app as a user drives it: the example workspace opened in the real main window, built
// with the real toolchain, edited by typing, saved with Ctrl+S, broken, fixed, restarted.
#include "copytree.h"
#include "build/buildconsole.h"
#include "build/buildoutputview.h"
#include "editor/codeeditor.h"
#include "build/compilerlaunchermenu.h"
#include "editor/editorarea.h"
#include "workspace/exampleworkspace.h"
#include "pluginviews/liveview.h"
#include "mainwindow.h"
#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginlistview.h"
#include "recovery/recoverystore.h"
#include "recovery/sessionstore.h"
#include "workspace/workspacecontroller.h"
#include "workspace/workspacetrust.h"

#include "relive/livesession.h"
#include "relive/pluginhost.h"

#include <QtCore/QDirIterator>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QTextBlock>
#include <QtTest/QtTest>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>

using namespace Relive::App;

namespace {

constexpr int buildTimeoutMs = 120000;


// The live widget's label that starts with \a prefix, if the counter's tab shows one.
QLabel *labelStartingWith(QWidget *root, const QString &prefix)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().startsWith(prefix))
            return label;
    }
    return nullptr;
}

QPushButton *buttonNamed(QWidget *root, const QString &text)
{
    const QList<QPushButton *> buttons = root->findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void examplesAreCopiedOnce();
    void opensAndBuildsTheExamples();
    void docksStayWhenAPluginUnloads();
    void recentWorkspacesListTheOpenOne();
    void compilerLauncherReachesTheToolchain();
    void typedEditSavedWithCtrlSReloads();
    void compileErrorIsShownAndClickable();
    void newPluginIsBuiltAndLoaded();
    void incompatibleChangeOffersRestart();
    void restartKeepsState();
    void restartSessionFileIsPrivateAndReadOnce();
    void cleanupTestCase();

private:
    void trustWhenAsked();
    int counterGeneration() const;
    int counterCount() const;
    CodeEditor *openCounterSource();
    void selectText(CodeEditor *editor, const QString &text);

    QTemporaryDir m_workspace;
    Relive::PluginHost *m_host = nullptr;
    MainWindow *m_window = nullptr;
    QStringList m_trustQuestions;
};

// A new copy of the examples is a workspace never built: trusted when asked (tst_workspacetrust
// tests the question itself).
void TestMainWindow::trustWhenAsked()
{
    m_window->workspace()->setTrustQuestion([this](const QString &workspace) {
        m_trustQuestions.append(workspace);
        return TrustAnswer::TrustAndBuild;
    });
}

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings and the build cache under ~/.qttest
    QVERIFY(m_workspace.isValid());
    QSettings().remove(QStringLiteral("build/compilerLauncher")); // a failed run's choice
    QVERIFY(copyTree(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), m_workspace.path()));
    // A run killed midway leaves recovery copies, which the window would offer.
    QDir(RecoveryStore::defaultFolder()).removeRecursively();
    m_host = new Relive::PluginHost(this);
    m_window = new MainWindow(m_host);
    trustWhenAsked();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

int TestMainWindow::counterGeneration() const
{
    return m_host->isLoaded(QStringLiteral("counter")) ? m_host->record(QStringLiteral("counter")).generation : 0;
}

int TestMainWindow::counterCount() const
{
    QObject *counter = m_host->instance(QStringLiteral("counter"));
    return counter ? counter->property("count").toInt() : -1;
}

CodeEditor *TestMainWindow::openCounterSource()
{
    return m_window->editorArea()->openFile(m_workspace.filePath(QStringLiteral("counter/counterplugin.cpp")));
}

void TestMainWindow::selectText(CodeEditor *editor, const QString &text)
{
    const QTextCursor found = editor->document()->find(text);
    QVERIFY2(!found.isNull(), qPrintable(text));
    editor->setTextCursor(found);
}

// An installed app's examples are read-only: the first start works on a copy that stays the user's.
void TestMainWindow::examplesAreCopiedOnce()
{
    QDir(ExampleWorkspace::writableDirectory()).removeRecursively();
    QString error;
    const QString copy = ExampleWorkspace::prepare(&error);
    QVERIFY2(!copy.isEmpty(), qPrintable(error));
    QCOMPARE(copy, ExampleWorkspace::writableDirectory());
    const QString source = copy + QStringLiteral("/counter/counterplugin.cpp");
    QVERIFY(QFileInfo(source).isWritable());
    QFile edited(source);
    QVERIFY(edited.open(QIODevice::Append));
    edited.write("// the user's own line\n");
    edited.close();
    QCOMPARE(ExampleWorkspace::prepare(&error), copy);
    QVERIFY(edited.open(QIODevice::ReadOnly));
    QVERIFY(edited.readAll().endsWith("// the user's own line\n"));
    QVERIFY(QDir(ExampleWorkspace::writableDirectory()).removeRecursively());
}

void TestMainWindow::opensAndBuildsTheExamples()
{
    QVERIFY(m_window->openWorkspace(m_workspace.path()));
    QCOMPARE(m_trustQuestions, QStringList{m_workspace.path()});
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(QStringLiteral("counter")) && m_host->isLoaded(QStringLiteral("stopwatch")),
                             buildTimeoutMs);
    // Both live widgets are shown, the list has both rows, the console and status bar say how it went.
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hello from the counter")));
    PluginListModel *model = m_window->pluginList()->model();
    QVERIFY(model->rowOf(QStringLiteral("counter")) >= 0);
    QVERIFY(model->rowOf(QStringLiteral("stopwatch")) >= 0);
    // The Process column names this window for its own rows too, not only for an attached app's.
    for (const QString &name : {QStringLiteral("counter"), QStringLiteral("stopwatch")}) {
        const QModelIndex process = model->index(model->rowOf(name), PluginListModel::ProcessColumn);
        QCOMPARE(model->data(process).toString(), QStringLiteral("Relive (this window)"));
    }
    QTRY_VERIFY(m_window->buildStateText().contains(QStringLiteral("succeeded")));
    QVERIFY2(m_window->turnaroundText().contains(QStringLiteral("live in")), qPrintable(m_window->turnaroundText()));
    // Nothing was open: the first plugin's source is, found through the build's compile database.
    QTRY_COMPARE(m_window->editorArea()->editors().size(), 1);
    const QString opened = m_window->editorArea()->editors().constFirst()->filePath();
    QVERIFY2(opened.endsWith(QStringLiteral("/counter/counterplugin.cpp")) || opened.endsWith(QStringLiteral("/stopwatch/stopwatchplugin.cpp")),
             qPrintable(opened));
    // Selecting a row in the Plugins table brings its Live View tab to the front.
    for (const QString &name : {QStringLiteral("stopwatch"), QStringLiteral("counter")}) {
        QVERIFY(m_window->pluginList()->selectPlugin(name));
        QCOMPARE(m_window->liveView()->currentPlugin(), name);
    }
}

// Unloading a plugin replaces its widget with a line that says so: the docks keep their places
// and sizes (they used to jump as the Live View's content changed), and so does the editor.
void TestMainWindow::docksStayWhenAPluginUnloads()
{
    const QString stopwatch = QStringLiteral("stopwatch");
    QVERIFY(m_host->isLoaded(stopwatch));
    QVERIFY(m_window->pluginList()->selectPlugin(stopwatch)); // its tab is the one shown
    QVERIFY(m_window->liveView()->pluginWidget(stopwatch));
    QTest::qWait(200); // any layout still pending from the load settles first
    const auto geometries = [this] {
        QStringList docks;
        for (const QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
            const QRect g = dock->geometry();
            docks.append(QStringLiteral("%1 %2,%3 %4x%5").arg(dock->objectName()).arg(g.x()).arg(g.y()).arg(g.width()).arg(g.height()));
        }
        const QRect central = m_window->centralWidget()->geometry();
        docks.append(QStringLiteral("editor %1,%2 %3x%4").arg(central.x()).arg(central.y()).arg(central.width()).arg(central.height()));
        docks.sort();
        return docks;
    };
    const QStringList before = geometries();
    QVERIFY(before.size() >= 5);
    const QString artifact = m_host->record(stopwatch).artifactPath;
    QVERIFY2(m_host->unload(stopwatch), qPrintable(m_host->errorString()));
    QVERIFY(!m_window->liveView()->pluginWidget(stopwatch));
    QVERIFY2(m_window->liveView()->placeholderText(stopwatch).contains(QStringLiteral("not loaded")),
             qPrintable(m_window->liveView()->placeholderText(stopwatch)));
    QTest::qWait(200); // the relayout, if any, happens on the event loop
    QCOMPARE(geometries(), before);

    QVERIFY2(m_host->reload(stopwatch, artifact), qPrintable(m_host->errorString()));
    QTRY_VERIFY(m_window->liveView()->pluginWidget(stopwatch));
    QTest::qWait(200);
    QCOMPARE(geometries(), before);
}

// File → Recent Workspaces: the workspace just opened comes first.
void TestMainWindow::recentWorkspacesListTheOpenOne()
{
    QMenu *recent = nullptr;
    for (QAction *action : m_window->menuBar()->actions()) {
        if (action->text() != QStringLiteral("&File"))
            continue;
        for (QAction *entry : action->menu()->actions()) {
            if (entry->text() == QStringLiteral("Recent &Workspaces"))
                recent = entry->menu();
        }
    }
    QVERIFY(recent);
    QVERIFY(recent->isEnabled());
    QVERIFY(!recent->actions().isEmpty());
    QCOMPARE(recent->actions().constFirst()->text(), m_workspace.path());
}

// Build → Compiler Launcher: the choice is kept, reaches the session's toolchain, and the
// rebuild it starts runs the compiler through it.
void TestMainWindow::compilerLauncherReachesTheToolchain()
{
    CompilerLauncherMenu *menu = m_window->compilerLauncherMenu();
    QVERIFY(menu);
    QMenu *build = nullptr;
    for (QAction *action : m_window->menuBar()->actions()) {
        if (action->text() == QStringLiteral("&Build"))
            build = action->menu();
    }
    QVERIFY(build && build->actions().contains(menu->menuAction()));
    Relive::LiveSession *session = m_window->workspace()->session();
    QVERIFY(session);
    QCOMPARE(menu->launcher(), QStringLiteral("auto"));
    QCOMPARE(QFileInfo(session->toolchain().launcher).fileName(), QStringLiteral("ccache"));

    const auto waitForBuild = [this] {
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->workspace()->isBuilding(), buildTimeoutMs);
        QTRY_VERIFY2(m_window->buildStateText().contains(QStringLiteral("succeeded")), qPrintable(m_window->buildStateText()));
    };
    // Another program, as "Other Program…" gives it: a script that logs what it runs.
    QTemporaryDir tools;
    const QString log = tools.filePath(QStringLiteral("launches.log"));
    const QString launcher = tools.filePath(QStringLiteral("logging-launcher"));
    QFile script(launcher);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + QFile::encodeName(log) + "'\nexec \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    menu->choose(launcher);
    QCOMPARE(QSettings().value(QStringLiteral("build/compilerLauncher")).toString(), launcher);
    QCOMPARE(session->toolchain().launcher, launcher);
    QVERIFY(m_window->workspace()->isBuilding()); // reconfiguring with it
    waitForBuild();
    QFile launches(log);
    QVERIFY2(launches.open(QIODevice::ReadOnly), "the build never ran the launcher");
    QVERIFY(launches.readAll().contains("counterplugin.cpp"));
    QVERIFY(m_host->isLoaded(QStringLiteral("counter")));

    // None, from the menu's own entry; a new window starts with the kept choice.
    QAction *none = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->data().toString() == QStringLiteral("none"))
            none = action;
    }
    QVERIFY(none);
    none->trigger();
    QVERIFY(none->isChecked());
    QCOMPARE(session->toolchain().launcher, QString());
    waitForBuild();
    {
        MainWindow next(m_host);
        QCOMPARE(next.workspace()->compilerLauncher(), QStringLiteral("none"));
        QCOMPARE(next.compilerLauncherMenu()->launcher(), QStringLiteral("none"));
    }

    menu->choose(QStringLiteral("auto")); // the later tests build as users do
    QCOMPARE(QFileInfo(session->toolchain().launcher).fileName(), QStringLiteral("ccache"));
    waitForBuild();
    QVERIFY(m_host->isLoaded(QStringLiteral("counter")));
}

void TestMainWindow::typedEditSavedWithCtrlSReloads()
{
    QVERIFY(QMetaObject::invokeMethod(m_host->instance(QStringLiteral("counter")), "increment"));
    QVERIFY(QMetaObject::invokeMethod(m_host->instance(QStringLiteral("counter")), "increment"));
    const int generation = counterGeneration();

    CodeEditor *editor = openCounterSource();
    QVERIFY(editor);
    selectText(editor, QStringLiteral("Hello"));
    QTest::keyClicks(editor, QStringLiteral("Howdy"));
    QVERIFY(editor->document()->isModified());
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(!editor->document()->isModified());

    QTRY_COMPARE_WITH_TIMEOUT(counterGeneration(), generation + 1, buildTimeoutMs);
    QCOMPARE(counterCount(), 2); // the state came along
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Howdy from the counter, now at 2")));
    PluginListModel *model = m_window->pluginList()->model();
    const QModelIndex generationCell = model->index(model->rowOf(QStringLiteral("counter")), PluginListModel::GenerationColumn);
    QCOMPARE(generationCell.data().toInt(), generation + 1);
}

void TestMainWindow::compileErrorIsShownAndClickable()
{
    const int generation = counterGeneration();
    CodeEditor *editor = openCounterSource();
    selectText(editor, QStringLiteral(".arg(m_count);"));
    const int errorLine = editor->textCursor().blockNumber() + 1;
    QTest::keyClick(editor, Qt::Key_End);
    QTest::keyClicks(editor, QStringLiteral(" oops"));
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);

    QTRY_VERIFY2_WITH_TIMEOUT(m_window->buildStateText().contains(QStringLiteral("failed")),
                              qPrintable(m_window->buildStateText() + QLatin1Char('\n') + editor->toPlainText()), buildTimeoutMs);
    // The editor marks the line; the console has a clickable diagnostic.
    QTRY_VERIFY(!editor->diagnostics().isEmpty());
    QCOMPARE(editor->diagnostics().constFirst().line, errorLine);
    const int errorColumn = editor->diagnostics().constFirst().column;
    BuildOutputView *output = m_window->buildConsole()->outputView();
    QVERIFY(output->linkCount() > 0);

    // The old generation still runs and still works.
    QCOMPARE(counterGeneration(), generation);
    QPushButton *plusOne = buttonNamed(m_window->liveView(), QStringLiteral("+1"));
    QVERIFY(plusOne);
    const int count = counterCount();
    QTest::mouseClick(plusOne, Qt::LeftButton);
    QCOMPARE(counterCount(), count + 1);

    // Clicking the diagnostic puts the editor's cursor on it.
    editor->goToPosition(1, 1);
    int linkBlock = -1;
    for (int block = 0; block < output->document()->blockCount() && linkBlock < 0; ++block) {
        if (output->isLink(block) && output->document()->findBlockByNumber(block).text().contains(QStringLiteral("oops")))
            linkBlock = block;
    }
    QVERIFY(linkBlock >= 0);
    m_window->buildConsole()->parentWidget()->show();
    m_window->buildConsole()->parentWidget()->raise();
    QTextCursor cursor(output->document()->findBlockByNumber(linkBlock));
    output->setTextCursor(cursor);
    output->ensureCursorVisible();
    const QRect rect = output->cursorRect(cursor);
    QTest::mouseClick(output->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(rect.left() + 20, rect.center().y()));
    QTRY_COMPARE(m_window->editorArea()->currentEditor(), editor);
    QCOMPARE(editor->currentLineNumber(), errorLine);
    QCOMPARE(editor->currentColumnNumber(), errorColumn);

    // Fixed (with one more change, or the artifact would be the live one byte for byte and
    // rightly not reloaded): reloads, and the marks go away.
    selectText(editor, QStringLiteral(" oops"));
    QTest::keyClick(editor, Qt::Key_Backspace);
    selectText(editor, QStringLiteral("Howdy"));
    QTest::keyClicks(editor, QStringLiteral("Hey"));
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(counterGeneration(), generation + 1, buildTimeoutMs);
    QTRY_VERIFY(editor->diagnostics().isEmpty());
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hey from the counter")));
}

void TestMainWindow::newPluginIsBuiltAndLoaded()
{
    QVERIFY(!m_window->createPlugin(QStringLiteral("Bad Name")));
    QVERIFY(m_window->createPlugin(QStringLiteral("clock_face")));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(QStringLiteral("clock_face")), buildTimeoutMs);
    QVERIFY(m_window->editorArea()->editorFor(m_workspace.filePath(QStringLiteral("clock_face/clock_faceplugin.cpp"))));
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Clicked 0 times")));
    QVERIFY(m_host->isLoaded(QStringLiteral("counter"))); // the others stay
}

void TestMainWindow::incompatibleChangeOffersRestart()
{
    QVERIFY(!m_window->isRestartOffered());
    // The kind of refusal decides, not its words: a bad Version is fixed by editing the
    // metadata, even in a folder whose name says "interface".
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString badVersion = folder.filePath(QStringLiteral("interface IID/counter.so"));
    QVERIFY(QDir().mkpath(QFileInfo(badVersion).absolutePath()));
    QVERIFY(QFile::copy(QStringLiteral(RELIVE_FIXTURE_DIR "/fixture_bad_version.so"), badVersion));
    QVERIFY(!m_host->reload(QStringLiteral("counter"), badVersion));
    QVERIFY2(m_host->errorString().contains(QStringLiteral("interface IID")), qPrintable(m_host->errorString()));
    QVERIFY(!m_window->isRestartOffered());
    // A plugin for another interface cannot replace the counter in place: the old one stays,
    // and the window offers the way out.
    const int generation = counterGeneration();
    QVERIFY(!m_host->reload(QStringLiteral("counter"), QStringLiteral(RELIVE_FIXTURE_DIR "/fixture_other_iid.so")));
    QCOMPARE(counterGeneration(), generation);
    QVERIFY(m_window->isRestartOffered());
    // The status bar and the console say why, after whatever build came before.
    const QString said = m_window->buildStateText();
    QVERIFY2(said.contains(QStringLiteral("refused, the running generation stays live"))
                 && said.contains(QStringLiteral("wrong plugin interface")),
             qPrintable(said));
    // The counter's own code goes live in place again: nothing calls for a restart any more, and
    // the offer goes (it used to stay until the next workspace).
    QVERIFY2(m_host->reload(QStringLiteral("counter"), m_host->record(QStringLiteral("counter")).artifactPath),
             qPrintable(m_host->errorString()));
    QCOMPARE(counterGeneration(), generation + 1);
    QVERIFY(!m_window->isRestartOffered());
}

void TestMainWindow::restartKeepsState()
{
    const int count = counterCount();
    QVERIFY(count > 0);
    CodeEditor *editor = openCounterSource();
    editor->goToPosition(3, 1);
    QTest::keyClicks(editor, QStringLiteral("// not saved yet"));
    QTest::keyClick(editor, Qt::Key_Return);
    const QString unsaved = editor->toPlainText();
    const QJsonObject session = m_window->sessionState();

    // What File → Restart does, in one process: the old window and its plugins go...
    delete m_window;
    m_host->unloadAll();
    QVERIFY(!m_host->isLoaded(QStringLiteral("counter")));
    // ...and a new window comes back from the session.
    m_window = new MainWindow(m_host);
    trustWhenAsked();
    m_window->show();
    m_window->restoreSessionState(session);
    QCOMPARE(m_trustQuestions.size(), 1); // built and trusted before: not asked again
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(QStringLiteral("counter")), buildTimeoutMs);
    QCOMPARE(counterCount(), count);
    QTRY_VERIFY(labelStartingWith(m_window->liveView(), QStringLiteral("Hey from the counter, now at %1").arg(count)));
    CodeEditor *restored = m_window->editorArea()->editorFor(m_workspace.filePath(QStringLiteral("counter/counterplugin.cpp")));
    QVERIFY(restored);
    QCOMPARE(restored->toPlainText(), unsaved);
    QVERIFY(restored->document()->isModified());
}

// The session file can hold unsaved text: only its owner reads it, and only once.
void TestMainWindow::restartSessionFileIsPrivateAndReadOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.json"));
    QString error;
    QVERIFY2(SessionStore::write(path, m_window->sessionState(), &error), qPrintable(error));
    QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    const QJsonObject session = SessionStore::take(path, &error);
    QCOMPARE(session.value(QStringLiteral("workspace")).toString(), m_workspace.path());
    QVERIFY(session.value(QStringLiteral("plugins")).toObject().contains(QStringLiteral("counter")));
    QVERIFY(!QFileInfo::exists(path));

    QFile damaged(path);
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("{ not json");
    damaged.close();
    QVERIFY(SessionStore::take(path, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
}

void TestMainWindow::cleanupTestCase()
{
    delete m_window;
    m_host->unloadAll();
    QDir(Relive::LiveSession::defaultBuildDirectory(m_workspace.path())).removeRecursively();
    WorkspaceTrust::revoke(m_workspace.path());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
