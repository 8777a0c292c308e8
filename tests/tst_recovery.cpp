// Recovery copies of unsaved buffers, end to end: a real child process runs the real main
// window, types into a buffer and is killed with SIGKILL once its copy is on disk; a fresh
// main window (this process, the same XDG folders) must offer the copy with its diff, and
// Recover must give back the exact typed text, unsaved. Clean exits, saves, undo and discards
// leave no copy; damaged copies are reported and kept as .corrupt.
//
// The test binary is also the child: started with --editing-child <file>, it runs the editor
// as main.cpp does (SIGTERM ends it cleanly) and prints "ready <copy>" when the copy is written.
#include "counterworkspace.h"
#include "privatexdg.h"
#include "recovery/bufferrecovery.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "recovery/linediff.h"
#include "mainwindow.h"
#include "recovery/recoverydialog.h"
#include "recovery/recoverystore.h"
#include "restoredapp.h"

#include "relive/pluginhost.h"
#include "relive/unixsignalwatcher.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace Relive::App;

namespace {
const QString ChildMode = QStringLiteral("--editing-child");
const QString OriginalText = QStringLiteral("int answer()\n{\n    return 41;\n}\n");
const QString TypedText = QStringLiteral("// typed, then the editor was killed");
// A writer that cannot be running: no process of pid 4242 started at clock tick 1.
const QString GoneWriter = QStringLiteral("4242-1-");
constexpr int ChildTimeoutMs = 120000;

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    ::stat(QFile::encodeName(path).constData(), &info);
    return info.st_mode & 07777;
}

QStringList copiesIn(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral("*.json")}, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

// The child: the editor as the app runs it, typing into \a file until its copy is written.
int runEditingChild(const QString &file)
{
    Relive::PluginHost host;
    MainWindow window(&host);
    window.show();
    // SIGTERM ends the event loop, as in main.cpp; exit() rather than quit(), which in Qt 6 first
    // closes the window, and that asks about the unsaved changes.
    Relive::UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Relive::UnixSignalWatcher::terminationRequested, qApp, [] { QCoreApplication::exit(0); });
    CodeEditor *editor = window.editorArea()->openFile(file);
    if (!editor) {
        std::fprintf(stderr, "child: %s\n", qPrintable(window.editorArea()->errorString()));
        return 2;
    }
    QObject::connect(window.recovery(), &BufferRecovery::copyWritten, &window, [&window](const QString &path) {
        std::printf("ready %s\n", qPrintable(window.recovery()->store()->copyPathFor(path)));
        std::fflush(stdout);
    });
    QTimer::singleShot(0, editor, [editor] {
        editor->moveCursor(QTextCursor::End);
        QTest::keyClicks(editor, TypedText); // all of it before the copy's timer can fire
    });
    return QCoreApplication::exec();
}

// A copy of \a filePath as a process that is gone would have left it.
QString plantOrphan(const QString &folder, const QString &filePath, const QString &text)
{
    RecoveryStore store(folder);
    QString error;
    const QByteArray base = TestFiles::readFile(filePath);
    if (!store.write(filePath, text, QFileInfo::exists(filePath), base, &error))
        return QString();
    const QString written = store.copyPathFor(filePath);
    const QString orphan = folder + QLatin1Char('/') + GoneWriter + written.section(QLatin1Char('-'), -1);
    return QFile::rename(written, orphan) ? orphan : QString();
}

// A child process of this test binary, in child mode, on \a file.
struct EditingChild
{
    QProcess process;
    QByteArray output;
    QString copyPath;

    void start(const QString &file)
    {
        process.setProgram(QCoreApplication::applicationFilePath());
        process.setArguments({ChildMode, file});
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [this] {
            output += process.readAllStandardOutput();
            const int ready = output.indexOf("ready ");
            const int end = output.indexOf('\n', ready);
            if (ready >= 0 && end > ready && copyPath.isEmpty())
                copyPath = QString::fromLocal8Bit(output.mid(ready + 6, end - ready - 6));
        });
        process.start();
    }
};
} // namespace

class tst_Recovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void killedEditorIsOfferedBack();
    void cleanExitLeavesNoCopy();
    void restartRestoresTheSessionInANewProcess();
    void restartBringsBackCursorsDocksAndPluginStates();
    void copyGoesWhenTheBufferIsClean_data();
    void copyGoesWhenTheBufferIsClean();
    void copyOfAGoneFileStillRecovers();
    void fileChangedSinceIsSaid();
    void discardDeletesAndLaterKeeps();
    void damagedCopyIsReportedAndKept_data();
    void damagedCopyIsReportedAndKept();
    void copiesOfLiveProcessesAreNotOffered();
    void recoveredBufferOpensAtItsFirstChange();

