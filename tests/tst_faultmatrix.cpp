// The fault matrix: a bad plugin generation is offered to a host that runs a good one. For each
// fault the host survives, the error names the cause, and the previous generation keeps
// running with its state. Faults that would kill or hang the process are caught by the probe
// (a real relive-probe child); the rest by the host's own checks and guards. Each row also says
// how a trial of that generation ends (PluginProbe::Outcome), decided from the child process.
#include "fixtures/fixturelog.h"
#include "testsupport.h"

#include <algorithm>
#include <relive/private/librarymappings.h>
#include <relive/failurekind.h>
#include <relive/hostevent.h>
#include <relive/loadattempt.h>
#include <relive/modulerecord.h>
#include <relive/pluginhost.h>
#include <relive/pluginprobe.h>
#include <relive/pluginstatus.h>
#include <relive/probelauncher.h>
#include <relive/runtimefolder.h>

#include <QtCore/QAtomicInt>
#include <QtCore/QCryptographicHash>
#include <QtCore/QElapsedTimer>
#include <QtCore/QMetaType>
#include <QtCore/QProcess>
#include <QtCore/QSaveFile>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtTest/QtTest>
#include <QtWidgets/QWidget>

#include <dlfcn.h>
#include <signal.h>

#include <cerrno>

#include <memory>

using namespace Relive;
using namespace TestSupport;

namespace {

// Per-process runtime folders under \a base whose process has ended: what a child that was
// killed or crashed left, unless its parent cleared it.
QStringList foldersOfEndedProcesses(const QString &base)
{
    static const QRegularExpression perProcess(QStringLiteral("^([0-9]+)-[A-Za-z0-9]{6}$"));
    QStringList ended;
    for (const QString &entry : QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = perProcess.match(entry);
        if (match.hasMatch() && ::kill(pid_t(match.captured(1).toLongLong()), 0) != 0 && errno == ESRCH)
            ended.append(entry);
    }
    return ended;
}

const QString answerName = QStringLiteral("answer");
constexpr int carriedCount = 41;
// Short, so the hang row costs little; the real default is 10 s.
constexpr int testProbeTimeoutMs = 3000;

PluginProbe::Settings probeOn()
{
    PluginProbe::Settings settings;
    settings.enabled = true;
    settings.program = QStringLiteral(RELIVE_PROBE_EXECUTABLE);
    settings.timeoutMs = testProbeTimeoutMs;
    return settings;
}

// The process ids of a launcher's warm spare probe children: one while probing is on. A probe
// takes the spare (it is no longer the launcher's) and a new one starts when that probe ends.
QList<qint64> probeChildren(const ProbeLauncher *launcher)
{
    QList<qint64> ids;
    const QList<QProcess *> children = launcher->findChildren<QProcess *>();
    for (const QProcess *child : children) {
        if (child->state() != QProcess::NotRunning)
            ids.append(child->processId());
    }
    return ids;
}

QStringList appLog(const char *property)
{
    return qApp->property(property).toStringList();
}

// Readable in a failed QCOMPARE.
QString kindName(FailureKind kind)
{
    return kind == FailureKind::None ? QStringLiteral("none") : failureKindName(kind);
}

// A refusal by the trial run (the plugin threw, or failed to load there); a crash, a hang and
// exit() have kinds of their own.
constexpr FailureKind trialRunKind = FailureKind::RefusedByTrialRun;

/*! A host running generation 1 of "answer" with carriedCount in its state. */
struct LiveAnswer
{
    explicit LiveAnswer(const PluginProbe::Settings &probe)
    {
        host.setProbeSettings(probe);
        QObject::connect(&host, &PluginHost::hostEvent, &host, [this](const HostEvent &event) { events.append(event); });
        QObject::connect(&host, &PluginHost::attemptFailed, &host,
                         [this](const QString &, const LoadAttempt &attempt) { failures.append(attempt); });
    }

    /*!
     * The typed account of the newest refusal agrees with errorString(): the last attemptFailed()
     * and status() say \a kind, generation 1 still live, nothing pinned. Empty when they do.
     */
    QString refusalMismatch(FailureKind kind) const
    {
        const PluginStatus status = host.status(answerName);
        const LoadAttempt last = failures.value(failures.size() - 1);
        const QString error = host.errorString();
        QStringList wrong;
        if (failures.isEmpty() || kindName(last.failure) != kindName(kind) || last.error != error)
            wrong << QStringLiteral("attemptFailed() said %1: %2").arg(kindName(last.failure), last.error);
        if (kindName(status.lastAttempt.failure) != kindName(kind) || status.lastAttempt.error != error)
            wrong << QStringLiteral("status() says %1: %2").arg(kindName(status.lastAttempt.failure), status.lastAttempt.error);
        if (status.liveGeneration != 1 || status.lastAttempt.previousGeneration != 1 || !status.pinnedGenerations.isEmpty())
            wrong << QStringLiteral("status() says generation %1 is live, the attempt replaced %2, %3 pinned")
                         .arg(status.liveGeneration).arg(status.lastAttempt.previousGeneration).arg(status.pinnedGenerations.size());
        return wrong.isEmpty() ? QString() : wrong.join(QStringLiteral("; ")) + QStringLiteral(" (expected %1)").arg(kindName(kind));
    }

