// EditorArea on real files in a temporary folder, on the offscreen platform: tabs, atomic
// saves, failed saves, changes made by other programs, diagnostics, F4, find, sessions.
#include "testfiles.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "editor/findbar.h"
#include "filesizelimit.h"
#include "requiretool.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QTextBlock>
#include <QtTest/QtTest>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QTabWidget>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace Relive::App;

using Relive::Diagnostic;

namespace {
void writeInPlace(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    QCOMPARE(file.write(contents), qint64(contents.size()));
}

// How editors such as vim (backupcopy=no) or sed -i save: a new file renamed over the old one.
void writeByRename(const QString &path, const QByteArray &contents)
{
    const QString temporary = path + QStringLiteral(".new");
    writeInPlace(temporary, contents);
    QCOMPARE(::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()), 0);
}

struct stat statOf(const QString &path)
{
    struct stat info = {};
    ::stat(QFile::encodeName(path).constData(), &info);
    return info;
}

Diagnostic diagnosticAt(const QString &file, int line, int column, const QString &message)
{
    Diagnostic diagnostic;
    diagnostic.file = file;
    diagnostic.line = line;
    diagnostic.column = column;
    diagnostic.message = message;
    return diagnostic;
}

// An area with one file open, that counts the reload questions and answers them as told.
struct OpenedFile
{
    EditorArea area;
    CodeEditor *editor = nullptr;
    QStringList reloadQuestions;
    bool reloadAnswer = false;

    explicit OpenedFile(const QString &path)
    {
        area.setReloadQuestion([this](const QString &asked) {
            reloadQuestions.append(asked);
            return reloadAnswer;
        });
        editor = area.openFile(path);
    }
};

// Longer than the watcher's settle time, to show that something did not happen.
const int QuietPeriodMs = 400;
} // namespace

class tst_EditorArea : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void openReusesTabsAndReportsMissingFiles();
    void modifySaveKeepsPermissionsAndReplacesInode();
    void ownSaveIsNoExternalChange();
    void failedSaveKeepsBuffer_data();
    void failedSaveKeepsBuffer();
    void externalChangeReloadsUnmodifiedBuffer();
    void externalChangeAsksForModifiedBuffer_data();
    void externalChangeAsksForModifiedBuffer();
    void reloadQuestionsDoNotStack();
    void renameSavesStayWatched();
    void deletedFileKeepsBufferModified();
    void closeTabAsksAboutUnsavedChanges();
    void switchHeaderSource();
    void diagnosticsRoutedToTheirFiles();
    void openLocationAndGoToLine();
    void findBarSearchesAndWraps();
    void sessionStateRoundTrip();

private:
    QString writeFile(const QString &name, const QByteArray &contents);
    void saveAsAnotherUser(const QString &breakage, const QString &expectedReason, const QString &expectedRemedy);

    QScopedPointer<QTemporaryDir> m_dir;
};

void tst_EditorArea::init()
{
    m_dir.reset(new QTemporaryDir);
    QVERIFY(m_dir->isValid());
}

QString tst_EditorArea::writeFile(const QString &name, const QByteArray &contents)
{
    const QString path = m_dir->filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    writeInPlace(path, contents);
    return QFileInfo(path).canonicalFilePath();
}

void tst_EditorArea::openReusesTabsAndReportsMissingFiles()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "int a;\n");
    EditorArea area;
    QSignalSpy current(&area, &EditorArea::currentFileChanged);
    CodeEditor *editor = area.openFile(path);
    QVERIFY(editor);
    QCOMPARE(editor->filePath(), path);
    QCOMPARE(editor->toPlainText(), QStringLiteral("int a;\n"));
    QVERIFY(!editor->document()->isModified());
    QCOMPARE(area.tabWidget()->tabText(0), QStringLiteral("a.cpp"));
    QCOMPARE(area.tabWidget()->tabToolTip(0), path);
    QVERIFY(area.tabWidget()->tabsClosable());
    QVERIFY(area.tabWidget()->isMovable());
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.first().first().toString(), path);

    // Another spelling of the same file is the same tab.
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("sub")));
    QCOMPARE(area.openFile(m_dir->path() + QStringLiteral("/./sub/../a.cpp")), editor);
    QCOMPARE(area.tabWidget()->count(), 1);
    QCOMPARE(area.editorFor(m_dir->path() + QStringLiteral("//a.cpp")), editor);

    const QString missing = m_dir->filePath(QStringLiteral("missing.cpp"));
    QVERIFY(!area.openFile(missing));
    QVERIFY2(area.errorString().contains(missing) && area.errorString().contains(QStringLiteral("does not exist")),
             qPrintable(area.errorString()));
    QVERIFY(!area.openFile(m_dir->path()));
    QVERIFY2(area.errorString().contains(QStringLiteral("folder")), qPrintable(area.errorString()));
    QCOMPARE(area.tabWidget()->count(), 1);
}