private:
    QString writeSource(const QString &name, const QString &text);
    /*! The runtime folder of the app whose pid is \a pid, or empty while it has none. */
    QString runtimeFolderOf(qint64 pid) const;

    QTemporaryDir m_home; // XDG_DATA_HOME and XDG_CONFIG_HOME of this process and its children
    QScopedPointer<QTemporaryDir> m_work;
    QString m_folder; // RecoveryStore::defaultFolder()
};

void tst_Recovery::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Before any QSettings or QStandardPaths use: the children inherit the same folders, and
    // the app's runtime folders (its session.json and journal.json) are where the test reads them.
    QVERIFY(PrivateXdg::useFolders(m_home.path()));
    m_folder = RecoveryStore::defaultFolder();
    QVERIFY2(m_folder.startsWith(m_home.path()), qPrintable(m_folder));
}

void tst_Recovery::init()
{
    QDir(m_folder).removeRecursively();
    m_work.reset(new QTemporaryDir);
    QVERIFY(m_work->isValid());
}

QString tst_Recovery::writeSource(const QString &name, const QString &text)
{
    const QString path = m_work->filePath(name);
    if (!TestFiles::writeFile(path, text.toUtf8()))
        return QString();
    return QFileInfo(path).canonicalFilePath();
}

void tst_Recovery::killedEditorIsOfferedBack()
{
    const QString file = writeSource(QStringLiteral("answer.cpp"), OriginalText);
    QVERIFY(!file.isEmpty());
    const QString expected = OriginalText + TypedText;

    EditingChild child;
    child.start(file);
    QVERIFY2(child.process.waitForStarted(), qPrintable(child.process.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(!child.copyPath.isEmpty() || child.process.state() == QProcess::NotRunning, ChildTimeoutMs);
    QVERIFY2(!child.copyPath.isEmpty(), child.output.constData());

    // The copy: complete, private, in a private folder, naming its writer.
    const RecoveryStore::Copy written = RecoveryStore::read(child.copyPath);
    QVERIFY2(written.isValid(), qPrintable(written.errorString));
    QCOMPARE(written.filePath, file);
    QCOMPARE(written.text, expected);
    QCOMPARE(written.pid, qint64(child.process.processId()));
    QVERIFY(written.baseExists);
    QCOMPARE(written.baseSize, qint64(OriginalText.toUtf8().size()));
    QCOMPARE(modeOf(child.copyPath), mode_t(0600));
    QCOMPARE(modeOf(m_folder), mode_t(0700));

    QCOMPARE(::kill(pid_t(child.process.processId()), SIGKILL), 0);
    QVERIFY(child.process.waitForFinished(ChildTimeoutMs));
    QCOMPARE(child.process.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFileInfo::exists(child.copyPath)); // nothing cleaned up after a kill
    QCOMPARE(TestFiles::readFile(file), OriginalText.toUtf8()); // and nothing was saved

    // The next start offers it.
    Relive::PluginHost host;
    QScopedPointer<MainWindow> window(new MainWindow(&host));
    window->show();
    QTRY_VERIFY(window->recovery()->dialog());
    RecoveryDialog *dialog = window->recovery()->dialog();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->fileList()->count(), 1);
    QCOMPARE(dialog->fileList()->item(0)->text(), QDir::toNativeSeparators(file));
    const QString diff = dialog->diffView()->toPlainText();
    QCOMPARE(diff + QLatin1Char('\n'), LineDiff::unified(OriginalText, expected));
    QVERIFY2(diff.contains(QStringLiteral("\n }\n+") + TypedText + QStringLiteral("\n\\ No newline at end of file")),
             qPrintable(diff));
    QVERIFY2(diff.contains(QStringLiteral("\n     return 41;\n")), qPrintable(diff)); // context
    QVERIFY(dialog->button(RecoveryDialog::Choice::Recover)->isEnabled());

    QPointer<RecoveryDialog> open = dialog;
    QTest::mouseClick(dialog->button(RecoveryDialog::Choice::Recover), Qt::LeftButton);
    QTRY_VERIFY(!open); // every copy answered: the dialog closed itself
    CodeEditor *editor = window->editorArea()->editorFor(file);
    QVERIFY(editor);
    QCOMPARE(editor->fileText(), expected);
    QVERIFY(editor->document()->isModified());
    QCOMPARE(window->editorArea()->tabWidget()->tabText(window->editorArea()->tabWidget()->indexOf(editor)),
             QStringLiteral("answer.cpp*"));
    QCOMPARE(TestFiles::readFile(file), OriginalText.toUtf8()); // recovered, not saved

    // The dead process's copy is gone; this process holds the text now.
    QVERIFY(!QFileInfo::exists(child.copyPath));
    const QStringList own = window->recovery()->store()->ownCopies();
    QCOMPARE(own.size(), 1);
    QCOMPARE(RecoveryStore::read(own.first()).text, expected);
    window.reset();
    QCOMPARE(copiesIn(m_folder), QStringList());
}

// File → Restart, Keeping State, across a real process boundary: the session as the restart
// writes it (the JSON of MainWindow::sessionState(), written here by hand) given to the real
// `relive` program with --restore-session, as the restart starts it. The new process opens the
// session's files, the unsaved one with its unsaved text, which its recovery copy (written as
// after any edit) shows from outside; and it reads the session file once.
void tst_Recovery::restartRestoresTheSessionInANewProcess()
{
    const QString saved = writeSource(QStringLiteral("saved.cpp"), OriginalText);
    const QString unsaved = writeSource(QStringLiteral("unsaved.cpp"), OriginalText);
    QVERIFY(!saved.isEmpty() && !unsaved.isEmpty());
    const QString unsavedText = OriginalText + QStringLiteral("// typed before the restart\n");
    const QJsonArray files{
        QJsonObject{{QStringLiteral("path"), saved}, {QStringLiteral("line"), 2}, {QStringLiteral("column"), 1},
                    {QStringLiteral("scroll"), 0}, {QStringLiteral("modified"), false}},
        QJsonObject{{QStringLiteral("path"), unsaved}, {QStringLiteral("line"), 3}, {QStringLiteral("column"), 5},
                    {QStringLiteral("scroll"), 0}, {QStringLiteral("modified"), true}, {QStringLiteral("text"), unsavedText}}};
    const QJsonObject session{{QStringLiteral("version"), 1},
                              {QStringLiteral("workspace"), QString()},
                              {QStringLiteral("editors"), QJsonObject{{QStringLiteral("files"), files}, {QStringLiteral("current"), 1}}},
                              {QStringLiteral("plugins"), QJsonObject()},
                              {QStringLiteral("geometry"), QString()},
                              {QStringLiteral("windowState"), QString()}};
    const QString sessionPath = m_work->filePath(QStringLiteral("restart-session.json"));
    QVERIFY(TestFiles::writeFile(sessionPath, QJsonDocument(session).toJson()));

    RestoredApp restored;
    QVERIFY2(restored.start(sessionPath), qPrintable(restored.process.errorString()));
    QProcess &app = restored.process;

    QTRY_VERIFY_WITH_TIMEOUT(!copiesIn(m_folder).isEmpty() || app.state() == QProcess::NotRunning, ChildTimeoutMs);
    QVERIFY2(app.state() == QProcess::Running, "relive --restore-session ended");
    const QStringList copies = copiesIn(m_folder);
    QCOMPARE(copies.size(), 1); // the saved file has nothing to keep
    const RecoveryStore::Copy copy = RecoveryStore::read(m_folder + QLatin1Char('/') + copies.constFirst());
    QVERIFY2(copy.isValid(), qPrintable(copy.errorString));
    QCOMPARE(copy.filePath, unsaved);
    QCOMPARE(copy.text, unsavedText);
    QCOMPARE(copy.pid, qint64(app.processId()));
    QVERIFY2(!QFileInfo::exists(sessionPath), "the session file was not consumed: a second start would restore it again");
    QCOMPARE(TestFiles::readFile(unsaved), OriginalText.toUtf8()); // restored as unsaved, not written
}

QString tst_Recovery::runtimeFolderOf(qint64 pid) const
{
    const QDir base(m_home.filePath(QStringLiteral("runtime/relive")));
    const QStringList mine = base.entryList({QStringLiteral("%1-*").arg(pid)}, QDir::Dirs | QDir::NoDotAndDotDot);
    return mine.isEmpty() ? QString() : base.filePath(mine.constFirst());
}

// File → Restart, Keeping State brings back more than the buffers: the real `relive` started
// with a restart's session on a real workspace puts every cursor where it was, shows the tab
// that was current, lays out the docks as they were (the Build Console closed here), and loads
// the plugin with the state it had. What the new process holds is read from outside: the
// session and the plugin journal it keeps in its runtime folder for crash recovery.
void tst_Recovery::restartBringsBackCursorsDocksAndPluginStates()
{
    const QString root = QFileInfo(m_work->path()).canonicalFilePath();
    const QString source = CounterWorkspace::create(root, CounterWorkspace::exampleSource());
    QVERIFY(!source.isEmpty());
    const QString notes = writeSource(QStringLiteral("notes.txt"), OriginalText);
    const QString unsavedText = OriginalText + QStringLiteral("// typed before the restart\n");

    // The window layout as the restarted window saved it: the Build Console closed.
    QByteArray layout;
    {
        Relive::PluginHost host;
        MainWindow window(&host);
        QDockWidget *console = window.findChild<QDockWidget *>(QStringLiteral("console"));
        QVERIFY(console);
        console->hide();
        layout = window.saveState();
    }
    const QJsonArray files{
        QJsonObject{{QStringLiteral("path"), source}, {QStringLiteral("line"), 17}, {QStringLiteral("column"), 9},
                    {QStringLiteral("scroll"), 0}, {QStringLiteral("modified"), false}},
        QJsonObject{{QStringLiteral("path"), notes}, {QStringLiteral("line"), 3}, {QStringLiteral("column"), 5},
                    {QStringLiteral("scroll"), 0}, {QStringLiteral("modified"), true}, {QStringLiteral("text"), unsavedText}}};
    const QJsonObject session{
        {QStringLiteral("version"), 1},
        {QStringLiteral("workspace"), root},
        {QStringLiteral("editors"), QJsonObject{{QStringLiteral("files"), files}, {QStringLiteral("current"), 0}}},
        {QStringLiteral("plugins"), QJsonObject{{QStringLiteral("counter"), QJsonObject{{QStringLiteral("count"), 41}}}}},
        {QStringLiteral("windowState"), QString::fromLatin1(layout.toBase64())}};
    const QString sessionPath = m_work->filePath(QStringLiteral("restart-session.json"));
    QVERIFY(TestFiles::writeFile(sessionPath, QJsonDocument(session).toJson()));

    // A journal period longer than the test: what the journal holds was saved at the load and
    // right after the state was given back, not by a periodic save.
    RestoredApp relive;
    QVERIFY2(relive.start(sessionPath, {QStringLiteral("--journal-period"), QStringLiteral("3600")}),
             qPrintable(relive.process.errorString()));
    QProcess &app = relive.process;
    const qint64 pid = app.processId();
    const auto readJson = [](const QString &path) { return QJsonDocument::fromJson(TestFiles::readFile(path)).object(); };

    // The plugin, built by the new process, loaded with the state it had before the restart, and
    // journaled with it at once: a crash right after the restart comes back to that state.
    QString folder;
    QJsonObject counter;
    QTRY_VERIFY_WITH_TIMEOUT((!(folder = runtimeFolderOf(pid)).isEmpty()
                              && (counter = readJson(folder + QStringLiteral("/journal.json"))
                                                .value(QStringLiteral("plugins")).toObject()
                                                .value(QStringLiteral("counter")).toObject())
                                         .value(QStringLiteral("live")).toInt() == 1
                              && counter.value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt() == 41)
                                 || app.state() == QProcess::NotRunning,
                             ChildTimeoutMs);
    QVERIFY2(app.state() == QProcess::Running, "relive --restore-session ended");

    // Its session as it holds it now: cursors, the current tab and the docks as they were.
    QJsonObject now;
    QTRY_VERIFY_WITH_TIMEOUT(!(now = readJson(folder + QStringLiteral("/session.json"))).isEmpty(), ChildTimeoutMs);
    QCOMPARE(now.value(QStringLiteral("workspace")).toString(), root);
    const QJsonObject editors = now.value(QStringLiteral("editors")).toObject();
    const QJsonArray restored = editors.value(QStringLiteral("files")).toArray();
    QMap<QString, QJsonObject> byPath;
    for (const QJsonValue &file : restored)
        byPath.insert(file.toObject().value(QStringLiteral("path")).toString(), file.toObject());
    QVERIFY2(byPath.contains(source) && byPath.contains(notes), QJsonDocument(restored).toJson().constData());
    QCOMPARE(byPath.value(source).value(QStringLiteral("line")).toInt(), 17);
    QCOMPARE(byPath.value(source).value(QStringLiteral("column")).toInt(), 9);
    QCOMPARE(byPath.value(notes).value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(byPath.value(notes).value(QStringLiteral("column")).toInt(), 5);
    QCOMPARE(byPath.value(notes).value(QStringLiteral("text")).toString(), unsavedText);
    QCOMPARE(restored.at(editors.value(QStringLiteral("current")).toInt()).toObject().value(QStringLiteral("path")).toString(), source);
    {
        Relive::PluginHost host;
        MainWindow window(&host);
        QVERIFY(window.restoreState(QByteArray::fromBase64(now.value(QStringLiteral("windowState")).toString().toLatin1())));
        QVERIFY2(window.findChild<QDockWidget *>(QStringLiteral("console"))->isHidden(), "the closed console came back open");
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("plugins"))->isHidden());
    }
    QCOMPARE(TestFiles::readFile(notes), OriginalText.toUtf8()); // restored as unsaved, not written
}