    bool start(const char *fixtureTarget, QString *why)
    {
        if (!host.load(fixture(fixtureTarget))) {
            *why = host.errorString();
            return false;
        }
        if (!host.restoreState(answerName, {{QStringLiteral("count"), carriedCount}}, why))
            return false;
        return true;
    }

    QList<HostEvent> events; // before the host: its destructor still reports the unload
    QList<LoadAttempt> failures;
    PluginHost host;
};

int metaTypeId(const char *name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    return QMetaType::fromName(name).id();
#else
    return QMetaType::type(name);
#endif
}

QString sha256Of(const QString &path)
{
    return QString::fromLatin1(QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void badGenerationKeepsTheLiveOne_data();
    void badGenerationKeepsTheLiveOne();
    void guardsWorkWithoutTheProbe_data();
    void guardsWorkWithoutTheProbe();
    void throwInCreateWidgetIsCaught();
    void probePassesAGoodGenerationWithItsState();
    void probeReportsWhatItCannotStart();
    void warmChildrenServeOneProbeEach();
    void spareStartsWhenTheTrialEnds();
    void backgroundProbeNeverBlocksTheEventLoop();
    void throwInSaveStateOfTheOldGeneration();
    void throwInShutdownOfTheOldGeneration();
    void shutdownHookStopsTimersAndThreads();
    void pluginMetatypeIsTakenBackAtUnload();
    void fileReplacedWhileBeingLoaded();
    void hostileFileKeepsTheLiveOne_data();
    void hostileFileKeepsTheLiveOne();

private:
    BadInputs m_bad;
    QTemporaryDir m_dir;
};

void TestFaultMatrix::initTestCase()
{
    for (const char *target : {"fixture_answer_v1", "fixture_answer_v2", "fixture_segv_ctor", "fixture_abort_static",
                               "fixture_exit_load", "fixture_hang_widget", "fixture_throw_save", "fixture_throw_shutdown", "fixture_throw_ctor", "fixture_throw_widget", "fixture_workers",
                               "fixture_metatype_v1", "fixture_metatype_v2", "fixture_throw_restore",
                               "fixture_other_iid", "fixture_no_name", "fixture_unresolved"}) {
        QVERIFY2(QFileInfo::exists(fixture(target)), qPrintable(fixture(target) + QLatin1String(" was not built")));
    }
    QVERIFY2(QFileInfo(QStringLiteral(RELIVE_PROBE_EXECUTABLE)).isExecutable(), RELIVE_PROBE_EXECUTABLE " was not built");
    QString why;
    QVERIFY2(m_bad.create(&why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    // The probes' runtime folders land in a folder of this suite's own, where leftovers are ours.
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("xdg")));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("xdg"))));
}

void TestFaultMatrix::init()
{
    qApp->setProperty("answerLog", QVariant());
    qApp->setProperty("answerInitLog", QVariant());
}

