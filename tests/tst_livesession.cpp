// LiveSession end to end with the real toolchain: a workspace of three plugins is written,
// configured and built with CMake and Ninja, loaded, then edited as a user would edit it.
#include "awkwardnames.h"

#include "relive/private/atomicfile.h"
#include "relive/buildrunner.h"
#include "relive/candidatebuild.h"
#include "relive/diagnostic.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"
#include "relive/sourcewatcher.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QScopeGuard>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

using namespace Relive;

namespace {

constexpr int buildTimeoutMs = 120000;

// Written through a temporary file and a rename, as Qt Creator and Kate save.
void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QVERIFY(Relive::writeFileAtomically(path, content));
}

QByteArray pluginSource(const char *className, const char *name, const QByteArray &answerExpression,
                        bool includeShared)
{
    QByteArray source;
    source += "#include <relive/liveplugin.h>\n#include <QtWidgets/QLabel>\n";
    if (includeShared)
        source += "#include \"../shared/shared.h\"\n";
    source += "class " + QByteArray(className) + " : public QObject, public Relive::LivePlugin {\n"
              "    Q_OBJECT\n"
              "    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"" + name + ".json\")\n"
              "    Q_INTERFACES(Relive::LivePlugin)\n"
              "public:\n"
              "    Q_INVOKABLE int answer() const { return " + answerExpression + "; }\n"
              "    Q_INVOKABLE int count() const { return m_count; }\n"
              "    Q_INVOKABLE void increment() { ++m_count; }\n"
              "    QWidget *createWidget(QWidget *parent) override { return new QLabel(QString::number(answer()), parent); }\n"
              "    QVariantMap saveState() const override { return {{QString::fromLatin1(\"count\"), m_count}}; }\n"
              "    void restoreState(const QVariantMap &s) override { m_count = s.value(QString::fromLatin1(\"count\")).toInt(); }\n"
              "private:\n"
              "    int m_count = 0;\n"
              "};\n"
              "#include \"" + name + ".moc\"\n";
    return source;
}

// The three plugins alpha, beta and gamma; \a betaSettings go right after beta's.
QByteArray workspaceCMakeLists(const QByteArray &betaSettings = QByteArray())
{
    return "cmake_minimum_required(VERSION 3.21)\n"
           "project(livesession_test LANGUAGES CXX)\n"
           "set(CMAKE_CXX_STANDARD 17)\n"
           "find_package(Relive REQUIRED)\n"
           "relive_add_plugin(alpha SOURCES alpha/alpha.cpp METADATA alpha/alpha.json)\n"
           "relive_add_plugin(beta SOURCES beta/beta.cpp METADATA beta/beta.json)\n"
        + betaSettings + "relive_add_plugin(gamma SOURCES gamma/gamma.cpp METADATA gamma/gamma.json)\n";
}

int callInt(QObject *object, const char *method)
{
    int result = -1;
    if (!object || !QMetaObject::invokeMethod(object, method, Qt::DirectConnection, Q_RETURN_ARG(int, result)))
        return -1;
    return result;
}

} // namespace

class TestLiveSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstSaveFindsItsCompilerStarted();
    void editReloadsWithState();
    void rebuildWithTheSameCodeSaysUnchanged();
    void saveGoesLiveThroughItsCandidate();
    void renameSaveStartsItsCandidateAtTheFirstEvent();
    void writeInPlaceSaveGoesLiveWithItsWholeText();
    void saveDuringItsCandidateRestartsIt();
    void declarationChangeIsSeenByMoc();
    void compileErrorKeepsOldGeneration();
    void headerChangeReloadsItsIncluders();
    void compilerStartedAheadReadsTheHeadersAsSaved();
    void compilerStartedAheadHoldsItsPrecompiledHeader();
    void savesInABurstGiveOneFinalGeneration();
    void crashingEditIsRefusedByTheProbe();
    void awkwardWorkspacePath();
    void linkErrorIsReportedAsSuch(); // last: it leaves beta broken
    void cleanupTestCase();

private:
    QString path(const QString &relative) const { return m_workspace.filePath(relative); }
    void writePlugin(const char *className, const char *name, const QByteArray &answer, bool includeShared);
    void waitForBuild(const char *why);
    /*! The longest debounce there is (100 ms) until the returned guard goes: a save's first
     *  event and the watcher's report of its burst are then apart. */
    auto longestDebounce()
    {
        m_session->sourceWatcher()->setDebounceInterval(100);
        return qScopeGuard([this] { m_session->sourceWatcher()->setDebounceInterval(50); });
    }
    QList<HostEvent> eventsSince(int first, HostEvent::Type type) const;

    QTemporaryDir m_workspace;
    QTemporaryDir m_build;
    PluginHost *m_host = nullptr;
    LiveSession *m_session = nullptr;
    QList<HostEvent> m_events;
    QList<QPair<QString, Diagnostic>> m_output; // buildOutput(): each line and where it points
    int m_finishedBuilds = 0;
    int m_ready = 0;            // ready() emissions
    bool m_allLiveAtReady = false;
    QList<BuildResult> m_builds; // every build's result, cancelled ones too
};