void tst_EditorArea::modifySaveKeepsPermissionsAndReplacesInode()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "int a;\n");
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
    const ino_t inodeBefore = statOf(path).st_ino;

    EditorArea area;
    QSignalSpy anyModified(&area, &EditorArea::modificationChanged);
    QSignalSpy saved(&area, &EditorArea::fileSaved);
    CodeEditor *editor = area.openFile(path);
    QVERIFY(editor);
    QTextCursor cursor(editor->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringLiteral("int b; // ünïcode\u00a0kept\n"));
    QCOMPARE(area.tabWidget()->tabText(0), QStringLiteral("a.cpp*"));
    QCOMPARE(anyModified.count(), 1);
    QCOMPARE(anyModified.last().first().toBool(), true);
    QVERIFY(area.hasModifiedEditors());

    QVERIFY(area.saveCurrent());
    QCOMPARE(TestFiles::readFile(path), QStringLiteral("int a;\nint b; // ünïcode\u00a0kept\n").toUtf8());
    QCOMPARE(area.tabWidget()->tabText(0), QStringLiteral("a.cpp"));
    QVERIFY(!editor->document()->isModified());
    QCOMPARE(anyModified.last().first().toBool(), false);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toString(), path);

    const struct stat after = statOf(path);
    QCOMPARE(after.st_mode & 07777, mode_t(0640));
    QVERIFY2(after.st_ino != inodeBefore, "the save must replace the file (temporary file + rename)");
    const QStringList leftovers = QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(leftovers, QStringList{QStringLiteral("a.cpp")});
}

void tst_EditorArea::ownSaveIsNoExternalChange()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "one\n");
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;
    editor->textCursor().insertText(QStringLiteral("two\n"));
    QVERIFY(opened.area.save(editor));
    // Modified again: had the save been taken for a change on disk, the area would ask now.
    editor->textCursor().insertText(QStringLiteral("three\n"));
    QTest::qWait(QuietPeriodMs);
    QVERIFY2(opened.reloadQuestions.isEmpty(), qPrintable(opened.reloadQuestions.join(QLatin1Char(','))));
    QCOMPARE(editor->toPlainText(), QStringLiteral("two\nthree\none\n"));
    QVERIFY(editor->document()->isModified());

    // And the file is still watched after the rename of the save.
    opened.reloadAnswer = true;
    writeInPlace(path, "from elsewhere\n");
    QTRY_COMPARE(opened.reloadQuestions.size(), 1);
    QCOMPARE(editor->toPlainText(), QStringLiteral("from elsewhere\n"));
}

void tst_EditorArea::failedSaveKeepsBuffer_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("expectedReason");
    QTest::addColumn<QString>("expectedRemedy");
    QTest::newRow("folder deleted") << QStringLiteral("delete folder") << QStringLiteral("no longer exists")
                                    << QStringLiteral("create the folder again and save");
    QTest::newRow("folder replaced by a file") << QStringLiteral("folder becomes file")
                                               << QStringLiteral("is a file, not a folder")
                                               << QStringLiteral("move that file away and save again");
    // How the full disk is simulated: setrlimit(RLIMIT_FSIZE) caps the size of the files this
    // process writes, with SIGXFSZ ignored, so the kernel cuts the save's write short after a few
    // bytes and then fails it (EFBIG), as a disk that fills up does (ENOSPC). A real full file
    // system would need a mount.
    QTest::newRow("disk full") << QStringLiteral("disk full") << QStringLiteral("writing it stopped partway")
                               << QStringLiteral("check the free disk space");
    // Root writes into read-only files and folders: as root, these rows save in a child
    // process that runs as the user nobody (saveAsAnotherUser()).
    QTest::newRow("read-only folder") << QStringLiteral("read-only folder") << QStringLiteral("is read-only")
                                      << QStringLiteral("make the folder writable and save again");
    QTest::newRow("read-only file") << QStringLiteral("read-only file") << QStringLiteral("the file is read-only")
                                    << QStringLiteral("make the file writable (chmod u+w) and save again");
}