void TestFaultMatrix::badGenerationKeepsTheLiveOne_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("phrases");
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<int>("generation"); // the refused attempt's: 0 when refused before it was numbered
    QTest::addColumn<PluginProbe::Outcome>("outcome"); // of a trial of that generation on its own

    using Outcome = PluginProbe::Outcome;
    const auto row = [](const char *tag, const char *target, const QStringList &phrases, FailureKind kind, int generation,
                        Outcome outcome) {
        QTest::newRow(tag) << QString::fromLatin1(target) << phrases << kind << generation << outcome;
    };
    row("segfault in the constructor", "fixture_segv_ctor",
        {QStringLiteral("crashed with SIGSEGV"), QStringLiteral("while loading")}, FailureKind::TrialCrashed, 2, Outcome::Crashed);
    row("abort in a static initializer", "fixture_abort_static",
        {QStringLiteral("crashed with SIGABRT"), QStringLiteral("while loading")}, FailureKind::TrialCrashed, 2, Outcome::Crashed);
    row("exit() called at load", "fixture_exit_load",
        {QStringLiteral("exit code 42"), QStringLiteral("must not call exit()")}, FailureKind::TrialExited, 2, Outcome::Exited);
    row("endless loop in createWidget", "fixture_hang_widget",
        {QStringLiteral("did not finish within 3 s"), QStringLiteral("in createWidget()")}, FailureKind::TrialHung, 2, Outcome::Hung);
    row("throw in restoreState", "fixture_throw_restore",
        {QStringLiteral("restoreState() threw: refusing state")}, trialRunKind, 2, Outcome::Refused);
    row("throw in shutdown()", "fixture_throw_shutdown",
        {QStringLiteral("shutdown() threw: shutdown refused by the fixture")}, trialRunKind, 2, Outcome::Refused);
    row("wrong IID", "fixture_other_iid", {QStringLiteral("wrong plugin interface")}, FailureKind::WrongInterface, 0,
        Outcome::Refused);
    row("missing metadata (no Name)", "fixture_no_name", {QStringLiteral("Name")}, FailureKind::BadMetadata, 0,
        Outcome::Refused);
    row("unresolved symbol", "fixture_unresolved",
        {QStringLiteral("undefined symbol"), QStringLiteral("relive_fixture_missing_symbol")}, trialRunKind, 2,
        Outcome::Refused);
    if (fixturesEmitGnuUnique)
        row("STB_GNU_UNIQUE symbols", "fixture_gnu_unique", {QStringLiteral("-fno-gnu-unique")}, FailureKind::UniqueSymbols,
            0, Outcome::Refused);
}

void TestFaultMatrix::badGenerationKeepsTheLiveOne()
{
    QFETCH(QString, target);
    QFETCH(QStringList, phrases);
    QFETCH(FailureKind, kind);
    QFETCH(int, generation);
    QFETCH(PluginProbe::Outcome, outcome);

    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    QObject *before = live.host.instance(answerName);
    live.events.clear();

    QVERIFY(!live.host.reload(answerName, fixture(target.toLatin1().constData())));
    const QString error = live.host.errorString();
    for (const QString &phrase : phrases)
        QVERIFY2(error.contains(phrase), qPrintable(QStringLiteral("missing \"%1\" in: %2").arg(phrase, error)));

    // The event says the same, and nothing claims a reload.
    QCOMPARE(live.events.size(), 1);
    QCOMPARE(HostEvent::typeName(live.events.at(0).type), HostEvent::typeName(HostEvent::Type::ReloadFailed));
    QCOMPARE(live.events.at(0).error, error);
    // The typed account says which kind of fault it was, and where the plugin stands now.
    QCOMPARE(live.failures.size(), 1);
    const QString mismatch = live.refusalMismatch(kind);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(live.failures.at(0).generation, generation);
    QCOMPARE(kindName(live.events.at(0).failure), kindName(kind));

    // Generation 1 is still the live one, with its code and its state.
    QCOMPARE(live.host.record(answerName).generation, 1);
    QCOMPARE(live.host.instance(answerName), before);
    QCOMPARE(callInt(before, "answer"), 1);
    QCOMPARE(callInt(before, "count"), carriedCount);
    std::unique_ptr<QWidget> widget(live.host.createWidget(answerName, nullptr));
    QVERIFY(widget);
    // None of the bad generation's code ran in this process.
    QCOMPARE(appLog("answerInitLog"), QStringList{QStringLiteral("answer 1 static init")});

    // A trial of that generation on its own ends the way the child process did, not by its words.
    // A hang's advice is the front end's (its menu, its option): core has none of those words.
    PluginProbe::Settings settings = probeOn();
    settings.timeoutAdvice = QStringLiteral("ask the front end");
    PluginProbe probe;
    probe.setSettings(settings);
    const PluginProbe::Result trial = probe.run(fixture(target.toLatin1().constData()), {{QStringLiteral("count"), carriedCount}}, true);
    QCOMPARE(trial.outcome, outcome);
    QVERIFY(!trial.passed);
    if (outcome == PluginProbe::Outcome::Hung)
        QVERIFY2(trial.error.contains(QStringLiteral("; if it is only slow, ask the front end")), qPrintable(trial.error));
    // A child killed for its hang, or crashed, could not remove its runtime folder: the host did.
    const QStringList left = foldersOfEndedProcesses(RuntimeFolder::defaultBase());
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("left by ended probes: ") + left.join(QStringLiteral(", "))));
}