void tst_Recovery::cleanExitLeavesNoCopy()
{
    const QString file = writeSource(QStringLiteral("answer.cpp"), OriginalText);
    EditingChild child;
    child.start(file);
    QVERIFY2(child.process.waitForStarted(), qPrintable(child.process.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(!child.copyPath.isEmpty() || child.process.state() == QProcess::NotRunning, ChildTimeoutMs);
    QVERIFY2(!child.copyPath.isEmpty(), child.output.constData());
    QVERIFY(QFileInfo::exists(child.copyPath));

    // SIGTERM, as a logout or `kill` sends it: the app quits through its event loop.
    QCOMPARE(::kill(pid_t(child.process.processId()), SIGTERM), 0);
    QVERIFY(child.process.waitForFinished(ChildTimeoutMs));
    QCOMPARE(child.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.process.exitCode(), 0);
    QCOMPARE(copiesIn(m_folder), QStringList());

    // Nothing to offer at the next start.
    EditorArea area;
    BufferRecovery recovery(&area, m_folder);
    QVERIFY(!recovery.offerRecovery(nullptr));
}

void tst_Recovery::copyGoesWhenTheBufferIsClean_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("saved") << QStringLiteral("save");
    QTest::newRow("undone to the file's text") << QStringLiteral("undo");
    QTest::newRow("closed, discarding the changes") << QStringLiteral("discard");
}

void tst_Recovery::copyGoesWhenTheBufferIsClean()
{
    QFETCH(QString, how);
    const QString file = writeSource(QStringLiteral("a.cpp"), OriginalText);
    EditorArea area;
    area.setCloseQuestion([](const QString &) { return EditorArea::CloseAnswer::Discard; });
    BufferRecovery recovery(&area, m_folder);
    QCOMPARE(recovery.delay(), 2000);
    recovery.setDelay(50);
    QSignalSpy written(&recovery, &BufferRecovery::copyWritten);
    QSignalSpy removed(&recovery, &BufferRecovery::copyRemoved);
    CodeEditor *editor = area.openFile(file);
    QVERIFY(editor);
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, QStringLiteral("int more;"));
    const QString copyPath = recovery.store()->copyPathFor(file);
    QTRY_COMPARE(RecoveryStore::read(copyPath).text, OriginalText + QStringLiteral("int more;"));
    QVERIFY(written.count() >= 1);

    // More typing: the copy follows, once typing stops again.
    QTest::keyClicks(editor, QStringLiteral(" int most;"));
    QTRY_COMPARE(RecoveryStore::read(copyPath).text, OriginalText + QStringLiteral("int more; int most;"));
    QVERIFY(written.count() >= 2);

    if (how == QLatin1String("save")) {
        QVERIFY(area.save(editor));
        QCOMPARE(TestFiles::readFile(file), (OriginalText + QStringLiteral("int more; int most;")).toUtf8());
    } else if (how == QLatin1String("undo")) {
        while (editor->document()->isModified() && editor->document()->isUndoAvailable())
            editor->undo();
        QCOMPARE(editor->fileText(), OriginalText);
    } else {
        QVERIFY(area.closeTab(0));
        QCOMPARE(TestFiles::readFile(file), OriginalText.toUtf8());
    }
    QCOMPARE(removed.count(), 1);
    QVERIFY(!QFileInfo::exists(copyPath));
    QTest::qWait(200); // longer than the delay: no copy comes back for a clean buffer
    QCOMPARE(copiesIn(m_folder), QStringList());
}