void tst_EditorArea::failedSaveKeepsBuffer()
{
    QFETCH(QString, breakage);
    QFETCH(QString, expectedReason);
    QFETCH(QString, expectedRemedy);
    if (::geteuid() == 0 && breakage.startsWith(QLatin1String("read-only"))) {
        saveAsAnotherUser(breakage, expectedReason, expectedRemedy);
        return;
    }

    const QString path = writeFile(QStringLiteral("sub/a.cpp"), "original\n");
    const QString folder = QFileInfo(path).absolutePath();
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;
    QSignalSpy failed(&opened.area, &EditorArea::saveFailed);
    QSignalSpy saved(&opened.area, &EditorArea::fileSaved);
    editor->textCursor().insertText(QStringLiteral("precious "));
    const QString buffer = editor->toPlainText();

    QScopedPointer<TestSupport::FileSizeLimit> diskFull;
    if (breakage == QLatin1String("delete folder")) {
        QVERIFY(QDir(folder).removeRecursively());
    } else if (breakage == QLatin1String("folder becomes file")) {
        QVERIFY(QDir(folder).removeRecursively());
        writeInPlace(folder, "a file where the folder was\n");
    } else if (breakage == QLatin1String("read-only folder")) {
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0555) == 0);
    } else if (breakage == QLatin1String("read-only file")) {
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0444) == 0);
    } else {
        diskFull.reset(new TestSupport::FileSizeLimit(4)); // fewer bytes than the buffer holds
        QVERIFY2(diskFull->isSet(), "setrlimit(RLIMIT_FSIZE) failed");
    }

    QVERIFY(!opened.area.save(editor));
    QVERIFY(!opened.area.saveAll());
    diskFull.reset();
    QCOMPARE(failed.count(), 2);
    QCOMPARE(failed.first().at(0).toString(), path);
    const QString reason = failed.first().at(1).toString();
    QVERIFY2(reason.contains(expectedReason), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("kept in the editor")), qPrintable(reason));
    QVERIFY2(reason.contains(expectedRemedy), qPrintable(reason));
    QCOMPARE(saved.count(), 0);
    QCOMPARE(editor->toPlainText(), buffer);
    QVERIFY(editor->document()->isModified());
    QCOMPARE(opened.area.tabWidget()->tabText(0), QStringLiteral("a.cpp*"));
    // Where the file still exists it is as it was, with no temporary file left beside it.
    if (QFileInfo(folder).isDir()) {
        QCOMPARE(TestFiles::readFile(path), QByteArray("original\n"));
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("a.cpp")});
    }

    ::chmod(QFile::encodeName(folder).constData(), 0755); // let the temporary folder go
    // Once the cause is gone, the same buffer saves.
    if (breakage == QLatin1String("disk full") || breakage.startsWith(QLatin1String("read-only"))) {
        ::chmod(QFile::encodeName(path).constData(), 0644);
        QVERIFY(opened.area.save(editor));
        QCOMPARE(TestFiles::readFile(path), buffer.toUtf8());
    }
}