void TestLiveSession::writePlugin(const char *className, const char *name, const QByteArray &answer, bool includeShared)
{
    writeFile(path(QStringLiteral("%1/%1.cpp").arg(QLatin1String(name))), pluginSource(className, name, answer, includeShared));
}

void TestLiveSession::initTestCase()
{
    QVERIFY(m_workspace.isValid() && m_build.isValid());
    qRegisterMetaType<CandidateBuild::Outcome>(); // for QSignalSpy
    writeFile(path(QStringLiteral("CMakeLists.txt")), workspaceCMakeLists());
    writeFile(path(QStringLiteral("shared/shared.h")), "#pragma once\nconstexpr int sharedValue = 100;\n");
    for (const char *name : {"alpha", "beta", "gamma"}) {
        writeFile(path(QStringLiteral("%1/%1.json").arg(QLatin1String(name))),
                  "{ \"Name\": \"" + QByteArray(name) + "\", \"Version\": \"1.0.0\" }\n");
    }
    writePlugin("Alpha", "alpha", "1", false);
    writePlugin("Beta", "beta", "sharedValue + 2", true);
    writePlugin("Gamma", "gamma", "sharedValue + 3", true);
    // alpha does not include shared.h; beta and gamma do.
    // gamma's source is the newest, past the file times' resolution (firstSaveFindsItsCompilerStarted()).
    for (const char *name : {"alpha", "beta"}) {
        QFile source(path(QStringLiteral("%1/%1.cpp").arg(QLatin1String(name))));
        QVERIFY(source.open(QIODevice::ReadWrite));
        QVERIFY(source.setFileTime(QDateTime::currentDateTime().addSecs(-10), QFileDevice::FileModificationTime));
    }

    m_host = new PluginHost(this);
    m_session = new LiveSession(m_host, this);
    m_session->setBuildDirectory(m_build.path());
    m_session->setWorkspace(m_workspace.path());
    connect(m_host, &PluginHost::hostEvent, this, [this](const HostEvent &event) { m_events.append(event); });
    connect(m_session, &LiveSession::sessionEvent, this, [this](const HostEvent &event) { m_events.append(event); });
    connect(m_session, &LiveSession::buildFinished, this, [this](const BuildResult &result) {
        ++m_finishedBuilds;
        m_builds.append(result);
    });
    connect(m_session, &LiveSession::buildOutput, this,
            [this](const QString &line, const Diagnostic &location) { m_output.append(qMakePair(line, location)); });

    connect(m_session, &LiveSession::ready, this, [this] {
        ++m_ready;
        m_allLiveAtReady = m_host->isLoaded(QStringLiteral("alpha")) && m_host->isLoaded(QStringLiteral("beta"))
                           && m_host->isLoaded(QStringLiteral("gamma"));
    });
    QVERIFY2(m_session->start(), qPrintable(m_session->errorString()));
    // ready(): once the first build's plugins are all live, not before (their trial runs are in the background).
    QTRY_COMPARE_WITH_TIMEOUT(m_ready, 1, buildTimeoutMs);
    QVERIFY(m_allLiveAtReady);
    QTRY_VERIFY_WITH_TIMEOUT(m_host->isLoaded(QStringLiteral("alpha")) && m_host->isLoaded(QStringLiteral("beta"))
                                 && m_host->isLoaded(QStringLiteral("gamma")),
                             buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(QStringLiteral("alpha")), "answer"), 1);
    QCOMPARE(callInt(m_host->instance(QStringLiteral("beta")), "answer"), 102);
    QCOMPARE(callInt(m_host->instance(QStringLiteral("gamma")), "answer"), 103);
    // The build folder is the one asked for, outside the workspace.
    QVERIFY(QFileInfo::exists(m_build.filePath(QStringLiteral("build.ninja"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("build.ninja"))));
    // For clangd and other editors: the compile database, linked into the workspace root.
    const QFileInfo database(path(QStringLiteral("compile_commands.json")));
    QVERIFY(database.isSymLink());
    QCOMPARE(database.canonicalFilePath(), QFileInfo(m_build.filePath(QStringLiteral("compile_commands.json"))).canonicalFilePath());
}

// Once the first build's plugins are live, the compiler of the newest source (gamma's, written
// last) is started and waits for its text: the first save of that file takes it.
void TestLiveSession::firstSaveFindsItsCompilerStarted()
{
    waitForBuild("the first build did not finish");
    const QString gamma = QStringLiteral("gamma");
    CandidateBuild *candidate = m_session->candidateBuild();
    QCOMPARE(candidate->compilesRun(), 0);
    QCOMPARE(candidate->compilesStartedAhead(), 0);
    writePlugin("Gamma", "gamma", "sharedValue + 7", true);
    const int builds = m_finishedBuilds;
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 107, buildTimeoutMs);
    QCOMPARE(candidate->compilesRun(), 1);
    QCOMPARE(candidate->compilesStartedAhead(), 1);
    // The save's own build follows its candidate: wait for it, not just for none running.
    QTRY_VERIFY_WITH_TIMEOUT(m_finishedBuilds > builds, buildTimeoutMs);
    waitForBuild("the build after gamma's candidate did not finish");

    const int restored = m_finishedBuilds;
    writePlugin("Gamma", "gamma", "sharedValue + 3", true); // as before
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 103, buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_finishedBuilds > restored, buildTimeoutMs);
    waitForBuild("the build after gamma's second candidate did not finish");
}