void tst_Recovery::copyOfAGoneFileStillRecovers()
{
    const QString file = writeSource(QStringLiteral("gone.cpp"), OriginalText);
    const QString orphan = plantOrphan(m_folder, file, QStringLiteral("only in the copy\n"));
    QVERIFY(!orphan.isEmpty());
    QVERIFY(QFile::remove(file));

    Relive::PluginHost host;
    MainWindow window(&host);
    window.show();
    QTRY_VERIFY(window.recovery()->dialog());
    RecoveryDialog *dialog = window.recovery()->dialog();
    QVERIFY2(dialog->messageLabel()->text().contains(QStringLiteral("no longer exists")),
             qPrintable(dialog->messageLabel()->text()));
    QCOMPARE(dialog->diffView()->toPlainText(), QStringLiteral("@@ -0,0 +1 @@\n+only in the copy"));
    QVERIFY(dialog->choose(RecoveryDialog::Choice::Recover));

    CodeEditor *editor = window.editorArea()->editorFor(file);
    QVERIFY(editor);
    QCOMPARE(editor->fileText(), QStringLiteral("only in the copy\n"));
    QVERIFY(editor->document()->isModified());
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(window.editorArea()->save(editor)); // saving creates it
    QCOMPARE(TestFiles::readFile(file), QByteArray("only in the copy\n"));
    QVERIFY(!QFileInfo::exists(orphan));
    QCOMPARE(copiesIn(m_folder), QStringList());
}

