// Build While Typing, as a user meets it: the example workspace in the real main window, built
// with the real toolchain; an edit typed into the editor, a pause, then Ctrl+S.
#include "copytree.h"
#include "build/typingbuild.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "mainwindow.h"
#include "pluginviews/liveview.h"
#include "recovery/recoverystore.h"
#include "workspace/workspacecontroller.h"

#include "relive/candidatebuild.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDirIterator>
#include <QtCore/QProcess>
#include <QtCore/QScopeGuard>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QLabel>

#include <algorithm>

using namespace Relive::App;
using Outcome = Relive::CandidateBuild::Outcome;

namespace {

constexpr int buildTimeoutMs = 120000;
const QString counter = QStringLiteral("counter");


bool liveViewShows(QWidget *root, const QString &prefix)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    return std::any_of(labels.begin(), labels.end(), [&](QLabel *label) { return label->text().startsWith(prefix); });
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

} // namespace

class TestTypingBuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pausedEditThenSaveSwapsTheCandidate();
    void saveOfOtherTextFallsBackToTheBuild();
    void headerEditInvalidatesTheCandidate();
    void errorTypedShowsBeforeTheSave();
    void typingCancelsTheCandidate();
    void untrustedWorkspaceNeverBuildsCandidates(); // last: it opens another workspace
    void cleanupTestCase();

private:
    CodeEditor *openSource();
    void replaceText(CodeEditor *editor, const QString &from, const QString &to);
    Outcome waitForCandidate();
    void waitForBuild();
    int generation() const { return m_host->isLoaded(counter) ? m_host->record(counter).generation : 0; }
    int reloadsSince(int first) const;
    Relive::CandidateBuild *candidateBuild() const { return m_window->workspace()->session()->candidateBuild(); }

    QTemporaryDir m_workspace;
    Relive::PluginHost *m_host = nullptr;
    MainWindow *m_window = nullptr;
    QList<Relive::HostEvent> m_events;
    QList<QPair<QString, Outcome>> m_candidates;
};

void TestTypingBuild::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("build/whileTyping")); // on by default
    QVERIFY(m_workspace.isValid());
    QVERIFY(copyTree(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), m_workspace.path()));
    QDir(RecoveryStore::defaultFolder()).removeRecursively();
    m_host = new Relive::PluginHost(this);
    m_window = new MainWindow(m_host);
    m_window->workspace()->setTrustQuestion([](const QString &) { return TrustAnswer::TrustAndBuild; });
    connect(m_host, &Relive::PluginHost::hostEvent, this, [this](const Relive::HostEvent &event) { m_events.append(event); });
    connect(m_window->typingBuild(), &TypingBuild::candidateFinished, this,
            [this](const QString &path, Outcome outcome) { m_candidates.append(qMakePair(path, outcome)); });
    QVERIFY(m_window->typingBuild()->isEnabled());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->openWorkspace(m_workspace.path()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(counter), buildTimeoutMs);
    waitForBuild();
}

CodeEditor *TestTypingBuild::openSource()
{
    return m_window->editorArea()->openFile(m_workspace.filePath(QStringLiteral("counter/counterplugin.cpp")));
}

void TestTypingBuild::replaceText(CodeEditor *editor, const QString &from, const QString &to)
{
    const QTextCursor found = editor->document()->find(from);
    QVERIFY2(!found.isNull(), qPrintable(from));
    editor->setTextCursor(found);
    QTest::keyClicks(editor, to);
}

Outcome TestTypingBuild::waitForCandidate()
{
    const int before = m_candidates.size();
    if (!QTest::qWaitFor([&] { return m_candidates.size() > before; }, buildTimeoutMs))
        return Outcome::NotBuilt;
    return m_candidates.constLast().second;
}

void TestTypingBuild::waitForBuild()
{
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->workspace()->isBuilding(), buildTimeoutMs);
    QTest::qWait(200); // the reloads after a build, and their probes
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->workspace()->isBuilding(), buildTimeoutMs);
}

int TestTypingBuild::reloadsSince(int first) const
{
    int reloads = 0;
    for (int i = first; i < m_events.size(); ++i)
        reloads += m_events.at(i).type == Relive::HostEvent::Type::Reloaded ? 1 : 0;
    return reloads;
}