void TestLiveSession::waitForBuild(const char *why)
{
    // The build that made the change visible may already have finished: wait for none running.
    QTRY_VERIFY2_WITH_TIMEOUT(!m_session->isBuilding(), why, buildTimeoutMs);
    QTest::qWait(50); // the reloads after a build happen in the same event; let queued events land
}

QList<HostEvent> TestLiveSession::eventsSince(int first, HostEvent::Type type) const
{
    QList<HostEvent> found;
    for (int i = first; i < m_events.size(); ++i) {
        if (m_events.at(i).type == type)
            found.append(m_events.at(i));
    }
    return found;
}

void TestLiveSession::editReloadsWithState()
{
    const QString alpha = QStringLiteral("alpha");
    for (int i = 0; i < 4; ++i)
        QVERIFY(QMetaObject::invokeMethod(m_host->instance(alpha), "increment"));
    const int generation = m_host->record(alpha).generation;
    const int first = int(m_events.size());

    writePlugin("Alpha", "alpha", "11", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 11, buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(alpha), "count"), 4);
    QCOMPARE(m_host->record(alpha).generation, generation + 1);

    const QList<HostEvent> reloaded = eventsSince(first, HostEvent::Type::Reloaded);
    QCOMPARE(reloaded.size(), 1);
    QCOMPARE(reloaded.at(0).plugin, alpha);
    QVERIFY(reloaded.at(0).timing.buildMs > 0);
    QVERIFY(reloaded.at(0).timing.totalMs >= reloaded.at(0).timing.buildMs);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildStarted).size(), 1);
}

// A save that changes no code (a comment after the last line) is rebuilt and relinked: no new
// generation, and an event says why, for alpha only (beta and gamma were not relinked).
void TestLiveSession::rebuildWithTheSameCodeSaysUnchanged()
{
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    const QString source = path(QStringLiteral("alpha/alpha.cpp"));
    QFile file(source);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    file.close();
    const int first = int(m_events.size());
    const int builds = m_finishedBuilds;
    writeFile(source, text + "// said again, in other words\n");
    QTRY_VERIFY_WITH_TIMEOUT(m_finishedBuilds > builds, buildTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(eventsSince(first, HostEvent::Type::Unchanged).size(), 1, 10000);
    const HostEvent unchanged = eventsSince(first, HostEvent::Type::Unchanged).constFirst();
    QCOMPARE(unchanged.plugin, alpha);
    QCOMPARE(unchanged.generation, generation);
    QCOMPARE(QFileInfo(unchanged.file).fileName(), QStringLiteral("alpha.so"));
    QCOMPARE(unchanged.toJson().value(QStringLiteral("event")).toString(), QStringLiteral("unchanged"));
    QVERIFY(eventsSince(first, HostEvent::Type::Reloaded).isEmpty());
    QCOMPARE(m_host->record(alpha).generation, generation);
    QCOMPARE(m_ready, 1); // once per start()
    const int restored = m_finishedBuilds;
    writeFile(source, text);
    // The watcher reports after its debounce: wait for that save's own build, not just for none.
    QTRY_VERIFY_WITH_TIMEOUT(m_finishedBuilds > restored, buildTimeoutMs);
    waitForBuild("the comment taken out again");
}

// A save without a typing pause: the saved file alone is compiled and linked as a candidate,
// swapped in from the candidate's own folder, and only then does the normal build run; its
// artifact has the same code, so it is no second generation.
void TestLiveSession::saveGoesLiveThroughItsCandidate()
{
    waitForBuild("the previous build did not finish");
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    CandidateBuild *candidate = m_session->candidateBuild();
    const int compiles = candidate->compilesRun();
    QSignalSpy outcomes(candidate, &CandidateBuild::finished);
    const int first = int(m_events.size());

    writePlugin("Alpha", "alpha", "14", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 14, buildTimeoutMs);
    const QString loadedFrom = m_host->record(alpha).artifactPath;
    QVERIFY2(!QFileInfo(loadedFrom).absoluteFilePath().startsWith(QFileInfo(m_build.path()).absoluteFilePath()),
             qPrintable(loadedFrom));
    QVERIFY(candidate->isForSave());
    QCOMPARE(candidate->compilesRun(), compiles + 1);
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Ready);
    QVERIFY2(eventsSince(first, HostEvent::Type::BuildFinished).isEmpty(), "live only after the normal build");

    waitForBuild("the normal build after the swap did not finish");
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildStarted).size(), 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildFinished).size(), 1);
    QVERIFY(QFileInfo(m_build.filePath(QStringLiteral("plugins/alpha.so"))).lastModified()
            > QFileInfo(loadedFrom).lastModified());
    QCOMPARE(m_host->record(alpha).generation, generation + 1);
    QCOMPARE(m_host->record(alpha).artifactPath, loadedFrom);
    const QList<HostEvent> reloaded = eventsSince(first, HostEvent::Type::Reloaded);
    QCOMPARE(reloaded.size(), 1);
    // The build part is the candidate's compile and link.
    QCOMPARE(reloaded.at(0).timing.buildMs, candidate->buildMs());
    QVERIFY(reloaded.at(0).timing.buildMs > 0);
    QVERIFY(reloaded.at(0).timing.totalMs >= reloaded.at(0).timing.buildMs);
    // The build folder's copy of that code is no news: the swap was.
    QVERIFY(eventsSince(first, HostEvent::Type::Unchanged).isEmpty());
}