// With the probe off, what can be caught in-process still is; a crash or hang could not be.
void TestFaultMatrix::guardsWorkWithoutTheProbe_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<FailureKind>("kind");
    QTest::newRow("throw in restoreState") << QStringLiteral("fixture_throw_restore")
                                           << QStringLiteral("restoreState() of generation 2 threw: refusing state")
                                           << FailureKind::RestoreStateThrew;
    // The host's own guard around QPluginLoader::instance(): the constructor's exception is
    // caught, the library unloaded, the live generation kept.
    QTest::newRow("throw in the constructor") << QStringLiteral("fixture_throw_ctor")
                                              << QStringLiteral("the plugin's constructor threw: the fixture's constructor refuses")
                                              << FailureKind::ConstructorThrew;
    QTest::newRow("wrong IID") << QStringLiteral("fixture_other_iid") << QStringLiteral("wrong plugin interface")
                               << FailureKind::WrongInterface;
    QTest::newRow("unresolved symbol") << QStringLiteral("fixture_unresolved") << QStringLiteral("relive_fixture_missing_symbol")
                                       << FailureKind::LoadFailed;
}

void TestFaultMatrix::guardsWorkWithoutTheProbe()
{
    QFETCH(QString, target);
    QFETCH(QString, phrase);
    QFETCH(FailureKind, kind);
    LiveAnswer live{PluginProbe::Settings()};
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    QVERIFY(!live.host.reload(answerName, fixture(target.toLatin1().constData())));
    QVERIFY2(live.host.errorString().contains(phrase), qPrintable(live.host.errorString()));
    QVERIFY2(!live.host.errorString().contains(QStringLiteral("trial run")), "the probe ran although it is off");
    const QString mismatch = live.refusalMismatch(kind);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(live.host.record(answerName).generation, 1);
    QCOMPARE(callInt(live.host.instance(answerName), "count"), carriedCount);
}

// The host's guard around createWidget(): a plugin whose createWidget() throws (loaded
// unprobed: the probe would refuse it) gives no widget and says why; it stays loaded and usable.
void TestFaultMatrix::throwInCreateWidgetIsCaught()
{
    LiveAnswer live{PluginProbe::Settings()};
    QString why;
    QVERIFY2(live.start("fixture_throw_widget", &why), qPrintable(why));
    QWidget parent;
    QString error;
    QWidget *widget = live.host.createWidget(answerName, &parent, &error);
    QVERIFY(!widget);
    QVERIFY2(error.contains(QStringLiteral("createWidget() threw: the fixture makes no widget")), qPrintable(error));
    QVERIFY(parent.findChildren<QWidget *>().isEmpty());
    QVERIFY(live.host.isLoaded(answerName));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 30);
    QCOMPARE(callInt(live.host.instance(answerName), "count"), carriedCount);
    // And a good generation replaces it as any other.
    QVERIFY2(live.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(live.host.errorString()));
    widget = live.host.createWidget(answerName, &parent, &error);
    QVERIFY2(widget, qPrintable(error));
}

void TestFaultMatrix::probePassesAGoodGenerationWithItsState()
{
    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    live.events.clear();
    QVERIFY2(live.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(live.host.errorString()));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 2);
    QCOMPARE(callInt(live.host.instance(answerName), "count"), carriedCount);
    QCOMPARE(live.events.size(), 1);
    // The probe's time is measured and part of the total.
    const ReloadTiming timing = live.events.at(0).timing;
    QVERIFY2(timing.probeMs > 0, "no probe time in the reload event");
    QVERIFY(timing.totalMs >= timing.probeMs);
    QVERIFY(live.events.at(0).toJson().value(QStringLiteral("ms")).toObject().contains(QStringLiteral("probe")));

    // The same run, ahead of time: the host takes the verdict for those bytes and does not probe again.
    PluginProbe probe;
    probe.setSettings(probeOn());
    const PluginProbe::Result verdict = probe.run(fixture("fixture_answer_v1"), {{QStringLiteral("count"), 7}}, true);
    QVERIFY2(verdict.passed, qPrintable(verdict.error));
    QCOMPARE(verdict.outcome, PluginProbe::Outcome::Passed);
    QCOMPARE(verdict.sha256, sha256Of(fixture("fixture_answer_v1")));
    PluginProbe::Result refusal = verdict;
    refusal.outcome = PluginProbe::Outcome::Refused;
    refusal.passed = false;
    refusal.error = QStringLiteral("verdict given ahead of time");
    live.host.addProbeResult(refusal);
    QVERIFY(!live.host.reload(answerName, fixture("fixture_answer_v1")));
    QVERIFY2(live.host.errorString().contains(QStringLiteral("verdict given ahead of time")), qPrintable(live.host.errorString()));
    QCOMPARE(kindName(live.host.status(answerName).lastAttempt.failure), kindName(trialRunKind));
    // Used once: the next offer of the same bytes is probed for real, and passes.
    QVERIFY2(live.host.reload(answerName, fixture("fixture_answer_v1")), qPrintable(live.host.errorString()));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 1);
}