// The candidate goes live at the save; the normal build that follows makes the same bytes, so
// nothing is reloaded a second time. Its debug info names the user's file.
void TestTypingBuild::pausedEditThenSaveSwapsTheCandidate()
{
    CodeEditor *editor = openSource();
    QVERIFY(editor);
    const QByteArray savedBefore = sha256Of(editor->filePath());
    replaceText(editor, QStringLiteral("Hello"), QStringLiteral("Howdy"));
    QCOMPARE(waitForCandidate(), Outcome::Ready);
    QCOMPARE(sha256Of(editor->filePath()), savedBefore); // the file on disk was not touched
    QVERIFY(!liveViewShows(m_window->liveView(), QStringLiteral("Howdy")));

    const int generationBefore = generation();
    const int firstEvent = m_events.size();
    const QString built = m_window->workspace()->buildDirectory() + QStringLiteral("/plugins/counter.so");
    const QByteArray builtBefore = sha256Of(built);
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(liveViewShows(m_window->liveView(), QStringLiteral("Howdy from the counter")), buildTimeoutMs);
    const QString candidateArtifact = m_host->record(counter).artifactPath;
    QVERIFY2(!candidateArtifact.startsWith(m_window->workspace()->buildDirectory()), qPrintable(candidateArtifact));
    waitForBuild();
    QCOMPARE(generation(), generationBefore + 1);
    QCOMPARE(reloadsSince(firstEvent), 1);
    // The normal build ran and brought the build folder up to date: its artifact is new, and
    // was not loaded, since its code is the live candidate's.
    QTRY_VERIFY_WITH_TIMEOUT(sha256Of(built) != builtBefore, buildTimeoutMs);
    waitForBuild();
    QCOMPARE(generation(), generationBefore + 1);
    QCOMPARE(reloadsSince(firstEvent), 1);

    QProcess readelf;
    readelf.start(QStringLiteral("readelf"), {QStringLiteral("--debug-dump=info"), m_host->record(counter).shadowPath});
    QVERIFY(readelf.waitForFinished(60000));
    const QByteArray info = readelf.readAllStandardOutput();
    QVERIFY2(info.contains(QFile::encodeName(editor->filePath())), "DW_AT_name names the real source");
    const QString privateFolder = QFileInfo(QFileInfo(candidateArtifact).absolutePath()).absolutePath();
    QVERIFY(!info.contains(QFile::encodeName(privateFolder)));
}

// Typed on after the candidate: the save is other text, the normal build loads it.
void TestTypingBuild::saveOfOtherTextFallsBackToTheBuild()
{
    // The typing candidate's fallback is the normal build: not a save's own candidate (tst_livesession).
    m_window->workspace()->session()->setCandidateOnSave(false);
    const auto saveCandidatesBack = qScopeGuard([this] { m_window->workspace()->session()->setCandidateOnSave(true); });
    CodeEditor *editor = openSource();
    replaceText(editor, QStringLiteral("Howdy"), QStringLiteral("Hi"));
    QCOMPARE(waitForCandidate(), Outcome::Ready);
    const int generationBefore = generation();
    replaceText(editor, QStringLiteral("Hi from"), QStringLiteral("Greetings from"));
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(liveViewShows(m_window->liveView(), QStringLiteral("Greetings from the counter")), buildTimeoutMs);
    waitForBuild();
    QCOMPARE(generation(), generationBefore + 1);
    QCOMPARE(m_host->record(counter).artifactPath, m_window->workspace()->buildDirectory() + QStringLiteral("/plugins/counter.so"));
}

// A header the source includes changes after the candidate read it: the save builds.
void TestTypingBuild::headerEditInvalidatesTheCandidate()
{
    // The typing candidate's fallback is the normal build: not a save's own candidate (tst_livesession).
    m_window->workspace()->session()->setCandidateOnSave(false);
    const auto saveCandidatesBack = qScopeGuard([this] { m_window->workspace()->session()->setCandidateOnSave(true); });
    CodeEditor *editor = openSource();
    replaceText(editor, QStringLiteral("Greetings"), QStringLiteral("Salut"));
    QCOMPARE(waitForCandidate(), Outcome::Ready);
    QFile header(m_workspace.filePath(QStringLiteral("counter/counterplugin.h")));
    QVERIFY(header.open(QIODevice::Append));
    header.write("// edited outside the editor\n");
    header.close();
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(liveViewShows(m_window->liveView(), QStringLiteral("Salut from the counter")), buildTimeoutMs);
    waitForBuild();
    QCOMPARE(m_host->record(counter).artifactPath, m_window->workspace()->buildDirectory() + QStringLiteral("/plugins/counter.so"));
}