// A save by rename is complete at its first event: its candidate starts then, before the
// watcher's debounce reports the burst (the longest debounce here, to tell them apart).
void TestLiveSession::renameSaveStartsItsCandidateAtTheFirstEvent()
{
    waitForBuild("the previous build did not finish");
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    CandidateBuild *candidate = m_session->candidateBuild();
    const int compiles = candidate->compilesRun();
    const int builds = candidate->buildsStarted();
    const auto debounceBack = longestDebounce();
    // Right after the session heard of the first event (its slot runs first), before the report.
    int startedAtFirstEvent = -1;
    bool reportedAtFirstEvent = true;
    QSignalSpy reports(m_session->sourceWatcher(), &SourceWatcher::changed);
    const QMetaObject::Connection early = connect(m_session->sourceWatcher(), &SourceWatcher::changing, this, [&] {
        if (startedAtFirstEvent < 0) {
            startedAtFirstEvent = candidate->buildsStarted();
            reportedAtFirstEvent = !reports.isEmpty();
        }
    });
    const auto disconnectEarly = qScopeGuard([&] { disconnect(early); });
    const int first = int(m_events.size());

    writePlugin("Alpha", "alpha", "15", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 15, buildTimeoutMs);
    QCOMPARE(startedAtFirstEvent, builds + 1);
    QVERIFY(!reportedAtFirstEvent);
    QCOMPARE(candidate->compilesRun(), compiles + 1);
    QVERIFY(candidate->isForSave());
    QVERIFY2(!QFileInfo(m_host->record(alpha).artifactPath).absoluteFilePath().startsWith(QFileInfo(m_build.path()).absoluteFilePath()),
             "not swapped in from the candidate");
    waitForBuild("the normal build after the swap did not finish");
    QCOMPARE(m_host->record(alpha).generation, generation + 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::Reloaded).size(), 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildStarted).size(), 1);
    QVERIFY(eventsSince(first, HostEvent::Type::Unchanged).isEmpty());
}

// A save in place (truncate, then write) is half written at its first event: the candidate of
// the half text is started over at the next event, and only the whole text goes live, once.
void TestLiveSession::writeInPlaceSaveGoesLiveWithItsWholeText()
{
    waitForBuild("the previous build did not finish");
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    CandidateBuild *candidate = m_session->candidateBuild();
    const int builds = candidate->buildsStarted();
    const auto debounceBack = longestDebounce();
    const int first = int(m_events.size());

    const QByteArray text = pluginSource("Alpha", "alpha", "16", false);
    QFile file(path(QStringLiteral("alpha/alpha.cpp")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(text.left(text.size() / 2)), qint64(text.size() / 2));
    QVERIFY(file.flush());
    QTRY_VERIFY_WITH_TIMEOUT(candidate->buildsStarted() > builds, 5000); // the half file, at its first event
    QCOMPARE(file.write(text.mid(text.size() / 2)), qint64(text.size() - text.size() / 2));
    file.close();

    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 16, buildTimeoutMs);
    waitForBuild("the normal build after the swap did not finish");
    QVERIFY2(candidate->buildsStarted() >= builds + 2, "the half file's candidate was not started over");
    QCOMPARE(m_host->record(alpha).generation, generation + 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::Reloaded).size(), 1);
    QVERIFY(eventsSince(first, HostEvent::Type::BuildFailed).isEmpty());
    QVERIFY(eventsSince(first, HostEvent::Type::ReloadFailed).isEmpty());
    QVERIFY2(!QFileInfo(m_host->record(alpha).artifactPath).absoluteFilePath().startsWith(QFileInfo(m_build.path()).absoluteFilePath()),
             "not swapped in from the candidate");
}

// A second save while the first one's candidate compiles (the burst reported, the save waiting
// for it): that candidate is cancelled, the second text's built, and only it goes live.
void TestLiveSession::saveDuringItsCandidateRestartsIt()
{
    waitForBuild("the previous build did not finish");
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    CandidateBuild *candidate = m_session->candidateBuild();
    const int compiles = candidate->compilesRun();
    QSignalSpy outcomes(candidate, &CandidateBuild::finished);
    QSignalSpy reports(m_session->sourceWatcher(), &SourceWatcher::changed);
    const int first = int(m_events.size());

    writePlugin("Alpha", "alpha", "17", false);
    QTRY_VERIFY_WITH_TIMEOUT(reports.size() == 1, 5000);
    QVERIFY2(candidate->isRunning() && m_session->isBuilding(), "the first save's candidate ended before its burst was reported");
    writePlugin("Alpha", "alpha", "18", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 18, buildTimeoutMs);
    waitForBuild("the normal build after the swap did not finish");
    QCOMPARE(m_host->record(alpha).generation, generation + 1); // 17 never went live
    QCOMPARE(eventsSince(first, HostEvent::Type::Reloaded).size(), 1);
    QCOMPARE(candidate->compilesRun(), compiles + 2);
    QVERIFY(outcomes.size() >= 2);
    QCOMPARE(outcomes.constFirst().at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Cancelled);
    QCOMPARE(outcomes.constLast().at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Ready);
}