// Another program saved the file after the copy's buffer was opened: the dialog says so, and
// the diff is against the file as it is now.
void tst_Recovery::fileChangedSinceIsSaid()
{
    const QString file = writeSource(QStringLiteral("changed.cpp"), OriginalText);
    QVERIFY(!plantOrphan(m_folder, file, OriginalText + QStringLiteral("// mine\n")).isEmpty());
    EditorArea area;
    BufferRecovery recovery(&area, m_folder);
    {
        QScopedPointer<RecoveryDialog> dialog(recovery.offerRecovery(nullptr));
        QVERIFY(dialog);
        QVERIFY2(!dialog->messageLabel()->text().contains(QStringLiteral("changed after")), qPrintable(dialog->messageLabel()->text()));
    }
    QVERIFY(TestFiles::writeFile(file, "int answer() { return 42; }\n"));
    QScopedPointer<RecoveryDialog> dialog(recovery.offerRecovery(nullptr));
    QVERIFY(dialog);
    QVERIFY2(dialog->messageLabel()->text().contains(QStringLiteral("The file on disk changed after these changes were made")),
             qPrintable(dialog->messageLabel()->text()));
    QCOMPARE(dialog->diffView()->toPlainText() + QLatin1Char('\n'),
             LineDiff::unified(QStringLiteral("int answer() { return 42; }\n"), OriginalText + QStringLiteral("// mine\n")));
}