void TestFaultMatrix::probeReportsWhatItCannotStart()
{
    PluginProbe::Settings settings = probeOn();
    settings.program = QStringLiteral("/nonexistent/relive-cli");
    LiveAnswer live(PluginProbe::Settings{});
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    live.host.setProbeSettings(settings);
    QVERIFY(!live.host.reload(answerName, fixture("fixture_answer_v2")));
    QVERIFY2(live.host.errorString().contains(QStringLiteral("cannot start the probe (/nonexistent/relive-cli)")),
             qPrintable(live.host.errorString()));
    QVERIFY2(live.host.errorString().contains(QStringLiteral("turn the probe off")), qPrintable(live.host.errorString()));
    const QString mismatch = live.refusalMismatch(FailureKind::TrialCannotStart);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 1);

    PluginProbe probe;
    probe.setSettings(settings);
    const PluginProbe::Result trial = probe.run(fixture("fixture_answer_v2"), {}, false);
    QCOMPARE(trial.outcome, PluginProbe::Outcome::CannotStart);
    QVERIFY(!trial.passed);
    QVERIFY2(trial.error.contains(QStringLiteral("cannot start the probe (/nonexistent/relive-cli)")), qPrintable(trial.error));
}

// One launcher, probes of good and bad plugins in turn: a crash or a hang costs only that
// probe's child, and the next probe gets a fresh, working one.
void TestFaultMatrix::warmChildrenServeOneProbeEach()
{
    ProbeLauncher launcher;
    const PluginProbe::Settings settings = probeOn();
    launcher.prepare(settings);
    const auto probe = [&](const char *target) {
        PluginProbe trial;
        trial.setSettings(settings);
        trial.setLauncher(&launcher);
        return trial.run(fixture(target), {{QStringLiteral("count"), carriedCount}}, true);
    };
    struct Step
    {
        const char *target;
        bool passes;
    };
    for (const Step &step : {Step{"fixture_answer_v1", true}, Step{"fixture_segv_ctor", false}, Step{"fixture_answer_v2", true},
                             Step{"fixture_exit_load", false}, Step{"fixture_answer_v1", true}}) {
        const PluginProbe::Result result = probe(step.target);
        QVERIFY2(result.passed == step.passes, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(step.target), result.error)));
        QCOMPARE(result.sha256, sha256Of(fixture(step.target)));
    }
}

// No spare warms up beside a trial (on 2 cores it made the trial ~3x slower): the next one
// starts when the trial has ended.
void TestFaultMatrix::spareStartsWhenTheTrialEnds()
{
    ProbeLauncher launcher;
    const PluginProbe::Settings settings = probeOn();
    launcher.prepare(settings);
    QCOMPARE(probeChildren(&launcher).size(), 1);
    PluginProbe trial;
    trial.setSettings(settings);
    trial.setLauncher(&launcher);
    QSignalSpy finished(&trial, &PluginProbe::finished);
    trial.start(fixture("fixture_answer_v1"), {}, false);
    QVERIFY(probeChildren(&launcher).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, testProbeTimeoutMs + 5000);
    QVERIFY2(finished.at(0).at(0).value<PluginProbe::Result>().passed, qPrintable(finished.at(0).at(0).value<PluginProbe::Result>().error));
    QTRY_COMPARE(probeChildren(&launcher).size(), 1);
}

// How the app reloads: the trial of a plugin that hangs runs while the event loop goes on, and
// the reload after it takes the verdict instead of trying (and hanging) again.
void TestFaultMatrix::backgroundProbeNeverBlocksTheEventLoop()
{
    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(10);

    bool done = false;
    double waited = -1;
    live.host.probeInBackground(answerName, fixture("fixture_hang_widget"), &live.host, [&](double waitedMs) {
        done = true;
        waited = waitedMs;
    });
    QVERIFY2(!done, "probeInBackground() waited for the probe");
    QTRY_VERIFY_WITH_TIMEOUT(done, testProbeTimeoutMs + 5000);
    // It waited for the whole trial (the probe's timer is coarse: it may fire up to 5% early).
    QVERIFY2(waited >= testProbeTimeoutMs * 0.9, qPrintable(QString::number(waited)));
    QVERIFY2(ticks > 10, qPrintable(QStringLiteral("the event loop ran only %1 ticks while the probe hung").arg(ticks)));

    // A probe takes the launcher's warm spare child and a new spare starts: the same spare
    // after the reload means that it took the verdict instead of trying (and hanging) again.
    QTRY_COMPARE(probeChildren(live.host.probeLauncher()).size(), 1);
    const QList<qint64> spares = probeChildren(live.host.probeLauncher());
    QVERIFY(!live.host.reload(answerName, fixture("fixture_hang_widget")));
    QVERIFY2(live.host.errorString().contains(QStringLiteral("did not finish within 3 s")), qPrintable(live.host.errorString()));
    QCOMPARE(probeChildren(live.host.probeLauncher()), spares);
    const QString mismatch = live.refusalMismatch(FailureKind::TrialHung);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 1);
}