// relive-moc skips moc for body edits (the test above); a new invokable must still reach moc.
void TestLiveSession::declarationChangeIsSeenByMoc()
{
    const QString alpha = QStringLiteral("alpha");
    waitForBuild("the previous build did not finish");
    // Not through a save's candidate: the build folder's moc output is the old declarations'.
    const int compiles = m_session->candidateBuild()->compilesRun();
    QByteArray source = pluginSource("Alpha", "alpha", "12", false);
    source.replace("public:\n", "public:\n    Q_INVOKABLE int addedLater() const { return 7; }\n");
    writeFile(path(QStringLiteral("alpha/alpha.cpp")), source);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 12, buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(alpha), "addedLater"), 7);
    QVERIFY2(QFileInfo::exists(m_build.filePath(QStringLiteral("alpha_autogen/include/alpha.moc.relive-moc"))),
             "the workspace's AUTOMOC runs relive-moc");
    QFile moc(m_build.filePath(QStringLiteral("alpha_autogen/include/alpha.moc")));
    QVERIFY(moc.open(QIODevice::ReadOnly));
    QVERIFY2(moc.readAll().contains("addedLater"), "moc did not run again");
    QCOMPARE(m_session->candidateBuild()->compilesRun(), compiles);
    QCOMPARE(QFileInfo(m_host->record(alpha).artifactPath).absolutePath(), m_build.filePath(QStringLiteral("plugins")));

    // Back to the plain source (answer 11), which the next tests start from.
    writePlugin("Alpha", "alpha", "11", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 11, buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(alpha), "addedLater"), -1);
}

void TestLiveSession::compileErrorKeepsOldGeneration()
{
    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    const int count = callInt(m_host->instance(alpha), "count");
    waitForBuild("the previous build did not finish");
    const int first = int(m_events.size());
    const int firstLine = int(m_output.size());
    QSignalSpy candidates(m_session->candidateBuild(), &CandidateBuild::finished);

    // Line 8 of the generated source holds answer(); "11 +" leaves the expression unfinished.
    writePlugin("Alpha", "alpha", "11 + ", false);
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::BuildFailed).isEmpty(), buildTimeoutMs);
    waitForBuild("the failed build did not finish");
    // The save's candidate failed first, silently: the normal build says it, once.
    QCOMPARE(candidates.size(), 1);
    QCOMPARE(candidates.at(0).at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Failed);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildFailed).size(), 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildStarted).size(), 1);
    const HostEvent failed = eventsSince(first, HostEvent::Type::BuildFailed).constFirst();
    QVERIFY(!failed.diagnostics.isEmpty());
    const QList<Diagnostic> diagnostics = m_session->lastDiagnostics();
    QVERIFY(!diagnostics.isEmpty());
    const Diagnostic error = diagnostics.constFirst();
    QCOMPARE(Diagnostic::severityName(error.severity), QStringLiteral("error"));
    QCOMPARE(QFileInfo(error.file).canonicalFilePath(), QFileInfo(path(QStringLiteral("alpha/alpha.cpp"))).canonicalFilePath());
    QCOMPARE(error.line, 8);
    QVERIFY2(error.column > 0, qPrintable(error.message));
    // The build-failed event carries the same list.
    QCOMPARE(failed.diagnostics.size(), diagnostics.size());
    QCOMPARE(failed.diagnostics.first().toObject(), error.toJson());
    // Read once, as the lines came: the compiler's line of the error was handed on pointing at it.
    const auto errorLine = std::find_if(m_output.cbegin() + firstLine, m_output.cend(), [&error](const auto &line) {
        return line.second.file == error.file && line.second.line == error.line;
    });
    QVERIFY2(errorLine != m_output.cend(), "no line of the build's output pointed at the error");
    QVERIFY2(errorLine->first.contains(QStringLiteral("error")), qPrintable(errorLine->first));
    QCOMPARE(errorLine->second.column, error.column);
    QCOMPARE(errorLine->second.message, error.message);

    // The old generation still runs, with its state.
    QCOMPARE(m_host->record(alpha).generation, generation);
    QCOMPARE(callInt(m_host->instance(alpha), "answer"), 11);
    QVERIFY(QMetaObject::invokeMethod(m_host->instance(alpha), "increment"));
    QCOMPARE(callInt(m_host->instance(alpha), "count"), count + 1);
    QVERIFY(eventsSince(first, HostEvent::Type::Reloaded).isEmpty());

    writePlugin("Alpha", "alpha", "12", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 12, buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(alpha), "count"), count + 1);
    QCOMPARE(m_host->record(alpha).generation, generation + 1);
}