// The read-only rows when this test runs as root: the same open, edit and save, in this binary
// run as a child (--save-child) with the user and group nobody, which reports what it saw.
void tst_EditorArea::saveAsAnotherUser(const QString &breakage, const QString &expectedReason,
                                       const QString &expectedRemedy)
{
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        RELIVE_MISSING_TOOL("Running as root, which writes into read-only files and folders: this row saves as the user nobody "
              "through setpriv (util-linux), which is not installed");
    const QString path = writeFile(QStringLiteral("sub/a.cpp"), "original\n");
    const QString folder = QFileInfo(path).absolutePath();
    QVERIFY(::chmod(QFile::encodeName(m_dir->path()).constData(), 0755) == 0);
    if (breakage == QLatin1String("read-only file")) {
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0777) == 0); // only the file stops the save
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0444) == 0);
    } else {
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0555) == 0);
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0666) == 0); // only the folder stops the save
    }

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), QDir::tempPath());
    environment.remove(QStringLiteral("XDG_RUNTIME_DIR")); // root's
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                          QStringLiteral("--"), QCoreApplication::applicationFilePath(), QStringLiteral("--save-child"), path});
    QVERIFY2(child.waitForFinished(60000), qPrintable(child.errorString()));
    const QByteArray output = child.readAllStandardOutput();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
    const QJsonObject seen = QJsonDocument::fromJson(output).object();
    ::chmod(QFile::encodeName(folder).constData(), 0755);

    QCOMPARE(seen.value(QStringLiteral("saved")).toBool(true), false);
    QCOMPARE(seen.value(QStringLiteral("failedPath")).toString(), path);
    const QString reason = seen.value(QStringLiteral("reason")).toString();
    QVERIFY2(reason.contains(expectedReason), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("kept in the editor")), qPrintable(reason));
    QVERIFY2(reason.contains(expectedRemedy), qPrintable(reason));
    QCOMPARE(seen.value(QStringLiteral("text")).toString(), QStringLiteral("precious original\n"));
    QCOMPARE(seen.value(QStringLiteral("modified")).toBool(), true);
    QCOMPARE(seen.value(QStringLiteral("tab")).toString(), QStringLiteral("a.cpp*"));
    QCOMPARE(TestFiles::readFile(path), QByteArray("original\n"));
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("a.cpp")});
}

void tst_EditorArea::externalChangeReloadsUnmodifiedBuffer()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "line 1\nline 2\nline 3\nline 4\n");
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;
    editor->goToPosition(3, 4);

    writeInPlace(path, "LINE 1\nLINE 2\nLINE 3 changed\nLINE 4\n");
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("LINE 1\nLINE 2\nLINE 3 changed\nLINE 4\n"));
    QVERIFY(opened.reloadQuestions.isEmpty());
    QVERIFY(!editor->document()->isModified());
    QCOMPARE(opened.area.tabWidget()->tabText(0), QStringLiteral("a.cpp"));
    QCOMPARE(editor->currentLineNumber(), 3);
    QCOMPARE(editor->currentColumnNumber(), 4);

    // The reload is one undoable step: Undo brings back what was shown, as a modified buffer.
    editor->undo();
    QCOMPARE(editor->toPlainText(), QStringLiteral("line 1\nline 2\nline 3\nline 4\n"));
    QVERIFY(editor->document()->isModified());
}

void tst_EditorArea::externalChangeAsksForModifiedBuffer_data()
{
    QTest::addColumn<bool>("reload");
    QTest::newRow("no: keep the buffer") << false;
    QTest::newRow("yes: reload") << true;
}

void tst_EditorArea::externalChangeAsksForModifiedBuffer()
{
    QFETCH(bool, reload);
    const QString path = writeFile(QStringLiteral("a.cpp"), "disk 1\n");
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;
    opened.reloadAnswer = reload;
    editor->textCursor().insertText(QStringLiteral("mine "));
    const QString mine = editor->toPlainText();

    writeInPlace(path, "disk 2\n");
    QTRY_COMPARE(opened.reloadQuestions.size(), 1);
    QCOMPARE(opened.reloadQuestions.first(), path);
    if (reload) {
        QCOMPARE(editor->toPlainText(), QStringLiteral("disk 2\n"));
        QVERIFY(!editor->document()->isModified());
    } else {
        QCOMPARE(editor->toPlainText(), mine);
        QVERIFY(editor->document()->isModified());
    }
    // The same contents on disk are not asked about again.
    QTest::qWait(QuietPeriodMs);
    QCOMPARE(opened.reloadQuestions.size(), 1);
}