// Before any save: the compiler's error on the unsaved text, in the editor, gone once fixed.
void TestTypingBuild::errorTypedShowsBeforeTheSave()
{
    CodeEditor *editor = openSource();
    const QByteArray saved = sha256Of(editor->filePath());
    replaceText(editor, QStringLiteral("Salut"), QStringLiteral("Salut\" +"));
    QCOMPARE(waitForCandidate(), Outcome::Failed);
    QVERIFY(!editor->diagnostics().isEmpty());
    const Relive::Diagnostic error = editor->diagnostics().constFirst();
    QCOMPARE(error.severity, Relive::Diagnostic::Severity::Error);
    QCOMPARE(QFileInfo(error.file), QFileInfo(editor->filePath()));
    // The compiler's main file includes the text: the user's file is the main one all the same.
    QVERIFY2(error.includeChain.isEmpty(), qPrintable(error.includeChain.join(QLatin1Char(' '))));
    QVERIFY2(error.message.startsWith(TypingBuild::unsavedMarker()), qPrintable(error.message));
    QCOMPARE(error.line, editor->textCursor().blockNumber() + 1);
    QVERIFY(!editor->diagnosticToolTipForLine(error.line).isEmpty());
    QCOMPARE(sha256Of(editor->filePath()), saved);

    replaceText(editor, QStringLiteral("Salut\" +"), QStringLiteral("Salut"));
    QCOMPARE(waitForCandidate(), Outcome::Ready);
    QVERIFY(editor->diagnostics().isEmpty());
    const int firstEvent = m_events.size();
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier); // back to what is live: nothing to reload
    waitForBuild();
    QCOMPARE(reloadsSince(firstEvent), 0);
}

void TestTypingBuild::typingCancelsTheCandidate()
{
    CodeEditor *editor = openSource();
    QSignalSpy started(candidateBuild(), &Relive::CandidateBuild::started);
    replaceText(editor, QStringLiteral("Salut"), QStringLiteral("Ciao"));
    QVERIFY(started.wait(5000));
    QVERIFY(candidateBuild()->isRunning());
    QTest::keyClicks(editor, QStringLiteral("!"));
    QVERIFY(!candidateBuild()->isRunning());
    QCOMPARE(m_candidates.constLast().second, Outcome::Cancelled);
    QCOMPARE(waitForCandidate(), Outcome::Ready); // the next pause builds the new text
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(liveViewShows(m_window->liveView(), QStringLiteral("Ciao! from the counter")), buildTimeoutMs);
    waitForBuild();
}

void TestTypingBuild::untrustedWorkspaceNeverBuildsCandidates()
{
    QTemporaryDir other;
    QVERIFY(copyTree(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), other.path()));
    m_window->workspace()->setTrustQuestion([](const QString &) { return TrustAnswer::OpenWithoutBuilding; });
    QVERIFY(m_window->openWorkspace(other.path()));
    QVERIFY(m_window->workspace()->isAwaitingTrust());
    const int requested = m_window->typingBuild()->candidatesRequested();
    CodeEditor *editor = m_window->editorArea()->openFile(other.filePath(QStringLiteral("counter/counterplugin.cpp")));
    QVERIFY(editor);
    replaceText(editor, QStringLiteral("Hello"), QStringLiteral("Untrusted"));
    QTest::qWait(m_window->typingBuild()->pauseInterval() * 3);
    QCOMPARE(m_window->typingBuild()->candidatesRequested(), requested);
    QVERIFY(!m_window->workspace()->session());
    QVERIFY(!QFileInfo::exists(other.filePath(QStringLiteral("compile_commands.json"))));
    editor->document()->setModified(false); // nothing to ask at the close
}

void TestTypingBuild::cleanupTestCase()
{
    delete m_window;
}

QTEST_MAIN(TestTypingBuild)
#include "tst_typingbuild.moc"