// The app's path: the probe runs in the background after the build; a generation that crashes
// in createWidget() is refused, and the running one carries on with its state.
void TestLiveSession::crashingEditIsRefusedByTheProbe()
{
    PluginProbe::Settings probe;
    probe.enabled = true;
    probe.program = QStringLiteral(RELIVE_PROBE_EXECUTABLE);
    m_host->setProbeSettings(probe);
    const auto probeOff = qScopeGuard([this] { m_host->setProbeSettings(PluginProbe::Settings()); });

    const QString alpha = QStringLiteral("alpha");
    const int generation = m_host->record(alpha).generation;
    QVERIFY(QMetaObject::invokeMethod(m_host->instance(alpha), "increment"));
    const int count = callInt(m_host->instance(alpha), "count");
    const int answer = callInt(m_host->instance(alpha), "answer");
    waitForBuild("the previous build did not finish");
    const int first = int(m_events.size());
    QSignalSpy candidates(m_session->candidateBuild(), &CandidateBuild::finished);

    writePlugin("Alpha", "alpha", "[] { volatile int *volatile nowhere = nullptr; return *nowhere; }()", false);
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::ReloadFailed).isEmpty(), buildTimeoutMs);
    const QString error = eventsSince(first, HostEvent::Type::ReloadFailed).constFirst().error;
    QVERIFY2(error.contains(QStringLiteral("crashed with SIGSEGV")) && error.contains(QStringLiteral("in createWidget()")),
             qPrintable(error));
    waitForBuild("the refused build did not finish");
    // The save's candidate was refused by its trial and not swapped in: the build's reload says it, once.
    QCOMPARE(candidates.size(), 1);
    QCOMPARE(candidates.at(0).at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Refused);
    QCOMPARE(eventsSince(first, HostEvent::Type::ReloadFailed).size(), 1);
    QCOMPARE(m_host->record(alpha).generation, generation);
    QCOMPARE(callInt(m_host->instance(alpha), "answer"), answer);
    QCOMPARE(callInt(m_host->instance(alpha), "count"), count);

    writePlugin("Alpha", "alpha", "13", false);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(alpha), "answer"), 13, buildTimeoutMs);
    QCOMPARE(callInt(m_host->instance(alpha), "count"), count);
    const QList<HostEvent> reloaded = eventsSince(first, HostEvent::Type::Reloaded);
    QVERIFY(!reloaded.isEmpty());
    QVERIFY2(reloaded.constLast().timing.probeMs > 0, "the reload after the build was not probed");
}

void TestLiveSession::headerChangeReloadsItsIncluders()
{
    QMap<QString, int> generations;
    for (const char *name : {"alpha", "beta", "gamma"})
        generations.insert(QLatin1String(name), m_host->record(QLatin1String(name)).generation);
    const int first = int(m_events.size());
    const int candidates = m_session->candidateBuild()->buildsStarted();

    writeFile(path(QStringLiteral("shared/shared.h")), "#pragma once\nconstexpr int sharedValue = 200;\n");
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(QStringLiteral("gamma")), "answer"), 203, buildTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(QStringLiteral("beta")), "answer"), 202, buildTimeoutMs);
    waitForBuild("the header build did not finish");

    QStringList reloaded;
    for (const HostEvent &event : eventsSince(first, HostEvent::Type::Reloaded))
        reloaded << event.plugin;
    reloaded.sort();
    QCOMPARE(reloaded, (QStringList{QStringLiteral("beta"), QStringLiteral("gamma")}));
    QCOMPARE(m_host->record(QStringLiteral("alpha")).generation, generations.value(QStringLiteral("alpha")));
    QCOMPARE(m_host->record(QStringLiteral("beta")).generation, generations.value(QStringLiteral("beta")) + 1);
    // A header is no save's candidate: the normal build alone.
    QCOMPARE(m_session->candidateBuild()->buildsStarted(), candidates);
}

// The next save's compiler is started when a candidate ends, and waits for the text on its
// stdin. A header saved while it waits must be read as saved: the compiler opens its includes
// (and the precompiled header) only once the text has come.
void TestLiveSession::compilerStartedAheadReadsTheHeadersAsSaved()
{
    waitForBuild("the previous build did not finish");
    const QString gamma = QStringLiteral("gamma");
    CandidateBuild *candidate = m_session->candidateBuild();
    writePlugin("Gamma", "gamma", "sharedValue + 40", true);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 240, buildTimeoutMs);
    waitForBuild("the build after gamma's candidate did not finish");

    writeFile(path(QStringLiteral("shared/shared.h")), "#pragma once\nconstexpr int sharedValue = 300;\n");
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 340, buildTimeoutMs);
    waitForBuild("the header build did not finish");

    const int ahead = candidate->compilesStartedAhead();
    writePlugin("Gamma", "gamma", "sharedValue + 50", true);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 350, buildTimeoutMs);
    QCOMPARE(candidate->compilesStartedAhead(), ahead + 1);
    QVERIFY2(!QFileInfo(m_host->record(gamma).artifactPath).absoluteFilePath().startsWith(QFileInfo(m_build.path()).absoluteFilePath()),
             "not swapped in from the candidate");
    waitForBuild("the build after the second candidate did not finish");

    writeFile(path(QStringLiteral("shared/shared.h")), "#pragma once\nconstexpr int sharedValue = 200;\n"); // as before
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(QStringLiteral("beta")), "answer"), 202, buildTimeoutMs);
    waitForBuild("the header build did not finish");
}