void tst_EditorArea::reloadQuestionsDoNotStack()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "disk 1\n");
    EditorArea area;
    int asked = 0;
    // Like a dialog: an event loop runs while the question is open, and the file changes again.
    area.setReloadQuestion([&](const QString &) {
        ++asked;
        writeInPlace(path, "disk 3\n");
        QTest::qWait(QuietPeriodMs);
        return true;
    });
    CodeEditor *editor = area.openFile(path);
    QVERIFY(editor);
    editor->textCursor().insertText(QStringLiteral("mine "));

    writeInPlace(path, "disk 2\n");
    QTRY_COMPARE(asked, 1);
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("disk 3\n")); // what is on disk after the answer
    QTest::qWait(QuietPeriodMs);
    QCOMPARE(asked, 1);
    QVERIFY(!editor->document()->isModified());
}

void tst_EditorArea::renameSavesStayWatched()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "v1\n");
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;

    writeByRename(path, "v2\n");
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("v2\n"));
    writeByRename(path, "v3\n");
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("v3\n"));
    writeInPlace(path, "v4\n");
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("v4\n"));
    QVERIFY(!editor->document()->isModified());
    QVERIFY(opened.reloadQuestions.isEmpty());
}

void tst_EditorArea::deletedFileKeepsBufferModified()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "keep me\n");
    OpenedFile opened(path);
    QVERIFY(opened.editor);
    CodeEditor *editor = opened.editor;

    QVERIFY(QFile::remove(path));
    QTRY_VERIFY(editor->document()->isModified());
    QCOMPARE(editor->toPlainText(), QStringLiteral("keep me\n"));
    QCOMPARE(opened.area.tabWidget()->tabText(0), QStringLiteral("a.cpp (deleted)*"));
    QCOMPARE(opened.area.editorFor(path), editor);

    // Put back as it was by another program (noticed through the folder): the same text again.
    writeInPlace(path, "keep me\n");
    QTRY_VERIFY(!editor->document()->isModified());
    QCOMPARE(opened.area.tabWidget()->tabText(0), QStringLiteral("a.cpp"));
    QVERIFY(opened.reloadQuestions.isEmpty());

    QVERIFY(QFile::remove(path));
    QTRY_VERIFY(editor->document()->isModified());
    // Saving puts the file back.
    QVERIFY(opened.area.save(editor));
    QCOMPARE(TestFiles::readFile(path), QByteArray("keep me\n"));
    QVERIFY(!editor->document()->isModified());
    QTest::qWait(QuietPeriodMs);
    QVERIFY(opened.reloadQuestions.isEmpty());
    writeInPlace(path, "watched again\n");
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("watched again\n"));
}

void tst_EditorArea::closeTabAsksAboutUnsavedChanges()
{
    const QString pathA = writeFile(QStringLiteral("a.cpp"), "a\n");
    const QString pathB = writeFile(QStringLiteral("b.cpp"), "b\n");
    EditorArea area;
    QStringList asked;
    EditorArea::CloseAnswer answer = EditorArea::CloseAnswer::Cancel;
    area.setCloseQuestion([&](const QString &path) {
        asked.append(path);
        return answer;
    });
    CodeEditor *a = area.openFile(pathA);
    CodeEditor *b = area.openFile(pathB);
    QVERIFY(a && b);

    QVERIFY(area.closeTab(area.tabWidget()->indexOf(b))); // unmodified: no question
    QVERIFY(asked.isEmpty());
    QCOMPARE(area.editors(), QList<CodeEditor *>{a});

    a->textCursor().insertText(QStringLiteral("edited "));
    QVERIFY(!area.closeTab(0));
    QCOMPARE(asked, QStringList{pathA});
    QCOMPARE(area.editors().size(), 1);

    answer = EditorArea::CloseAnswer::Save;
    QVERIFY(area.closeTab(0));
    QCOMPARE(TestFiles::readFile(pathA), QByteArray("edited a\n"));
    QVERIFY(area.editors().isEmpty());
    QVERIFY(!area.hasModifiedEditors());

    CodeEditor *again = area.openFile(pathA);
    QVERIFY(again);
    again->textCursor().insertText(QStringLiteral("dropped "));
    answer = EditorArea::CloseAnswer::Discard;
    QVERIFY(area.closeTab(0));
    QCOMPARE(TestFiles::readFile(pathA), QByteArray("edited a\n"));
    QVERIFY(area.editors().isEmpty());
}