// The README's row "an old generation's shutdown() throw is logged and its unload goes on":
// generation 1 throws from shutdown() when a good generation 2 replaces it. The reload goes
// live, the throw is logged and reported with the unload, and generation 1 is really unloaded.
void TestFaultMatrix::throwInShutdownOfTheOldGeneration()
{
    LiveAnswer live{PluginProbe::Settings()}; // loaded unprobed: the probe refuses it for that throw
    QString why;
    QVERIFY2(live.start("fixture_throw_shutdown", &why), qPrintable(why));
    const ModuleRecord old = live.host.record(answerName);
    QVERIFY(LibraryMappings::isMapped(old.shadowPath));
    live.events.clear();

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("shutdown\\(\\) threw: shutdown refused by the fixture")));
    QVERIFY2(live.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(live.host.errorString()));
    QCOMPARE(callInt(live.host.instance(answerName), "answer"), 2);
    QCOMPARE(callInt(live.host.instance(answerName), "count"), carriedCount);
    QVERIFY2(!LibraryMappings::isMapped(old.shadowPath), "the old generation stayed mapped after its shutdown() threw");
    // Not only logged: the replaced generation's throw is an `unloaded` event with its error (README).
    const auto unloaded = std::find_if(live.events.cbegin(), live.events.cend(), [](const HostEvent &event) {
        return event.type == HostEvent::Type::Unloaded && event.generation == 1;
    });
    QVERIFY2(unloaded != live.events.cend(), "no unloaded event for the generation whose shutdown() threw");
    QCOMPARE(unloaded->failure, FailureKind::ShutdownThrew);
    QVERIFY2(unloaded->error.contains(QStringLiteral("shutdown refused by the fixture")), qPrintable(unloaded->error));
}

void TestFaultMatrix::throwInSaveStateOfTheOldGeneration()
{
    for (const bool probing : {true, false}) {
        // Loaded unprobed: the probe would refuse it for that very throw.
        LiveAnswer live{PluginProbe::Settings()};
        QString why;
        QVERIFY2(live.start("fixture_throw_save", &why), qPrintable(why));
        if (probing)
            live.host.setProbeSettings(probeOn());
        QObject *old = live.host.instance(answerName);
        QVERIFY(!live.host.reload(answerName, fixture("fixture_answer_v2")));
        QVERIFY2(live.host.errorString().contains(
                     QStringLiteral("saveState() of generation 1 threw: cannot save: the fixture refuses")),
                 qPrintable(live.host.errorString()));
        const QString mismatch = live.refusalMismatch(FailureKind::SaveStateThrew);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        QCOMPARE(live.host.instance(answerName), old);
        QCOMPARE(callInt(old, "count"), carriedCount);
        QCOMPARE(callInt(old, "answer"), 24);
        // With the probe, the old state is asked for first: the new generation never ran here.
        if (probing)
            QVERIFY(!appLog("answerInitLog").contains(QStringLiteral("answer 2 static init")));
    }
}

// A QTimer firing every millisecond and a QThread spinning in plugin code: shutdown() stops
// both before unload, and nothing of the old code runs afterwards.
void TestFaultMatrix::shutdownHookStopsTimersAndThreads()
{
    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_workers", &why), qPrintable(why));
    QTRY_VERIFY(callInt(live.host.instance(answerName), "count") > carriedCount); // the timer runs
    QVERIFY2(live.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(live.host.errorString()));
    const QStringList log = appLog("answerLog");
    const int stopped = log.indexOf(QStringLiteral("answer 25 workers stopped"));
    const int destroyed = log.indexOf(QStringLiteral("answer 25 destroyed"));
    QVERIFY2(stopped >= 0 && destroyed > stopped, qPrintable(log.join(QStringLiteral(" | "))));
    QCOMPARE(live.host.history(answerName).value(1).state, ModuleRecord::State::Unloaded);
    // Events keep flowing; a timer left behind would call into unmapped code here.
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 100)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    QVERIFY(callInt(live.host.instance(answerName), "count") > carriedCount);
}