// The processes mapping one of \a files (a compiler maps its precompiled header) with \a argument
// among their arguments.
static bool someProcessMaps(const QStringList &files, const QByteArray &argument)
{
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile arguments(proc.filePath(pid + QStringLiteral("/cmdline")));
        if (!arguments.open(QIODevice::ReadOnly) || !arguments.readAll().contains(argument))
            continue;
        QFile maps(proc.filePath(pid + QStringLiteral("/maps")));
        const QByteArray mapped = maps.open(QIODevice::ReadOnly) ? maps.readAll() : QByteArray();
        for (const QString &file : files) {
            if (mapped.contains(QFile::encodeName(file)))
                return true;
        }
    }
    return false;
}

// The compiler started ahead loads the precompiled header before it waits for the text. What
// it read then must be as it read it at the save, or its candidate is not used: the header
// file itself (rebuilt, GCC's .gch as clang's .pch), and the files it was made from (clang
// lists them in its depfile; a workspace header in a plugin's own PCH, edited and saved).
void TestLiveSession::compilerStartedAheadHoldsItsPrecompiledHeader()
{
    waitForBuild("the previous build did not finish");
    const QString gamma = QStringLiteral("gamma");
    CandidateBuild *candidate = m_session->candidateBuild();
    writePlugin("Gamma", "gamma", "sharedValue + 60", true); // its compiler waits once this ends
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 260, buildTimeoutMs);
    waitForBuild("the build after gamma's candidate did not finish");

    QStringList headers; // clang's, GCC's
    QDirIterator found(m_build.path(), {QStringLiteral("cmake_pch.hxx.pch"), QStringLiteral("cmake_pch.hxx.gch")}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (found.hasNext())
        headers << QFileInfo(found.next()).canonicalFilePath();
    QVERIFY2(!headers.isEmpty(), "the workspace has no precompiled header");
    const QByteArray gammaFolder = "=" + QFile::encodeName(QFileInfo(path(gamma)).absoluteFilePath()) + '\0';
    int answer = 270;
    for (const QString &written : {headers.constFirst(), QFileInfo(headers.constFirst()).path() + QStringLiteral("/cmake_pch.hxx")}) {
        QTRY_VERIFY2_WITH_TIMEOUT(someProcessMaps(headers, gammaFolder), "no compiler of gamma waits with its precompiled header loaded",
                                  buildTimeoutMs);
        QFile file(written);
        QVERIFY2(file.open(QIODevice::ReadWrite), qPrintable(written));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime(), QFileDevice::FileModificationTime));
        file.close();
        QSignalSpy outcomes(candidate, &CandidateBuild::finished);
        const int ahead = candidate->compilesStartedAhead();
        writePlugin("Gamma", "gamma", "sharedValue + " + QByteArray::number(answer - 200), true);
        QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), answer, buildTimeoutMs);
        QCOMPARE(candidate->compilesStartedAhead(), ahead + 1);
        QVERIFY(!outcomes.isEmpty());
        QVERIFY2(outcomes.constFirst().at(1).value<CandidateBuild::Outcome>() == CandidateBuild::Outcome::NotBuilt, qPrintable(written));
        QVERIFY2(QFileInfo(m_host->record(gamma).artifactPath).absoluteFilePath().startsWith(QFileInfo(m_build.path()).absoluteFilePath()),
                 qPrintable(QStringLiteral("the candidate was swapped in after %1 was written").arg(written)));
        waitForBuild("the build after the precompiled header's change did not finish");
        answer += 10;
    }
}

void TestLiveSession::savesInABurstGiveOneFinalGeneration()
{
    const QString gamma = QStringLiteral("gamma");
    const int generation = m_host->record(gamma).generation;
    const int first = int(m_events.size());
    const int firstBuild = int(m_builds.size());
    // The debounce the burst depends on, explicitly: the longest there is.
    m_session->sourceWatcher()->setDebounceInterval(100);
    // The normal build's own cancel: a save's candidate would put the burst live before it.
    m_session->setCandidateOnSave(false);
    const auto candidatesBack = qScopeGuard([this] { m_session->setCandidateOnSave(true); });

    // A burst of saves a few milliseconds apart...
    for (int i = 1; i <= 9; ++i) {
        writePlugin("Gamma", "gamma", QByteArray::number(1000 + i), true);
        QTest::qWait(5);
    }
    // ...then, once its build runs, one more: the newer save cancels the running build.
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::BuildStarted).isEmpty(), buildTimeoutMs);
    QVERIFY2(m_session->isBuilding(), "the burst's build finished before the next save could race it");
    writePlugin("Gamma", "gamma", "1010", true);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(m_host->instance(gamma), "answer"), 1010, buildTimeoutMs);
    waitForBuild("the last build did not finish");
    QTest::qWait(500); // nothing else may arrive late

    QCOMPARE(callInt(m_host->instance(gamma), "answer"), 1010);
    QCOMPARE(m_host->record(gamma).generation, generation + 1);
    QCOMPARE(eventsSince(first, HostEvent::Type::Reloaded).size(), 1);
    // The build the last save raced was cancelled and published nothing; the last one built.
    const QList<BuildResult> builds = m_builds.mid(firstBuild);
    QVERIFY2(builds.size() >= 2, qPrintable(QString::number(builds.size())));
    for (int i = 0; i < builds.size() - 1; ++i) {
        QVERIFY2(builds.at(i).cancelled, qPrintable(QStringLiteral("build %1: %2").arg(i).arg(builds.at(i).errorString)));
        QCOMPARE(builds.at(i).errorString, QStringLiteral("cancelled"));
    }
    QVERIFY(builds.constLast().ok);
    QVERIFY(!builds.constLast().cancelled);
}