void tst_EditorArea::switchHeaderSource()
{
    const QString header = writeFile(QStringLiteral("foo.h"), "void foo();\n");
    const QString source = writeFile(QStringLiteral("foo.cpp"), "void foo() {}\n");
    const QString hppHeader = writeFile(QStringLiteral("bar.hpp"), "void bar();\n");
    const QString ccSource = writeFile(QStringLiteral("bar.cc"), "void bar() {}\n");
    const QString lonely = writeFile(QStringLiteral("lonely.cpp"), "int x;\n");

    EditorArea area;
    area.resize(640, 480);
    area.show();
    QVERIFY(QTest::qWaitForWindowActive(&area));
    QVERIFY(area.openFile(header));
    QVERIFY(area.switchHeaderSource());
    QCOMPARE(area.currentEditor()->filePath(), source);
    QVERIFY(area.switchHeaderSource());
    QCOMPARE(area.currentEditor()->filePath(), header);
    QCOMPARE(area.tabWidget()->count(), 2);

    // F4 in the editor does the same.
    area.openFile(hppHeader)->setFocus();
    QTest::keyClick(area.currentEditor(), Qt::Key_F4);
    QCOMPARE(area.currentEditor()->filePath(), ccSource);
    QTest::keyClick(area.currentEditor(), Qt::Key_F4);
    QCOMPARE(area.currentEditor()->filePath(), hppHeader);

    QVERIFY(area.openFile(lonely));
    QVERIFY(!area.switchHeaderSource());
    QCOMPARE(area.currentEditor()->filePath(), lonely);
}

void tst_EditorArea::diagnosticsRoutedToTheirFiles()
{
    const QString pathA = writeFile(QStringLiteral("a.cpp"), "int a = x;\n");
    const QString pathB = writeFile(QStringLiteral("b.cpp"), "int b;\nint c = y;\n");
    const QString pathC = writeFile(QStringLiteral("c.cpp"), "int c = z;\n");
    // The build may name a file by another path: through a symbolic link here.
    const QString link = m_dir->filePath(QStringLiteral("link"));
    QVERIFY(QFile::link(m_dir->path(), link));

    EditorArea area;
    CodeEditor *a = area.openFile(pathA);
    CodeEditor *b = area.openFile(pathB);
    QVERIFY(a && b);
    area.setDiagnostics({diagnosticAt(link + QStringLiteral("/a.cpp"), 1, 9, QStringLiteral("x undeclared")),
                         diagnosticAt(pathB, 2, 9, QStringLiteral("y undeclared")),
                         diagnosticAt(pathC, 1, 9, QStringLiteral("z undeclared")),
                         diagnosticAt(QStringLiteral("/nonexistent/d.cpp"), 1, 1, QStringLiteral("elsewhere"))});
    QCOMPARE(a->diagnostics().size(), 1);
    QVERIFY(a->diagnosticToolTipAt(1, 9).contains(QStringLiteral("x undeclared")));
    QCOMPARE(b->diagnostics().size(), 1);
    QVERIFY(b->diagnosticToolTipAt(2, 9).contains(QStringLiteral("y undeclared")));
    QCOMPARE(b->diagnosticToolTipAt(1, 5), QString());

    // A file opened later shows its own.
    CodeEditor *c = area.openFile(pathC);
    QVERIFY(c);
    QCOMPARE(c->diagnostics().size(), 1);
    QVERIFY(c->diagnosticToolTipAt(1, 9).contains(QStringLiteral("z undeclared")));

    // A newer build's list replaces the old one: fixed errors go away.
    area.setDiagnostics({diagnosticAt(pathB, 1, 5, QStringLiteral("b shadows"))});
    QVERIFY(a->diagnostics().isEmpty());
    QCOMPARE(a->diagnosticToolTipAt(1, 9), QString());
    QVERIFY(c->diagnostics().isEmpty());
    QCOMPARE(b->diagnostics().size(), 1);
    QCOMPARE(b->diagnosticToolTipAt(2, 9), QString());
    QVERIFY(b->diagnosticToolTipAt(1, 5).contains(QStringLiteral("b shadows")));

    area.setDiagnostics({});
    QVERIFY(b->diagnostics().isEmpty());
}