// Qt keeps a plugin's metatype registrations after unload; they point into its library. The
// host takes them back, so the next generation registers its own and nothing binds to the old.
void TestFaultMatrix::pluginMetatypeIsTakenBackAtUnload()
{
    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_metatype_v1", &why), qPrintable(why));
    QCOMPARE(callInt(live.host.instance(answerName), "pointX"), 26);
    QVERIFY(QMetaType::isRegistered(metaTypeId("FixturePoint")));

    QVERIFY2(live.host.reload(answerName, fixture("fixture_metatype_v2")), qPrintable(live.host.errorString()));
    QCOMPARE(callInt(live.host.instance(answerName), "pointX"), 27);
    const int id = metaTypeId("FixturePoint");
    QVERIFY(QMetaType::isRegistered(id));
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    QCOMPARE(live.host.history(answerName).value(1).state, ModuleRecord::State::Unloaded);
    // The registration is the new generation's: its interface lives in the live shadow copy.
    QMetaType type(id);
    Dl_info info;
    QVERIFY2(dladdr(type.iface(), &info) && info.dli_fname, "the FixturePoint metatype points into unmapped memory");
    QCOMPARE(QFileInfo(QString::fromLocal8Bit(info.dli_fname)).absoluteFilePath(),
             live.host.record(answerName).shadowPath);
    void *made = type.create();
    QVERIFY(made);
    type.destroy(made);

    QVERIFY(live.host.unload(answerName));
    QVERIFY2(!QMetaType::isRegistered(metaTypeId("FixturePoint")),
             "FixturePoint is still registered after its library was unloaded");
#else
    // Qt 5 never lets a Q_DECLARE_METATYPE type go, and binds the new generation's to it by
    // name: the first generation's code has to stay, and the host says so instead of unloading.
    const ModuleRecord first = live.host.history(answerName).value(1);
    QCOMPARE(first.generation, 1);
    QCOMPARE(first.state, ModuleRecord::State::Pinned);
    QCOMPARE(kindName(first.failure), kindName(FailureKind::Pinned));
    QVERIFY2(first.errorString.contains(QStringLiteral("Q_DECLARE_METATYPE (FixturePoint)")), qPrintable(first.errorString));
    QCOMPARE(live.host.status(answerName).pinnedGenerations, QList<int>{1});
    QCOMPARE(live.host.status(answerName).pinnedError, first.errorString);
    QVERIFY(live.events.size() >= 2);
    QCOMPARE(HostEvent::typeName(live.events.at(live.events.size() - 2).type), HostEvent::typeName(HostEvent::Type::Pinned));
    // Its code is still there, so using the type is safe.
    void *made = QMetaType::create(id);
    QVERIFY(made);
    QMetaType::destroy(id, made);
#endif
}

// A writer rewrites the artifact in place, again and again, while the host reloads from it: a
// torn file is refused or, if it reads as a plugin, tried by the probe first. The host never
// loads a mix, and the bytes that load are always one of the two real builds.
void TestFaultMatrix::fileReplacedWhileBeingLoaded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString artifact = dir.filePath(QStringLiteral("answer.so"));
    const QByteArray builds[] = {readFile(fixture("fixture_answer_v1")), readFile(fixture("fixture_answer_v2"))};
    const QString shas[] = {sha256Of(fixture("fixture_answer_v1")), sha256Of(fixture("fixture_answer_v2"))};
    QVERIFY(writeFile(artifact, builds[0]));

    LiveAnswer live(probeOn());
    QVERIFY2(live.host.load(artifact), qPrintable(live.host.errorString()));

    QAtomicInt stop(0);
    std::unique_ptr<QThread> writer(QThread::create([&] {
        for (int round = 0; !stop.loadRelaxed(); ++round) {
            QFile file(artifact);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return;
            const QByteArray &bytes = builds[round % 2];
            for (int at = 0; at < bytes.size(); at += 16 * 1024) {
                file.write(bytes.mid(at, 16 * 1024));
                file.flush();
                QThread::usleep(200);
            }
        }
    }));
    writer->start();
    int reloaded = 0;
    int refused = 0;
    int changedWhileRead = 0;
    QString changedError;
    // Twelve offers at least, and more until one was caught changing while it was read (the
    // README's row): the writer never stops, so that comes; a host that never noticed would
    // load torn files or refuse them for another reason, and fail here after a minute of tries.
    QElapsedTimer trying;
    trying.start();
    for (int attempt = 0; attempt < 12 || (changedWhileRead == 0 && !trying.hasExpired(60000)); ++attempt) {
        if (live.host.reload(answerName, artifact)) {
            ++reloaded;
            const ModuleRecord record = live.host.record(answerName);
            QVERIFY2(record.sha256 == shas[0] || record.sha256 == shas[1], "a torn file was loaded");
            const int expected = record.sha256 == shas[0] ? 1 : 2;
            QCOMPARE(callInt(live.host.instance(answerName), "answer"), expected);
        } else {
            ++refused;
            QVERIFY(!live.host.errorString().isEmpty());
            QVERIFY(live.host.isLoaded(answerName));
            // Whatever the torn file looked like, the refusal has a kind and is the newest attempt.
            const LoadAttempt last = live.host.status(answerName).lastAttempt;
            QVERIFY2(last.failed() && last.error == live.host.errorString(), qPrintable(last.error));
            if (last.failure == FailureKind::ChangedWhileRead) {
                ++changedWhileRead;
                changedError = last.error;
            }
        }
    }
    stop.storeRelaxed(1);
    writer->wait();
    qInfo("%d reloads, %d refused (%d as changed while read) while the file was being rewritten", reloaded, refused,
          changedWhileRead);
    QVERIFY2(changedWhileRead > 0, "no offer was refused as changed while it was being read");
    QVERIFY2(changedError.contains(QStringLiteral("the file changed while it was being read")), qPrintable(changedError));
    QVERIFY(live.host.isLoaded(answerName));
    QVERIFY(callInt(live.host.instance(answerName), "answer") > 0);
}