void TestLiveSession::linkErrorIsReportedAsSuch()
{
    const QString beta = QStringLiteral("beta");
    const int generation = m_host->record(beta).generation;
    const int first = int(m_events.size());

    QByteArray source = pluginSource("Beta", "beta", "relive_missing_function()", true);
    // Declared, never defined. A plugin may link with undefined symbols, so -z defs makes the
    // link itself fail, as a missing library would.
    source.prepend("int relive_missing_function();\n");
    writeFile(path(QStringLiteral("beta/beta.cpp")), source);
    writeFile(path(QStringLiteral("CMakeLists.txt")), workspaceCMakeLists("target_link_options(beta PRIVATE -Wl,-z,defs)\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::BuildFailed).isEmpty(), buildTimeoutMs);
    bool linkerError = false;
    for (const Diagnostic &diagnostic : m_session->lastDiagnostics()) {
        if (diagnostic.kind == QLatin1String("linker") && diagnostic.message.contains(QLatin1String("relive_missing_function")))
            linkerError = true;
    }
    QVERIFY2(linkerError, "no linker diagnostic names the missing function");
    QCOMPARE(m_host->record(beta).generation, generation);
    QCOMPARE(callInt(m_host->instance(beta), "answer"), 202);
}

// A workspace under a path with a space, both quotes, a non-ASCII letter and a component that
// starts with a dash, in its default build folder: configured, built, loaded, edited, reloaded.
// One small plugin, so that the extra configure is all it costs.
//
// Ninja 1.11 reads the compilers' depfiles with a ' or a " in a path as several names: such a
// workspace builds and reloads, but every build compiles again, and a quoted word that names
// a target ("all") gives "dependency cycle". Nothing Relive passes can change that.
void TestLiveSession::awkwardWorkspacePath()
{
    QTemporaryDir base;
    QVERIFY(base.isValid());
    // The default build folder is in the cache: this test's own.
    const bool hadCache = qEnvironmentVariableIsSet("XDG_CACHE_HOME");
    const QByteArray cache = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", QFile::encodeName(base.filePath(QStringLiteral("cache"))));
    const auto restore = qScopeGuard([&] {
        if (hadCache)
            qputenv("XDG_CACHE_HOME", cache);
        else
            qunsetenv("XDG_CACHE_HOME");
    });
    // The workspace folder itself has the name: the default build folder is named after it.
    const QString workspace = base.filePath(TestSupport::awkwardNames().constLast().second);
    const QString delta = workspace + QStringLiteral("/delta/delta.cpp");
    writeFile(workspace + QStringLiteral("/CMakeLists.txt"),
              "cmake_minimum_required(VERSION 3.21)\n"
              "project(awkward LANGUAGES CXX)\n"
              "set(CMAKE_CXX_STANDARD 17)\n"
              "find_package(Relive REQUIRED)\n"
              "relive_add_plugin(delta SOURCES delta/delta.cpp METADATA delta/delta.json)\n");
    writeFile(workspace + QStringLiteral("/delta/delta.json"), "{ \"Name\": \"delta\", \"Version\": \"1.0.0\" }\n");
    writeFile(delta, pluginSource("Delta", "delta", "4", false));

    PluginHost host;
    LiveSession session(&host);
    QStringList said; // what went wrong, for the failure message
    connect(&session, &LiveSession::buildOutput, this, [&said](const QString &line) { said.append(line); });
    session.setWorkspace(workspace);
    // CMake cannot configure in a folder whose path has a '"': the default one has none.
    QVERIFY2(session.buildDirectory().startsWith(base.filePath(QStringLiteral("cache/relive/builds/"))),
             qPrintable(session.buildDirectory()));
    QVERIFY2(!session.buildDirectory().contains(QLatin1Char('"')), qPrintable(session.buildDirectory()));
    QVERIFY2(session.start(), qPrintable(session.errorString()));
    const QString name = QStringLiteral("delta");
    QTRY_VERIFY2_WITH_TIMEOUT(host.isLoaded(name), qPrintable(said.join(QLatin1Char('\n')) + host.errorString()), buildTimeoutMs);
    QCOMPARE(callInt(host.instance(name), "answer"), 4);
    QVERIFY(QMetaObject::invokeMethod(host.instance(name), "increment", Qt::DirectConnection));

    writeFile(delta, pluginSource("Delta", "delta", "40", false));
    QTRY_VERIFY2_WITH_TIMEOUT(callInt(host.instance(name), "answer") == 40,
                              qPrintable(said.join(QLatin1Char('\n')) + host.errorString()), buildTimeoutMs);
    QCOMPARE(callInt(host.instance(name), "count"), 1);
    QCOMPARE(host.record(name).generation, 2);
}

void TestLiveSession::cleanupTestCase()
{
    delete m_session;
    m_session = nullptr;
    delete m_host; // unloads every plugin while their widgets (none here) are gone
    m_host = nullptr;
}

QTEST_MAIN(TestLiveSession)
#include "tst_livesession.moc"