void tst_EditorArea::openLocationAndGoToLine()
{
    QByteArray lines;
    for (int i = 1; i <= 50; ++i)
        lines += "line " + QByteArray::number(i) + '\n';
    const QString pathA = writeFile(QStringLiteral("a.cpp"), lines);
    const QString pathB = writeFile(QStringLiteral("b.cpp"), lines);
    EditorArea area;
    area.resize(640, 300);
    area.show();
    QVERIFY(QTest::qWaitForWindowActive(&area));
    QVERIFY(area.openFile(pathA));

    area.openLocation(pathB, 40, 3);
    CodeEditor *b = area.currentEditor();
    QVERIFY(b);
    QCOMPARE(b->filePath(), pathB);
    QCOMPARE(b->currentLineNumber(), 40);
    QCOMPARE(b->currentColumnNumber(), 3);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(b));
    QTRY_VERIFY(b->viewport()->rect().contains(b->cursorRect().center()));

    QVERIFY(area.goToLine(7));
    QCOMPARE(b->currentLineNumber(), 7);
    QCOMPARE(b->currentColumnNumber(), 1);
    QVERIFY(!area.goToLine(0));
    QVERIFY(!area.goToLine(b->blockCount() + 1));
    QCOMPARE(b->currentLineNumber(), 7);
}

void tst_EditorArea::findBarSearchesAndWraps()
{
    const QString path = writeFile(QStringLiteral("a.cpp"), "foo bar\nFoo baz\nfoo end\n");
    EditorArea area;
    area.resize(640, 300);
    area.show();
    QVERIFY(QTest::qWaitForWindowActive(&area));
    CodeEditor *editor = area.openFile(path);
    QVERIFY(editor);
    FindBar *bar = area.findBar();
    QVERIFY(!bar->isVisible());

    area.showFindBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->editor(), editor);
    auto *input = bar->findChild<QLineEdit *>();
    QVERIFY(input);
    QTRY_VERIFY(input->hasFocus());

    QTest::keyClicks(input, QStringLiteral("foo")); // incremental: the first match
    QCOMPARE(editor->textCursor().selectedText(), QStringLiteral("foo"));
    QCOMPARE(editor->currentLineNumber(), 1);
    QTest::keyClick(input, Qt::Key_Return); // Enter: next match, "Foo" (not case-sensitive)
    QCOMPARE(editor->currentLineNumber(), 2);
    QVERIFY(bar->findNext());
    QCOMPARE(editor->currentLineNumber(), 3);
    QVERIFY(bar->findNext()); // wraps around to the top
    QCOMPARE(editor->currentLineNumber(), 1);
    QCOMPARE(bar->statusText(), QStringLiteral("Wrapped around"));
    QVERIFY(bar->findPrevious()); // and back past the top to the bottom
    QCOMPARE(editor->currentLineNumber(), 3);

    bar->setCaseSensitive(true);
    bar->setSearchText(QStringLiteral("Foo"));
    QVERIFY(bar->findNext());
    QCOMPARE(editor->currentLineNumber(), 2);
    QVERIFY(bar->findNext()); // the only match: found again after wrapping
    QCOMPARE(editor->currentLineNumber(), 2);

    bar->setSearchText(QStringLiteral("absent"));
    QVERIFY(!bar->findNext());
    QVERIFY(bar->isNotFound());
    QCOMPARE(bar->statusText(), QStringLiteral("Not found"));
    QCOMPARE(editor->currentLineNumber(), 2); // the cursor stays

    QTest::keyClick(input, Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(editor));
}