// Issue 16: files that are no plugin files to read are refused before they are read (a pipe
// would wait for a writer, /dev/zero never ends), or from their first bytes (a huge file of
// zeros), with the memory flat; the live generation keeps running with its state.
void TestFaultMatrix::hostileFileKeepsTheLiveOne_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("maxFileSize"); // 0: the default (2 GB)
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<FailureKind>("kind");

    const QString huge = m_dir.filePath(QStringLiteral("huge.so"));
    QVERIFY(writeFile(huge, QByteArray()) && QFile(huge).resize(hugeSparseSize));
    QTest::newRow("named pipe") << m_bad.path("named pipe") << qint64(0) << QStringLiteral("it is a named pipe (FIFO)")
                                << FailureKind::NotARegularFile;
    QTest::newRow("link to /dev/zero") << m_bad.path("device") << qint64(0) << QStringLiteral("it is a character device")
                                       << FailureKind::NotARegularFile;
    QTest::newRow("socket") << m_bad.path("socket") << qint64(0) << QStringLiteral("it is a socket")
                            << FailureKind::NotARegularFile;
    QTest::newRow("sparse 3 GB") << m_bad.path("sparse 3 GB") << qint64(0) << QStringLiteral("too large: 3.2 GB")
                                 << FailureKind::TooLarge;
    QTest::newRow("zeros, 1.9 GB") << huge << qint64(0) << QStringLiteral("not an ELF shared library (no ELF header)")
                                   << FailureKind::NotAnElfLibrary;
    QTest::newRow("a plugin over a lowered limit") << fixture("fixture_answer_v2") << qint64(4096)
                                                   << QStringLiteral("more than the 4096 bytes") << FailureKind::TooLarge;
}

void TestFaultMatrix::hostileFileKeepsTheLiveOne()
{
    QFETCH(QString, path);
    QFETCH(qint64, maxFileSize);
    QFETCH(QString, phrase);
    QFETCH(FailureKind, kind);

    LiveAnswer live(probeOn());
    QString why;
    QVERIFY2(live.start("fixture_answer_v1", &why), qPrintable(why));
    QObject *before = live.host.instance(answerName);
    if (maxFileSize > 0)
        live.host.setMaxFileSize(maxFileSize);
    QCOMPARE(live.host.maxFileSize(), maxFileSize > 0 ? maxFileSize : qint64(2000000000));

    const qint64 rssBefore = resetPeakRssKb();
    QVERIFY2(rssBefore > 0, "/proc/self/status has no VmHWM");
    QElapsedTimer took;
    took.start();
    QVERIFY(!live.host.reload(answerName, path));
    const qint64 ms = took.elapsed();
    const qint64 grownKb = peakRssKb() - rssBefore;
    qInfo("refused in %lld ms, peak RSS grew by %lld kB", ms, grownKb);
    QVERIFY2(live.host.errorString().contains(phrase), qPrintable(live.host.errorString()));
    const QString mismatch = live.refusalMismatch(kind);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY2(grownKb < 50 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 kB").arg(grownKb)));

    // Generation 1 still runs, with its state.
    QCOMPARE(live.host.instance(answerName), before);
    QCOMPARE(callInt(before, "count"), carriedCount);
}

QTEST_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
