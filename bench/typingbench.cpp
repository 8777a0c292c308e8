// Perceived save -> live in the app, with Build While Typing on and off, in one run: the real
// MainWindow (offscreen) on a copy of the example workspace; an edit typed into the editor key
// by key, a pause, Ctrl+S, then the time until the Live View shows the new code's widget.
// Every edit is new to the compiler cache: its text carries a nonce of this run. Also: how
// many candidate builds each save cost, the worst key press -> repaint of the editor, and the
// bare compile of the edited file in the same run (the floor of a save without a pause).
#include "benchwait.h"
#include "benchoutput.h"
#include "benchstats.h"
#include "shellcommand.h"

#include "build/typingbuild.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "mainwindow.h"
#include "pluginviews/liveview.h"
#include "workspace/workspacecontroller.h"

#include "relive/candidatebuild.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDateTime>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLabel>

#include <algorithm>
#include <functional>

using namespace Relive::App;

namespace {

const int timeoutMs = 180000;

void copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString copy = to + QLatin1Char('/') + QDir(from).relativeFilePath(file);
        QDir().mkpath(QFileInfo(copy).absolutePath());
        QFile::copy(file, copy);
    }
}

bool liveViewShows(QWidget *root, const QString &prefix)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    return std::any_of(labels.begin(), labels.end(), [&](QLabel *label) { return label->text().startsWith(prefix); });
}

/*! Key press -> the editor's next paint, for every key typed. */
class PaintWatch : public QObject
{
public:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
    bool painted = false;
};

struct Run
{
    BenchStats saveToLive;
    BenchStats candidatesPerSave;
    double worstKeyMs = 0;
    int swapped = 0; //!< saves that went live from the candidate
};

class TypingBench
{
public:
    TypingBench(MainWindow *window, Relive::PluginHost *host, const QString &nonce)
        : m_window(window), m_host(host), m_nonce(nonce) {}

    bool open(const QString &workspace);
    /*! With \a bare, the bare compile of a new text of the file after each save: the machine's
     *  drift during the run moves both alike. */
    Run run(bool whileTyping, int edits, int pauseMs, BenchStats *bare = nullptr);
    bool prepareBare();

private:
    QString editedFile() const { return m_window->workspace()->workspace() + QStringLiteral("/counter/counterplugin.cpp"); }
    double typeKey(CodeEditor *editor, QChar key);
    bool waitFor(const std::function<bool()> &condition);
    bool bareCompile(int edit, BenchStats *bare);

    MainWindow *m_window;
    Relive::PluginHost *m_host;
    QString m_nonce;
    PaintWatch m_paints;
    int m_edit = 0;
    QTemporaryDir m_bareFolder; //!< the bare compile's source and object: the workspace's stay as they are
    QString m_bareCommand;
    QString m_bareDirectory;
};

bool TypingBench::waitFor(const std::function<bool()> &condition)
{
    return waitUntil(condition, timeoutMs);
}

bool TypingBench::open(const QString &workspace)
{
    m_window->workspace()->setTrustQuestion([](const QString &) { return TrustAnswer::TrustAndBuild; });
    if (!m_window->openWorkspace(workspace))
        return false;
    bool ready = false; // the first build's plugins all live (or refused), not only the counter
    const QMetaObject::Connection readiness
        = QObject::connect(m_window->workspace()->session(), &Relive::LiveSession::ready, [&ready] { ready = true; });
    const bool opened = waitFor([&] { return ready && m_host->isLoaded(QStringLiteral("counter")) && !m_window->workspace()->isBuilding(); });
    QObject::disconnect(readiness);
    return opened;
}

double TypingBench::typeKey(CodeEditor *editor, QChar key)
{
    m_paints.painted = false;
    QElapsedTimer timer;
    timer.start();
    QTest::keyClicks(editor, QString(key));
    waitFor([&] { return m_paints.painted || timer.elapsed() > 1000; });
    return double(timer.nsecsElapsed()) / 1e6;
}

// A realistic edit: a word typed at ~12 keys a second, a short hesitation in the middle.
Run TypingBench::run(bool whileTyping, int edits, int pauseMs, BenchStats *bare)
{
    Run result;
    m_window->typingBuild()->setEnabled(whileTyping);
    CodeEditor *editor = m_window->editorArea()->openFile(editedFile());
    editor->viewport()->installEventFilter(&m_paints);
    // Keys are timed from here: the editor's first paint of the file is not a key's.
    m_paints.painted = false;
    editor->viewport()->update();
    waitFor([&] { return m_paints.painted; });
    Relive::CandidateBuild *candidates = m_window->workspace()->session()->candidateBuild();
    for (int i = 0; i < edits; ++i) {
        const QTextCursor found = editor->document()->find(QRegularExpression(QStringLiteral("\\w+(?= from the counter)")));
        editor->setTextCursor(found);
        const QString word = QStringLiteral("E%1x%2").arg(m_nonce).arg(++m_edit);
        const int startedBefore = candidates->buildsStarted();
        for (int k = 0; k < word.size(); ++k) {
            result.worstKeyMs = qMax(result.worstKeyMs, typeKey(editor, word.at(k)));
            QTest::qWait(k == word.size() / 2 ? 300 : 80);
        }
        QTest::qWait(pauseMs);
        QElapsedTimer saveToLive;
        saveToLive.start();
        QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
        if (!waitFor([&] { return liveViewShows(m_window->liveView(), word + QStringLiteral(" from the counter")); })) {
            BenchOutput::line(QStringLiteral("edit %1 never went live").arg(word));
            break;
        }
        result.saveToLive.add(double(saveToLive.nsecsElapsed()) / 1e6);
        result.swapped += m_host->record(QStringLiteral("counter")).artifactPath.startsWith(m_window->workspace()->buildDirectory()) ? 0 : 1;
        result.candidatesPerSave.add(candidates->buildsStarted() - startedBefore);
        waitFor([&] { return !m_window->workspace()->isBuilding(); });
        QTest::qWait(300); // the normal build's artifact checked, before the next edit
        if (bare && !bareCompile(m_edit, bare)) {
            BenchOutput::line(QStringLiteral("the bare compile of the edited file failed"));
            break;
        }
    }
    return result;
}