void tst_EditorArea::sessionStateRoundTrip()
{
    QByteArray lines;
    for (int i = 1; i <= 200; ++i)
        lines += "line " + QByteArray::number(i) + '\n';
    const QString pathA = writeFile(QStringLiteral("a.cpp"), lines);
    const QString pathB = writeFile(QStringLiteral("b.cpp"), "b on disk\n");
    const QString pathC = writeFile(QStringLiteral("c.cpp"), "c on disk\n");

    QJsonObject state;
    {
        EditorArea area;
        area.resize(640, 300);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        CodeEditor *a = area.openFile(pathA);
        CodeEditor *b = area.openFile(pathB);
        CodeEditor *c = area.openFile(pathC);
        QVERIFY(a && b && c);
        area.tabWidget()->setCurrentWidget(a);
        a->goToPosition(120, 4);
        a->setScrollPosition(100);
        QCOMPARE(a->scrollPosition(), 100);
        b->goToPosition(1, 3);
        b->textCursor().insertText(QStringLiteral("unsaved "));
        c->textCursor().insertText(QStringLiteral("gone but "));
        area.tabWidget()->setCurrentWidget(b);
        state = area.sessionState();
    }
    QVERIFY(QFile::remove(pathC)); // deleted while the app restarts: its unsaved text survives

    // Through its serialized form, as a restart would carry it.
    const QJsonObject restoredState = QJsonDocument::fromJson(QJsonDocument(state).toJson()).object();
    EditorArea area;
    area.resize(640, 300);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    area.restoreSessionState(restoredState);

    const QList<CodeEditor *> editors = area.editors();
    QCOMPARE(editors.size(), 3);
    CodeEditor *a = editors.at(0);
    CodeEditor *b = editors.at(1);
    CodeEditor *c = editors.at(2);
    QCOMPARE(a->filePath(), pathA);
    QCOMPARE(b->filePath(), pathB);
    QCOMPARE(c->filePath(), pathC);
    QCOMPARE(area.currentEditor(), b);

    QVERIFY(!a->document()->isModified());
    QCOMPARE(a->currentLineNumber(), 120);
    QCOMPARE(a->currentColumnNumber(), 4);
    area.tabWidget()->setCurrentWidget(a);
    QTRY_COMPARE(a->scrollPosition(), 100);

    QCOMPARE(b->toPlainText(), QStringLiteral("b unsaved on disk\n"));
    QVERIFY(b->document()->isModified());
    QCOMPARE(area.tabWidget()->tabText(1), QStringLiteral("b.cpp*"));
    QCOMPARE(b->currentLineNumber(), 1);
    QCOMPARE(b->currentColumnNumber(), 11);
    QCOMPARE(TestFiles::readFile(pathB), QByteArray("b on disk\n")); // restoring saves nothing
    b->undo(); // Undo goes back to the file's text
    QCOMPARE(b->toPlainText(), QStringLiteral("b on disk\n"));

    QCOMPARE(c->toPlainText(), QStringLiteral("gone but c on disk\n"));
    QVERIFY(c->document()->isModified());
    QVERIFY(area.save(c));
    QCOMPARE(TestFiles::readFile(pathC), QByteArray("gone but c on disk\n"));
}

namespace {
// The child of saveAsAnotherUser(): opens \a path, types in front, saves, and prints what it saw.
int saveInChild(const QString &path)
{
    EditorArea area;
    CodeEditor *editor = area.openFile(path);
    if (!editor) {
        std::fprintf(stderr, "save child: %s\n", qPrintable(area.errorString()));
        return 1;
    }
    QJsonObject seen;
    QObject::connect(&area, &EditorArea::saveFailed, &area, [&seen](const QString &failedPath, const QString &reason) {
        seen.insert(QStringLiteral("failedPath"), failedPath);
        seen.insert(QStringLiteral("reason"), reason);
    });
    editor->textCursor().insertText(QStringLiteral("precious "));
    seen.insert(QStringLiteral("saved"), area.save(editor));
    seen.insert(QStringLiteral("text"), editor->toPlainText());
    seen.insert(QStringLiteral("modified"), editor->document()->isModified());
    seen.insert(QStringLiteral("tab"), area.tabWidget()->tabText(0));
    std::fputs(QJsonDocument(seen).toJson(QJsonDocument::Compact).constData(), stdout);
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--save-child") == 0)
        return saveInChild(QFile::decodeName(argv[2]));
    app.setAttribute(Qt::AA_Use96Dpi, true); // as QTEST_MAIN
    tst_EditorArea test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_editorarea.moc"