void tst_Recovery::discardDeletesAndLaterKeeps()
{
    const QString first = writeSource(QStringLiteral("first.cpp"), OriginalText);
    const QString second = writeSource(QStringLiteral("second.cpp"), OriginalText);
    const QString firstCopy = plantOrphan(m_folder, first, QStringLiteral("first, changed\n"));
    const QString secondCopy = plantOrphan(m_folder, second, QStringLiteral("second, changed\n"));
    QVERIFY(!firstCopy.isEmpty() && !secondCopy.isEmpty());

    EditorArea area;
    BufferRecovery recovery(&area, m_folder);
    QPointer<RecoveryDialog> dialog = recovery.offerRecovery(nullptr);
    QVERIFY(dialog);
    QCOMPARE(dialog->pendingCopies().size(), 2);
    const QString firstShown = dialog->pendingCopies().first().filePath;
    const QString shownCopy = firstShown == first ? firstCopy : secondCopy;
    const QString otherCopy = firstShown == first ? secondCopy : firstCopy;
    dialog->setCurrentRow(0);
    QTest::mouseClick(dialog->button(RecoveryDialog::Choice::Discard), Qt::LeftButton);
    QVERIFY(!QFileInfo::exists(shownCopy));
    QCOMPARE(dialog->fileList()->count(), 1);
    QTest::mouseClick(dialog->button(RecoveryDialog::Choice::Later), Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    QVERIFY(QFileInfo::exists(otherCopy));
    QVERIFY(area.editors().isEmpty()); // neither was opened
    QCOMPARE(TestFiles::readFile(first), OriginalText.toUtf8());
    QCOMPARE(TestFiles::readFile(second), OriginalText.toUtf8());

    // Later means: asked again at the next start, and only about that one.
    EditorArea nextArea;
    BufferRecovery next(&nextArea, m_folder);
    RecoveryDialog *again = next.offerRecovery(nullptr);
    QVERIFY(again);
    QCOMPARE(again->pendingCopies().size(), 1);
    QCOMPARE(again->pendingCopies().first().copyPath, otherCopy);
    again->close();
}

void tst_Recovery::damagedCopyIsReportedAndKept_data()
{
    QTest::addColumn<QByteArray>("contents"); // empty: a folder instead of a file
    QTest::addColumn<QString>("reason");
    QTest::newRow("cut short") << QByteArray("{\"version\": 1, \"path\": \"/x.cpp\", \"te") << QStringLiteral("is damaged");
    QTest::newRow("not an object") << QByteArray("[1, 2, 3]") << QStringLiteral("is damaged");
    QTest::newRow("no text") << QByteArray("{\"version\": 1, \"path\": \"/x.cpp\"}") << QStringLiteral("no file path or no text");
    QTest::newRow("other format") << QByteArray("{\"version\": 9, \"path\": \"/x.cpp\", \"text\": \"\"}")
                                  << QStringLiteral("another version");
    QTest::newRow("random bytes") << QByteArray("\x89\x01\xff\xfe garbage \x00\x13", 15) << QStringLiteral("is damaged");
    QTest::newRow("unreadable") << QByteArray() << QStringLiteral("cannot be read");
}

void tst_Recovery::damagedCopyIsReportedAndKept()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, reason);
    QVERIFY(QDir().mkpath(m_folder));
    const QString damaged = m_folder + QLatin1Char('/') + GoneWriter + QStringLiteral("00000000000000aa.json");
    if (contents.isEmpty())
        QVERIFY(QDir().mkpath(damaged)); // even root cannot read a folder as a file
    else
        QVERIFY(TestFiles::writeFile(damaged, contents));
    // A good copy next to it is still offered.
    const QString file = writeSource(QStringLiteral("good.cpp"), OriginalText);
    const QString good = plantOrphan(m_folder, file, QStringLiteral("good\n"));
    QVERIFY(!good.isEmpty());

    Relive::PluginHost host;
    MainWindow window(&host);
    window.show();
    QTRY_VERIFY(window.recovery()->dialog());
    RecoveryDialog *dialog = window.recovery()->dialog();
    QCOMPARE(dialog->fileList()->count(), 2);
    int damagedRow = -1;
    for (int row = 0; row < 2; ++row) {
        if (!dialog->pendingCopies().at(row).isValid())
            damagedRow = row;
    }
    QVERIFY(damagedRow >= 0);
    QVERIFY(dialog->pendingCopies().at(1 - damagedRow).isValid());
    dialog->setCurrentRow(damagedRow);
    const QString message = dialog->messageLabel()->text();
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY2(message.contains(damaged + QStringLiteral(".corrupt")), qPrintable(message));
    QVERIFY(dialog->fileList()->item(damagedRow)->text().contains(QStringLiteral("Damaged")));
    QVERIFY(!dialog->button(RecoveryDialog::Choice::Recover)->isEnabled());
    QVERIFY(!dialog->button(RecoveryDialog::Choice::Discard)->isEnabled());
    QVERIFY(!dialog->choose(RecoveryDialog::Choice::Recover));

    // Kept for the user to look at, under a name that is not offered again.
    QVERIFY(!QFileInfo::exists(damaged));
    QVERIFY(QFileInfo::exists(damaged + QStringLiteral(".corrupt")));
    if (!contents.isEmpty())
        QCOMPARE(TestFiles::readFile(damaged + QStringLiteral(".corrupt")), contents);
    QTest::mouseClick(dialog->button(RecoveryDialog::Choice::Later), Qt::LeftButton);
    QCOMPARE(dialog->fileList()->count(), 1);
    dialog->close();
    const QList<RecoveryStore::Copy> left = window.recovery()->store()->orphans();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().copyPath, good);
}