// The compiler's floor in the same run: the edited file's command from compile_commands.json,
// reading a copy of the file (same name, "" includes from the real folder first) and writing
// an object of its own, so that the build folder and the editor never see it.
bool TypingBench::prepareBare()
{
    QString command;
    if (!m_bareFolder.isValid() || !ShellCommand::compileCommandOf(m_window->workspace()->buildDirectory(), editedFile(), &command, &m_bareDirectory))
        return false;
    const QString source = editedFile();
    const QString copy = m_bareFolder.filePath(QFileInfo(source).fileName());
    if (command.count(source) != 1)
        return false;
    command.replace(source, copy);
    command.replace(QRegularExpression(QStringLiteral(" -o +\\S+")), QStringLiteral(" -o ") + m_bareFolder.filePath(QStringLiteral("bare.o")));
    m_bareCommand = command + QStringLiteral(" -iquote ") + QFileInfo(source).absolutePath();
    return true;
}

bool TypingBench::bareCompile(int edit, BenchStats *bare)
{
    QFile file(editedFile());
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QString text = QString::fromUtf8(file.readAll());
    text.replace(QRegularExpression(QStringLiteral("\\w+(?= from the counter)")), QStringLiteral("B%1x%2").arg(m_nonce).arg(edit));
    QFile copy(m_bareFolder.filePath(QFileInfo(editedFile()).fileName()));
    if (!copy.open(QIODevice::WriteOnly | QIODevice::Truncate) || copy.write(text.toUtf8()) <= 0)
        return false;
    copy.close();
    QElapsedTimer timer;
    timer.start();
    const bool ok = ShellCommand::run(m_bareCommand, m_bareDirectory, timeoutMs);
    bare->add(double(timer.nsecsElapsed()) / 1e6);
    return ok;
}

void report(const QString &name, const Run &run)
{
    BenchOutput::line(QStringLiteral("%1: save -> live ms %2; candidate swapped in %3 of %4 saves; candidate builds per save %5; "
                                     "worst key press -> repaint %6 ms")
                          .arg(name, run.saveToLive.summary(1)).arg(run.swapped).arg(run.saveToLive.count())
                          .arg(run.candidatesPerSave.summary(1)).arg(run.worstKeyMs, 0, 'f', 1));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Perceived save -> live in the app, Build While Typing on and off"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("edits"), QStringLiteral("Edits per mode (default 10)."), QStringLiteral("n"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("pause"), QStringLiteral("Pause before Ctrl+S, ms (default 1000)."), QStringLiteral("ms"), QStringLiteral("1000")});
    parser.process(app);
    QStandardPaths::setTestModeEnabled(true); // settings and the build cache of its own
    BenchOutput::machine();

    QTemporaryDir workspace;
    copyTree(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), workspace.path());
    Relive::PluginHost host;
    MainWindow window(&host);
    window.show();
    const QString nonce = QString::number(QDateTime::currentMSecsSinceEpoch() % 1000000007, 36);
    TypingBench bench(&window, &host, nonce);
    if (!bench.open(workspace.path())) {
        BenchOutput::line(QStringLiteral("the example workspace did not build"));
        return 1;
    }
    const int edits = parser.value(QStringLiteral("edits")).toInt();
    const int pauseMs = parser.value(QStringLiteral("pause")).toInt();
    BenchOutput::line(QStringLiteral("%1 edits per mode, pause %2 ms, nonce %3 (every edit new to the compiler cache)")
                          .arg(edits).arg(pauseMs).arg(nonce));
    if (!bench.prepareBare()) {
        BenchOutput::line(QStringLiteral("the edited file's compile command was not found"));
        return 1;
    }
    report(QStringLiteral("build while typing on "), bench.run(true, edits, pauseMs));
    BenchStats bare;
    const Run off = bench.run(false, edits, pauseMs, &bare);
    report(QStringLiteral("build while typing off"), off);
    if (bare.count() != off.saveToLive.count())
        return 1;
    BenchOutput::line(QStringLiteral("bare compile of the edited file (its command, on a copy, new text after each save): ms %1; "
                                     "off: save -> live / bare compile at the median %2x")
                          .arg(bare.summary(1)).arg(off.saveToLive.median() / bare.median(), 0, 'f', 2));
    return 0;
}