void tst_Recovery::copiesOfLiveProcessesAreNotOffered()
{
    const QString file = writeSource(QStringLiteral("live.cpp"), OriginalText);
    RecoveryStore store(m_folder);
    QString error;
    QVERIFY2(store.write(file, QStringLiteral("mine\n"), true, OriginalText.toUtf8(), &error), qPrintable(error));
    QCOMPARE(store.ownCopies(), QStringList{store.copyPathFor(file)});
    // This process's own copy, and one of another live process (pid 1 runs, started at its time).
    const QString initCopy = m_folder + QStringLiteral("/1-") + RecoveryStore::processStartTime(1)
        + QStringLiteral("-00000000000000bb.json");
    QVERIFY(!RecoveryStore::processStartTime(1).isEmpty());
    QVERIFY(QFile::copy(store.copyPathFor(file), initCopy));
    QVERIFY(store.orphans().isEmpty());
    QVERIFY(RecoveryStore::isRunning(QCoreApplication::applicationPid(),
                                     RecoveryStore::processStartTime(QCoreApplication::applicationPid())));

    // The same pid with another start time is another process: its writer is gone.
    const QString reused = m_folder + QStringLiteral("/%1-1-00000000000000cc.json").arg(QCoreApplication::applicationPid());
    QVERIFY(QFile::copy(store.copyPathFor(file), reused));
    const QList<RecoveryStore::Copy> orphans = store.orphans();
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().copyPath, reused);
    QCOMPARE(orphans.first().text, QStringLiteral("mine\n"));
    QCOMPARE(orphans.first().filePath, file);

    // A clean exit removes this process's copies only.
    store.removeOwnCopies();
    QVERIFY(!QFileInfo::exists(store.copyPathFor(file)));
    QVERIFY(QFileInfo::exists(initCopy));
    QVERIFY(QFileInfo::exists(reused));

    // A folder made earlier with looser permissions is made private at the next write.
    QVERIFY(QFile::setPermissions(m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                                | QFileDevice::ExeOther));
    QVERIFY(store.write(file, QStringLiteral("mine\n"), true, OriginalText.toUtf8(), &error));
    QCOMPARE(modeOf(m_folder), mode_t(0700));
    QCOMPARE(modeOf(store.copyPathFor(file)), mode_t(0600));
}

// The list names a file inside the workspace by its path there (the full path in the tooltip),
// one outside by its full path; a recovered buffer opens with the cursor on its first change.
void tst_Recovery::recoveredBufferOpensAtItsFirstChange()
{
    QVERIFY(QDir(m_work->path()).mkpath(QStringLiteral("counter")));
    const QString original = QStringLiteral("one\ntwo\nthree\nfour\nfive\nsix\n");
    const QString inside = writeSource(QStringLiteral("counter/counter.cpp"), original);
    QVERIFY(!plantOrphan(m_folder, inside, QStringLiteral("one\ntwo\nthree\nfour\nFIVE\nsix\n")).isEmpty());
    QTemporaryDir elsewhere;
    QVERIFY(TestFiles::writeFile(elsewhere.filePath(QStringLiteral("notes.txt")), original.toUtf8()));
    const QString outside = QFileInfo(elsewhere.filePath(QStringLiteral("notes.txt"))).canonicalFilePath();
    QVERIFY(!plantOrphan(m_folder, outside, QStringLiteral("one\nthree\nfour\nfive\nsix\n")).isEmpty());

    EditorArea area;
    BufferRecovery recovery(&area, m_folder);
    QScopedPointer<RecoveryDialog> dialog(recovery.offerRecovery(nullptr, QFileInfo(m_work->path()).canonicalFilePath()));
    QVERIFY(dialog);
    QStringList shown;
    for (int row = 0; row < dialog->fileList()->count(); ++row)
        shown.append(dialog->fileList()->item(row)->text());
    shown.sort();
    QStringList expected{QDir::toNativeSeparators(QStringLiteral("counter/counter.cpp")), QDir::toNativeSeparators(outside)};
    expected.sort();
    QCOMPARE(shown, expected);
    for (int row = 0; row < dialog->fileList()->count(); ++row) {
        const QString toolTip = dialog->fileList()->item(row)->toolTip();
        QVERIFY2(toolTip == QDir::toNativeSeparators(inside) || toolTip == QDir::toNativeSeparators(outside), qPrintable(toolTip));
    }

    QString error;
    for (const RecoveryStore::Copy &copy : dialog->pendingCopies())
        QVERIFY2(recovery.recover(copy, &error), qPrintable(error));
    CodeEditor *changed = area.editorFor(inside);
    QVERIFY(changed);
    QCOMPARE(changed->currentLineNumber(), 5); // "FIVE"
    CodeEditor *removed = area.editorFor(outside);
    QVERIFY(removed);
    QCOMPARE(removed->currentLineNumber(), 2); // where "two" was, now "three"
    for (CodeEditor *editor : area.editors())
        editor->document()->setModified(false);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // As the app names itself: the recovery folder and the settings follow these names.
    QApplication::setOrganizationName(QStringLiteral("Relive"));
    QApplication::setApplicationName(QStringLiteral("relive"));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() == 3 && arguments.at(1) == ChildMode)
        return runEditingChild(arguments.at(2));
    tst_Recovery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_recovery.moc"
