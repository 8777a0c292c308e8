#include "fixtures/fixturelog.h"
#include "requiretool.h"
#include "testsupport.h"

#include <relive/failurekind.h>
#include <relive/hostevent.h>
#include <relive/loadattempt.h>
#include <relive/private/librarymappings.h>
#include <relive/liveplugin.h>
#include <relive/livestate.h>
#include <relive/modulerecord.h>
#include <relive/pluginhost.h>
#include <relive/pluginstatus.h>
#include <relive/runtimefolder.h>

#include <QtCore/QPointer>
#include <QtCore/QScopeGuard>
#include <QtTest/QtTest>
#include <QtWidgets/QWidget>

#include <sys/stat.h>

#include <memory>
#include <utility>

using namespace Relive;
using namespace TestSupport;

namespace {

const QString answerName = QStringLiteral("answer");

QString stateName(ModuleRecord::State state)
{
    return ModuleRecord::stateName(state);
}

QString stateOf(const ModuleRecord &record)
{
    return ModuleRecord::stateName(record.state);
}

QString typeName(HostEvent::Type type)
{
    return HostEvent::typeName(type);
}

// Readable in a failed QCOMPARE.
QString kindName(FailureKind kind)
{
    return kind == FailureKind::None ? QStringLiteral("none") : failureKindName(kind);
}

QStringList appLog(const char *property)
{
    return qApp->property(property).toStringList();
}

QByteArray describeLogs(const QStringList &actual, const QStringList &expected)
{
    return QStringLiteral("\n   actual:   %1\n   expected: %2")
        .arg(actual.join(QStringLiteral(" | ")), expected.join(QStringLiteral(" | ")))
        .toLocal8Bit();
}

ino_t inodeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

bool mappingsMention(const QString &text)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && QString::fromLocal8Bit(maps.readAll()).contains(text);
}

/*! Every hostEvent() of a host, in order. */
class EventRecorder : public QObject
{
public:
    explicit EventRecorder(PluginHost &host)
    {
        connect(&host, &PluginHost::hostEvent, this, [this](const HostEvent &event) { events.append(event); });
    }
    QList<HostEvent> events;
};

/*!
 * Every typed signal of a host, in order, as "live answer 2", "failed answer 3 restore-state-threw",
 * "retired answer 1 unloaded by 2", "status answer"; and the events each one was converted into.
 */
class SignalRecorder : public QObject
{
public:
    explicit SignalRecorder(PluginHost &host)
    {
        connect(&host, &PluginHost::generationLive, this, [this](const QString &name, const LoadAttempt &attempt) {
            seen << QStringLiteral("live %1 %2").arg(name).arg(attempt.generation);
            converted.append(HostEvent::fromAttempt(name, attempt).toJson());
        });
        connect(&host, &PluginHost::attemptFailed, this, [this](const QString &name, const LoadAttempt &attempt) {
            seen << QStringLiteral("failed %1 %2 %3").arg(name).arg(attempt.generation).arg(kindName(attempt.failure));
            converted.append(HostEvent::fromAttempt(name, attempt).toJson());
        });
        connect(&host, &PluginHost::generationRetired, this, [this](const ModuleRecord &record, int successor) {
            seen << QStringLiteral("retired %1 %2 %3 by %4")
                            .arg(record.name).arg(record.generation).arg(ModuleRecord::stateName(record.state)).arg(successor);
            if (successor == 0 || record.state == ModuleRecord::State::Pinned)
                converted.append(HostEvent::fromRetired(record).toJson());
        });
        connect(&host, &PluginHost::statusChanged, this, [this](const QString &name) { seen << QStringLiteral("status %1").arg(name); });
        connect(&host, &PluginHost::hostEvent, this, [this](const HostEvent &event) { events.append(event.toJson()); });
    }
    QStringList takeSignals() { return std::exchange(seen, QStringList()); }

    QStringList seen;
    QList<QJsonObject> converted; //!< what the typed signals make with HostEvent::fromAttempt() / fromRetired()
    QList<QJsonObject> events;    //!< what hostEvent() said
};

} // namespace

class TestPluginHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void reloadRunsNewCodeAndCarriesState();
    void everyGenerationIsANewFile();
    void repeatedReloadsLeakNothing();
    void badInput_data();
    void badInput();
    void throwInRestoreStateKeepsOldGeneration();
    void savedStateRestoresIntoAFreshLoad();
    void rollbackBringsOldCodeBack();
    void rollbackNeedsAKeptCopy();
    void unloadIsReal();
    void forgetStartsAHistoryOfItsOwn();
    void unloadRunsInOrder();
    void reloadRunsInOrder();
    void carriedStateDoesNotPointIntoPluginCode();
    void eventStateDoesNotPointIntoPluginCode();
    void typedSignalsAndStatus();
    void hostForAnotherInterface();
    void qtCorePluginInAHostOfBothInterfaces();
    void pluginOfTheOtherQtMajor();
    void stillMappedGenerationIsPinned();
    void worldWritableFilesAndFoldersAreRefused_data();
    void worldWritableFilesAndFoldersAreRefused();
    void awkwardPaths_data();
    void awkwardPaths();

private:
    BadInputs m_bad;
};

void TestPluginHost::initTestCase()
{
    for (const char *target : {"fixture_answer_v1", "fixture_answer_v2", "fixture_throw_restore", "fixture_other_iid",
                               "fixture_no_name", "fixture_no_version", "fixture_bad_version", "fixture_unresolved",
                               "fixture_gnu_unique", "fixture_widget_order", "fixture_corestate_v1",
                               "fixture_corestate_v2", "fixture_corestate_no_interface"}) {
        QVERIFY2(QFileInfo::exists(fixture(target)), qPrintable(fixture(target) + QLatin1String(" was not built")));
    }
    QString why;
    QVERIFY2(m_bad.create(&why), qPrintable(why));
}

void TestPluginHost::init()
{
    qApp->setProperty("answerLog", QVariant());
    qApp->setProperty("orderLog", QVariant());
    qApp->setProperty("answerInitLog", QVariant());
}

// Rule 8 and the point of it all: new code runs, the state survives, the old code is gone.
void TestPluginHost::reloadRunsNewCodeAndCarriesState()
{
    PluginHost host;
    EventRecorder recorder(host);
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QObject *first = host.instance(answerName);
    QVERIFY(first);
    QVERIFY(host.livePlugin(answerName));
    QCOMPARE(callInt(first, "answer"), 1);
    for (int i = 0; i < 3; ++i)
        QVERIFY(call(first, "increment"));
    QCOMPARE(callInt(first, "count"), 3);

    const ModuleRecord before = host.record(answerName);
    QCOMPARE(before.generation, 1);
    QCOMPARE(before.version, QStringLiteral("1.0.0"));
    QCOMPARE(stateOf(before), stateName(ModuleRecord::State::Loaded));
    QVERIFY(LibraryMappings::isMapped(before.shadowPath));
    QCOMPARE(recorder.events.size(), 1);
    QCOMPARE(typeName(recorder.events.at(0).type), typeName(HostEvent::Type::Loaded));

    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QObject *second = host.instance(answerName);
    QVERIFY(second);
    QVERIFY(second != first);
    QCOMPARE(callInt(second, "answer"), 2);
    QCOMPARE(callInt(second, "count"), 3);
    QCOMPARE(callInt(second, "restoreCalls"), 1);

    const ModuleRecord after = host.record(answerName);
    QCOMPARE(after.generation, 2);
    QCOMPARE(after.version, QStringLiteral("2.0.0"));
    QCOMPARE(stateOf(after), stateName(ModuleRecord::State::Loaded));
    QVERIFY(after.shadowPath != before.shadowPath);
    QVERIFY(LibraryMappings::isMapped(after.shadowPath));
    // Rule 6: the old copy is gone from the process, not just from the host's books.
    QVERIFY2(!LibraryMappings::isMapped(before.shadowPath), qPrintable(before.shadowPath + QLatin1String(" is still mapped")));
    QVERIFY(!LibraryMappings::isLoaderResident(before.shadowPath));

    const QList<ModuleRecord> history = host.history(answerName);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).generation, 2);
    QCOMPARE(history.at(1).generation, 1);
    QCOMPARE(stateOf(history.at(1)), stateName(ModuleRecord::State::Unloaded));

    QCOMPARE(recorder.events.size(), 2);
    const HostEvent reloaded = recorder.events.at(1);
    QCOMPARE(typeName(reloaded.type), typeName(HostEvent::Type::Reloaded));
    QCOMPARE(reloaded.plugin, answerName);
    QCOMPARE(reloaded.generation, 2);
    QCOMPARE(reloaded.fromGeneration, 1);
    QCOMPARE(reloaded.version, QStringLiteral("2.0.0"));
    QVERIFY(reloaded.hasState);
    QCOMPARE(reloaded.state.value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(reloaded.state.value(QStringLiteral("answer")).toInt(), 2);
    QVERIFY(reloaded.timing.totalMs >= 0);

    // The new generation took over before the old one was shut down, and the old one was
    // shut down exactly once, then destroyed.

    const QStringList expected = {
        QStringLiteral("answer 1 created"),
        QStringLiteral("answer 2 created"),
        QStringLiteral("answer 2 restored"),
        QStringLiteral("answer 1 shutdown"),
        QStringLiteral("answer 1 destroyed"),
    };
    QVERIFY2(appLog("answerLog") == expected, describeLogs(appLog("answerLog"), expected).constData());
}

// Rule 1: each generation is its own file, in the private folder, with an inode of its own,
// even when the artifact did not change.
void TestPluginHost::everyGenerationIsANewFile()
{
    PluginHost host;
    const QString artifact = fixture("fixture_answer_v1");
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    const ModuleRecord first = host.record(answerName);
    const qulonglong firstCode = callULongLong(host.instance(answerName), "codeAddress");
    QVERIFY(firstCode != 0);

    QVERIFY2(host.reload(answerName, artifact), qPrintable(host.errorString()));
    const ModuleRecord second = host.record(answerName);
    const qulonglong secondCode = callULongLong(host.instance(answerName), "codeAddress");

    const QString folder = host.runtimeFolder().path();
    QVERIFY(!folder.isEmpty());
    QCOMPARE(QFileInfo(first.shadowPath).absolutePath(), QFileInfo(folder).absoluteFilePath());
    QCOMPARE(QFileInfo(second.shadowPath).absolutePath(), QFileInfo(folder).absoluteFilePath());
    QCOMPARE(QFileInfo(first.shadowPath).fileName(), QStringLiteral("answer.g1.so"));
    QCOMPARE(QFileInfo(second.shadowPath).fileName(), QStringLiteral("answer.g2.so"));

    // Generation 1 is kept for rollback, so both files exist side by side here.
    QVERIFY(QFileInfo::exists(first.shadowPath));
    QVERIFY(QFileInfo::exists(second.shadowPath));
    const ino_t artifactInode = inodeOf(artifact);
    const ino_t firstInode = inodeOf(first.shadowPath);
    const ino_t secondInode = inodeOf(second.shadowPath);
    QVERIFY(artifactInode != 0 && firstInode != 0 && secondInode != 0);
    QVERIFY2(firstInode != secondInode, "two generations share an inode: dlopen would hand back the old code");
    QVERIFY2(firstInode != artifactInode && secondInode != artifactInode, "a shadow copy is a hard link to the artifact");

    QCOMPARE(first.sha256, second.sha256); // same bytes...
    QVERIFY(!first.sha256.isEmpty());
    QVERIFY2(firstCode != secondCode, "...but the same code: the second generation was not loaded apart");
    QVERIFY2(mappingOf(quintptr(secondCode)).contains(QFileInfo(second.shadowPath).fileName()),
             qPrintable(QLatin1String("generation 2's code is not in its shadow copy: ") + mappingOf(quintptr(secondCode))));
}

// Rule 6 over time: reloading many times leaves no mapping and no open file behind.
void TestPluginHost::repeatedReloadsLeakNothing()
{
    PluginHost host;
    const QString v1 = fixture("fixture_answer_v1");
    const QString v2 = fixture("fixture_answer_v2");
    QVERIFY2(host.load(v1), qPrintable(host.errorString()));
    int expectedCount = 0;
    int cycle = 0;
    const auto reloadOnce = [&]() -> bool {
        const bool toV2 = (cycle++ % 2) == 0;
        if (!host.reload(answerName, toV2 ? v2 : v1))
            return false;
        QObject *live = host.instance(answerName);
        if (callInt(live, "answer") != (toV2 ? 2 : 1) || callInt(live, "count") != expectedCount)
            return false;
        ++expectedCount;
        return call(live, "increment");
    };

    // Warm-up: Qt's and glibc's one-time allocations, and the rollback copies reaching their
    // limit, happen here and not in the measured part.
    for (int i = 0; i < 2 * host.keptGenerations() + 4; ++i)
        QVERIFY2(reloadOnce(), qPrintable(QStringLiteral("warm-up reload %1: %2").arg(i).arg(host.errorString())));
    const int mappingsBefore = LibraryMappings::mappingCount();
    const int filesBefore = LibraryMappings::openFileCount();
    QVERIFY(mappingsBefore > 0);
    QVERIFY(filesBefore > 0);

    for (int i = 0; i < 200; ++i)
        QVERIFY2(reloadOnce(), qPrintable(QStringLiteral("reload %1: %2").arg(i).arg(host.errorString())));

    // Exact: a live generation is one library, and it replaced exactly one.
    QCOMPARE(LibraryMappings::mappingCount(), mappingsBefore);
    QCOMPARE(LibraryMappings::openFileCount(), filesBefore);
    QCOMPARE(callInt(host.instance(answerName), "count"), expectedCount);

    // Only the live generation is mapped, and on disk only it and the rollback copies remain.
    const ModuleRecord live = host.record(answerName);
    for (const ModuleRecord &record : host.history(answerName)) {
        if (record.generation == live.generation)
            continue;
        QVERIFY2(!LibraryMappings::isMapped(record.shadowPath), qPrintable(record.shadowPath + QLatin1String(" is still mapped")));
        QCOMPARE(stateOf(record), stateName(ModuleRecord::State::Unloaded));
    }
    QCOMPARE(filesIn(host.runtimeFolder().path()).size(), host.keptGenerations() + 1);
}

// Rule 9: each kind of bad input is refused with its own clear reason, before any of its
// code runs where that is possible, and a live generation of the plugin survives it.
void TestPluginHost::badInput_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<bool>("withLive");

    const struct
    {
        const char *tag;
        QString path;
        QString phrase;
        FailureKind kind;
    } inputs[] = {
        {"missing", m_bad.path("missing"), QStringLiteral("file not found"), FailureKind::NotAFile},
        {"directory", m_bad.path("directory"), QStringLiteral("is a directory"), FailureKind::NotAFile},
        {"empty", m_bad.path("empty"), QStringLiteral("file is empty"), FailureKind::NotAnElfLibrary},
        {"random bytes", m_bad.path("random bytes"), QStringLiteral("not an ELF shared library"), FailureKind::NotAnElfLibrary},
        {"truncated plugin", m_bad.path("truncated plugin"), QStringLiteral("truncated"), FailureKind::NotAnElfLibrary},
        {"libm", m_bad.path("libm"), QStringLiteral("not a Qt plugin"), FailureKind::NotAQtPlugin},
        {"other IID", fixture("fixture_other_iid"), QStringLiteral("wrong plugin interface"), FailureKind::WrongInterface},
        {"no Name", fixture("fixture_no_name"), QStringLiteral("has no \"Name\""), FailureKind::BadMetadata},
        {"no Version", fixture("fixture_no_version"), QStringLiteral("has no \"Version\""), FailureKind::BadMetadata},
        {"malformed Version", fixture("fixture_bad_version"), QStringLiteral("malformed \"Version\" \"1.x\""),
         FailureKind::BadMetadata},
        {"unresolved symbol", fixture("fixture_unresolved"), QStringLiteral("undefined symbol: relive_fixture_missing_symbol"),
         FailureKind::LoadFailed},
        {"gnu unique", fixture("fixture_gnu_unique"), QStringLiteral("STB_GNU_UNIQUE"), FailureKind::UniqueSymbols},
        // Issue 16: each of these hung the host, or took seconds and gigabytes, before.
        {"named pipe", m_bad.path("named pipe"), QStringLiteral("not a regular file: it is a named pipe (FIFO)"),
         FailureKind::NotARegularFile},
        {"link to /dev/zero", m_bad.path("device"), QStringLiteral("not a regular file: it is a character device"),
         FailureKind::NotARegularFile},
        {"socket", m_bad.path("socket"), QStringLiteral("not a regular file: it is a socket"), FailureKind::NotARegularFile},
        {"sparse 3 GB", m_bad.path("sparse 3 GB"), QStringLiteral("too large: 3.2 GB, more than the 2.0 GB"), FailureKind::TooLarge},
    };
    for (bool withLive : {false, true}) {
        for (const auto &input : inputs) {
            QTest::addRow("%s, %s", input.tag, withLive ? "answer live" : "nothing loaded")
                << input.path << input.phrase << input.kind << withLive;
        }
    }
}

void TestPluginHost::badInput()
{
    QFETCH(QString, path);
    QFETCH(QString, phrase);
    QFETCH(FailureKind, kind);
    QFETCH(bool, withLive);
    if (path == fixture("fixture_gnu_unique") && !fixturesEmitGnuUnique)
        QSKIP("fixtures built by " RELIVE_FIXTURE_COMPILER ", which never emits STB_GNU_UNIQUE: nothing to refuse");

    PluginHost host;
    QObject *live = nullptr;
    ModuleRecord liveRecord;
    if (withLive) {
        QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
        live = host.instance(answerName);
        for (int i = 0; i < 3; ++i)
            QVERIFY(call(live, "increment"));
        liveRecord = host.record(answerName);
    }
    EventRecorder recorder(host);

    const bool accepted = withLive ? host.reload(answerName, path) : host.load(path);
    QVERIFY2(!accepted, "bad input was accepted");
    const QString error = host.errorString();
    QVERIFY2(error.contains(phrase), qPrintable(QStringLiteral("error \"%1\" does not say \"%2\"").arg(error, phrase)));

    // Distinct reasons: no other kind's phrase, once the path is taken out of the message.
    QString bare = error;
    bare.replace(path, QStringLiteral("<input>"));
    const QStringList otherPhrases = {
        QStringLiteral("file not found"), QStringLiteral("is a directory"), QStringLiteral("file is empty"),
        QStringLiteral("not an ELF shared library"), QStringLiteral("truncated"), QStringLiteral("not a Qt plugin"),
        QStringLiteral("wrong plugin interface"), QStringLiteral("has no \"Name\""), QStringLiteral("has no \"Version\""),
        QStringLiteral("malformed \"Version\""), QStringLiteral("undefined symbol"), QStringLiteral("STB_GNU_UNIQUE"),
        QStringLiteral("not a regular file"), QStringLiteral("too large"),
    };
    for (const QString &other : otherPhrases) {
        if (!phrase.startsWith(other))
            QVERIFY2(!bare.contains(other), qPrintable(QStringLiteral("error \"%1\" also says \"%2\"").arg(error, other)));
    }

    QCOMPARE(recorder.events.size(), 1);
    const HostEvent event = recorder.events.at(0);
    const HostEvent::Type expectedType = withLive ? HostEvent::Type::ReloadFailed : HostEvent::Type::LoadFailed;
    QCOMPARE(typeName(event.type), typeName(expectedType));
    QCOMPARE(event.error, error);
    // Each kind of bad input has its own FailureKind, in the event, its JSON and status().
    QCOMPARE(kindName(event.failure), kindName(kind));
    QCOMPARE(event.toJson().value(QStringLiteral("failure")).toString(), failureKindName(kind));
    const PluginStatus status = host.status(event.plugin);
    QCOMPARE(status.name, event.plugin);
    QCOMPARE(kindName(status.lastAttempt.failure), kindName(kind));
    QCOMPARE(status.lastAttempt.error, error);
    QCOMPARE(status.lastAttempt.generation, event.generation);
    QCOMPARE(status.liveGeneration, withLive ? liveRecord.generation : 0);
    QCOMPARE(status.lastAttempt.previousGeneration, withLive ? liveRecord.generation : 0);
    QVERIFY(status.pinnedGenerations.isEmpty());

    const QString folder = host.runtimeFolder().path();
    if (!withLive) {
        QVERIFY(!host.isLoaded(answerName));
        QVERIFY(!host.instance(answerName));
        QCOMPARE(filesIn(folder), QStringList());
        return;
    }

    // Nothing lost: the same generation, the same instance, the same state, still working.
    QCOMPARE(event.plugin, answerName);
    QVERIFY(host.isLoaded(answerName));
    QCOMPARE(host.instance(answerName), live);
    QCOMPARE(callInt(live, "answer"), 1);
    QCOMPARE(callInt(live, "count"), 3);
    const ModuleRecord now = host.record(answerName);
    QCOMPARE(now.generation, liveRecord.generation);
    QCOMPARE(stateOf(now), stateName(ModuleRecord::State::Loaded));
    QCOMPARE(now.shadowPath, liveRecord.shadowPath);
    QVERIFY(LibraryMappings::isMapped(now.shadowPath));
    QVERIFY(!appLog("answerLog").contains(QStringLiteral("answer 1 shutdown")));
    // Rule 4: the refused file's static constructors never ran; only generation 1's did.
    QCOMPARE(appLog("answerInitLog"), QStringList{QStringLiteral("answer 1 static init")});
    // No stray staging file or shadow copy of the refused input.
    QCOMPARE(filesIn(folder), QStringList{QStringLiteral("answer.g1.so")});
    for (const ModuleRecord &record : host.history(answerName)) {
        if (record.generation != now.generation) {
            QCOMPARE(stateOf(record), stateName(ModuleRecord::State::Failed));
            QCOMPARE(kindName(record.failure), kindName(kind));
            QVERIFY(!LibraryMappings::isMapped(record.shadowPath));
        }
    }

    // And the next good build still goes in, with the state.
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 2);
    QCOMPARE(callInt(host.instance(answerName), "count"), 3);
}

// What an app does across a restart of its own process: saveState() before, restoreState() after.
void TestPluginHost::savedStateRestoresIntoAFreshLoad()
{
    QVariantMap saved;
    {
        PluginHost host;
        QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
        QVERIFY(call(host.instance(answerName), "increment"));
        QVERIFY(call(host.instance(answerName), "increment"));
        QString error;
        saved = host.saveState(answerName, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    } // the plugin's code is gone now: the state must not point into it
    PluginHost host;
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "count"), 0);
    QVERIFY(host.restoreState(answerName, saved));
    QCOMPARE(callInt(host.instance(answerName), "count"), 2);

    QString error;
    QVERIFY(!host.restoreState(QStringLiteral("nothing-loaded"), saved, &error));
    QVERIFY2(error.contains(QStringLiteral("no live")), qPrintable(error));

    // A throwing restoreState() is caught and named.
    PluginHost refusing;
    QVERIFY2(refusing.load(fixture("fixture_throw_restore")), qPrintable(refusing.errorString()));
    QVERIFY(!refusing.restoreState(answerName, saved, &error));
    QVERIFY2(error.contains(QStringLiteral("restoreState() threw")) && error.contains(QStringLiteral("refusing state")),
             qPrintable(error));
}

// Rule 8: a plugin that refuses the state does not replace the one that has it.
void TestPluginHost::throwInRestoreStateKeepsOldGeneration()
{
    PluginHost host;
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QObject *live = host.instance(answerName);
    QVERIFY(call(live, "increment"));
    QVERIFY(call(live, "increment"));
    EventRecorder recorder(host);

    QVERIFY(!host.reload(answerName, fixture("fixture_throw_restore")));
    QVERIFY2(host.errorString().contains(QStringLiteral("refusing state")), qPrintable(host.errorString()));
    QVERIFY2(host.errorString().contains(QStringLiteral("restoreState()")), qPrintable(host.errorString()));

    QCOMPARE(host.instance(answerName), live);
    QCOMPARE(callInt(live, "answer"), 1);
    QCOMPARE(callInt(live, "count"), 2);
    QCOMPARE(host.record(answerName).generation, 1);
    QCOMPARE(stateOf(host.record(answerName)), stateName(ModuleRecord::State::Loaded));

    QCOMPARE(recorder.events.size(), 1);
    QCOMPARE(typeName(recorder.events.at(0).type), typeName(HostEvent::Type::ReloadFailed));
    QVERIFY(recorder.events.at(0).error.contains(QStringLiteral("refusing state")));

    // The refused generation ran its constructor, so it had to be unloaded, in order, and gone.
    const QList<ModuleRecord> history = host.history(answerName);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).generation, 2);
    QCOMPARE(stateOf(history.at(0)), stateName(ModuleRecord::State::Failed));
    QCOMPARE(kindName(history.at(0).failure), kindName(FailureKind::RestoreStateThrew));
    QCOMPARE(kindName(host.status(answerName).lastAttempt.failure), kindName(FailureKind::RestoreStateThrew));
    QVERIFY(!LibraryMappings::isMapped(history.at(0).shadowPath));
    const QStringList expected = {
        QStringLiteral("answer 1 created"),
        QStringLiteral("answer 3 created"),
        QStringLiteral("answer 3 refuses state"),
        QStringLiteral("answer 3 shutdown"),
        QStringLiteral("answer 3 destroyed"),
    };
    QVERIFY2(appLog("answerLog") == expected, describeLogs(appLog("answerLog"), expected).constData());

    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "count"), 2);
}

void TestPluginHost::rollbackBringsOldCodeBack()
{
    PluginHost host;
    EventRecorder recorder(host);
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    const ModuleRecord first = host.record(answerName);
    QVERIFY(call(host.instance(answerName), "increment"));
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    const ModuleRecord second = host.record(answerName);
    QVERIFY(call(host.instance(answerName), "increment"));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 2);

    QVERIFY2(host.rollback(answerName, 1), qPrintable(host.errorString()));
    QObject *live = host.instance(answerName);
    QCOMPARE(callInt(live, "answer"), 1);
    QCOMPARE(callInt(live, "count"), 2);

    const ModuleRecord third = host.record(answerName);
    QCOMPARE(third.generation, 3);
    QCOMPARE(third.rolledBackFrom, 1);
    QCOMPARE(third.version, QStringLiteral("1.0.0"));
    QCOMPARE(third.sha256, first.sha256);
    QCOMPARE(third.artifactPath, first.artifactPath);
    QVERIFY(third.shadowPath != first.shadowPath);
    QVERIFY(!LibraryMappings::isMapped(second.shadowPath));
    QVERIFY(!LibraryMappings::isMapped(first.shadowPath));
    QVERIFY(LibraryMappings::isMapped(third.shadowPath));

    const HostEvent event = recorder.events.last();
    QCOMPARE(typeName(event.type), typeName(HostEvent::Type::RolledBack));
    QCOMPARE(event.generation, 3);
    QCOMPARE(event.fromGeneration, 2);
    QCOMPARE(event.toGeneration, 1);
    QCOMPARE(event.state.value(QStringLiteral("count")).toInt(), 2);
    QCOMPARE(event.state.value(QStringLiteral("answer")).toInt(), 1);

    QVERIFY(!host.rollback(answerName, 3));
    QVERIFY2(host.errorString().contains(QStringLiteral("already live")), qPrintable(host.errorString()));
    QVERIFY(!host.rollback(answerName, 42));
    QVERIFY2(host.errorString().contains(QStringLiteral("no generation 42")), qPrintable(host.errorString()));
    QCOMPARE(host.record(answerName).generation, 3);
}

void TestPluginHost::rollbackNeedsAKeptCopy()
{
    PluginHost host;
    host.setKeptGenerations(0);
    QCOMPARE(host.keptGenerations(), 0);
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    const ModuleRecord first = host.record(answerName);
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QVERIFY2(!QFileInfo::exists(first.shadowPath), "a copy was kept beyond keptGenerations()");
    QVERIFY(!host.rollback(answerName, 1));
    QVERIFY2(host.errorString().contains(QStringLiteral("no longer kept")), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 2);
}

// Rules 2 and 6: an unload really removes the code (no PreventUnloadHint, no RTLD_NODELETE).
void TestPluginHost::unloadIsReal()
{
    PluginHost host;
    EventRecorder recorder(host);
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    const ModuleRecord record = host.record(answerName);
    QVERIFY(LibraryMappings::isMapped(record.shadowPath));
    QVERIFY(LibraryMappings::isLoaderResident(record.shadowPath));

    QVERIFY2(host.unload(answerName), qPrintable(host.errorString()));
    QVERIFY2(!LibraryMappings::isMapped(record.shadowPath), "still mapped after unload: PreventUnloadHint not cleared?");
    QVERIFY(!LibraryMappings::isLoaderResident(record.shadowPath));
    QVERIFY(!host.isLoaded(answerName));
    QVERIFY(!host.instance(answerName));
    QVERIFY(!host.livePlugin(answerName));
    QCOMPARE(stateOf(host.record(answerName)), stateName(ModuleRecord::State::Unloaded));
    QCOMPARE(typeName(recorder.events.last().type), typeName(HostEvent::Type::Unloaded));
    QCOMPARE(recorder.events.last().generation, 1);
    const QStringList expected = {
        QStringLiteral("answer 1 created"),
        QStringLiteral("answer 1 shutdown"),
        QStringLiteral("answer 1 destroyed"),
    };
    QVERIFY2(appLog("answerLog") == expected, describeLogs(appLog("answerLog"), expected).constData());

    QVERIFY(!host.unload(answerName));
    QVERIFY2(host.errorString().contains(QStringLiteral("is loaded")), qPrintable(host.errorString()));
}

// Another workspace's plugin of the same name: after forget() its history starts at 1, and no
// generation of the forgotten one can be rolled back to.
void TestPluginHost::forgetStartsAHistoryOfItsOwn()
{
    PluginHost host;
    QSignalSpy forgotten(&host, &PluginHost::forgotten);
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(host.record(answerName).generation, 2);
    QVERIFY(!host.forget(answerName)); // live: unload first
    QVERIFY2(host.errorString().contains(QStringLiteral("is live")), qPrintable(host.errorString()));
    QVERIFY(QMetaObject::invokeMethod(host.instance(answerName), "increment"));
    const QVariantMap live = host.saveState(answerName);
    QVERIFY(!live.isEmpty());
    QVERIFY(host.unload(answerName));
    QCOMPARE(host.lastState(answerName), live); // what Reload gives back
    host.forgetAll();
    QCOMPARE(forgotten.count(), 1);
    QVERIFY(host.pluginNames().isEmpty());
    QVERIFY(host.history(answerName).isEmpty());
    QCOMPARE(host.status(answerName).lastRunGeneration, 0); // as for a name never seen
    QVERIFY(!host.status(answerName).lastAttemptFailed());
    QVERIFY(host.lastState(answerName).isEmpty());

    QVERIFY2(host.load(fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(host.record(answerName).generation, 1);
    QCOMPARE(host.history(answerName).size(), 1);
    QVERIFY(!host.rollback(answerName, 2));
    QVERIFY(!host.clearFailedAttempt(answerName)); // nothing failed
}

// Rule 5: shutdown, widgets, deferred deletes, then the code goes; the event comes last.
void TestPluginHost::unloadRunsInOrder()
{
    QPointer<QWidget> widget; // before the host: its destructor may still emit aboutToUnload
    PluginHost host;
    connect(&host, &PluginHost::aboutToUnload, &host, [&](const QString &name, int generation) {
        Fixture::appendLog("orderLog", QStringLiteral("aboutToUnload %1 %2").arg(name).arg(generation));
        delete widget.data();
    });
    connect(&host, &PluginHost::hostEvent, &host, [](const HostEvent &event) {
        Fixture::appendLog("orderLog", QLatin1String("event ") + HostEvent::typeName(event.type));
    });
    QVERIFY2(host.load(fixture("fixture_widget_order")), qPrintable(host.errorString()));
    QVERIFY(host.livePlugin(QStringLiteral("order")));
    widget = host.livePlugin(QStringLiteral("order"))->createWidget(nullptr);
    QVERIFY(widget);
    widget->show();
    const QString shadow = host.record(QStringLiteral("order")).shadowPath;

    QVERIFY2(host.unload(QStringLiteral("order")), qPrintable(host.errorString()));
    QVERIFY(!widget);
    QVERIFY(!LibraryMappings::isMapped(shadow));
    const QStringList expected = {
        QStringLiteral("library loaded"),
        QStringLiteral("instance created"),
        QStringLiteral("saveState"), // for the event's "state"
        QLatin1String("event ") + typeName(HostEvent::Type::Loaded),
        QStringLiteral("saveState"), // kept as lastState(), before the plugin shuts down
        QStringLiteral("shutdown"),
        QStringLiteral("aboutToUnload order 1"),
        QStringLiteral("widget destroyed"),
        QStringLiteral("deferred object destroyed"),
        QStringLiteral("instance destroyed"),
        QStringLiteral("library unloaded"),
        QLatin1String("event ") + typeName(HostEvent::Type::Unloaded),
    };
    QVERIFY2(appLog("orderLog") == expected, describeLogs(appLog("orderLog"), expected).constData());
}

// Rules 5 and 8 in a reload: the new generation is in and has the state before the old one
// is shut down; then the old one goes in order.
void TestPluginHost::reloadRunsInOrder()
{
    QPointer<QWidget> widget; // before the host: its destructor may still emit aboutToUnload
    PluginHost host;
    connect(&host, &PluginHost::aboutToUnload, &host, [&](const QString &name, int generation) {
        Fixture::appendLog("orderLog", QStringLiteral("aboutToUnload %1 %2").arg(name).arg(generation));
        if (generation == 1)
            delete widget.data();
    });
    connect(&host, &PluginHost::hostEvent, &host, [](const HostEvent &event) {
        Fixture::appendLog("orderLog", QLatin1String("event ") + HostEvent::typeName(event.type));
    });
    const QString artifact = fixture("fixture_widget_order");
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    widget = host.livePlugin(QStringLiteral("order"))->createWidget(nullptr);
    QVERIFY(widget);
    QVERIFY2(host.reload(QStringLiteral("order"), artifact), qPrintable(host.errorString()));
    QVERIFY(!widget);
    const QStringList expected = {
        QStringLiteral("library loaded"),
        QStringLiteral("instance created"),
        QStringLiteral("saveState"), // for the event's "state"
        QLatin1String("event ") + typeName(HostEvent::Type::Loaded),
        QStringLiteral("library loaded"),
        QStringLiteral("instance created"),
        QStringLiteral("saveState"),
        QStringLiteral("restoreState"),
        QStringLiteral("shutdown"),
        QStringLiteral("aboutToUnload order 1"),
        QStringLiteral("widget destroyed"),
        QStringLiteral("deferred object destroyed"),
        QStringLiteral("instance destroyed"),
        QStringLiteral("library unloaded"),
        QStringLiteral("saveState"), // the new generation's, for the event's "state"
        QLatin1String("event ") + typeName(HostEvent::Type::Reloaded),
    };
    QVERIFY2(appLog("orderLog") == expected, describeLogs(appLog("orderLog"), expected).constData());
}

// Plugins write state with QStringLiteral; the characters of such a string live in the
// library that wrote it, and are unmapped when that generation is unloaded: then reading
// (Qt 6), copying or destroying (Qt 5) such a string is a crash. The new generation must be
// handed a state of its own.
void TestPluginHost::carriedStateDoesNotPointIntoPluginCode()
{
    PluginHost host;
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY(QMetaObject::invokeMethod(host.instance(answerName), "setStaticNote", Qt::DirectConnection, Q_ARG(bool, true)));
    const ModuleRecord first = host.record(answerName);
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QVERIFY(!LibraryMappings::isMapped(first.shadowPath));

    // What generation 2 was handed: generation 1 is gone, so only the address is looked at.
    const qulonglong note = callULongLong(host.instance(answerName), "restoredNoteAddress");
    QVERIFY2(note != 0, "the note did not reach the new generation");
    const QString mapping = mappingOf(quintptr(note));
    QVERIFY2(!mapping.isEmpty(),
             "the state handed to generation 2 pointed into generation 1's read-only data, which is now "
             "unmapped: the host must give the new generation a deep copy of the state (e.g. through JSON)");
    QVERIFY2(!mapping.contains(host.runtimeFolder().path()), qPrintable(QStringLiteral("the note lives in a plugin: ") + mapping));
}

// Events outlive generations (logs, the CLI's --json, the GUI's history): the state they carry
// must not point into the generation that produced it either.
void TestPluginHost::eventStateDoesNotPointIntoPluginCode()
{
    PluginHost host;
    EventRecorder recorder(host); // destroyed first, while the live generation is still mapped
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY(QMetaObject::invokeMethod(host.instance(answerName), "setStaticNote", Qt::DirectConnection, Q_ARG(bool, true)));
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    const ModuleRecord live = host.record(answerName);

    QVERIFY(!recorder.events.isEmpty());
    const HostEvent &reloaded = recorder.events.last();
    QCOMPARE(typeName(reloaded.type), typeName(HostEvent::Type::Reloaded));
    QVERIFY2(reloaded.state.contains(QStringLiteral("note")), "generation 2 did not report its note");
    // Generation 2 is still mapped: reading the note is safe here, and shows where it lives.
    const QString note = reloaded.state.value(QStringLiteral("note")).toString();
    QCOMPARE(note, QStringLiteral("carried across generations"));
    const QString mapping = mappingOf(quintptr(note.constData()));
    QVERIFY2(!mapping.contains(QFileInfo(live.shadowPath).fileName()),
             "the reloaded event's state points into generation 2's read-only data, and dangles once "
             "generation 2 is unloaded: the host must deep-copy what saveState() returns");
}

// The typed account of a plugin's life: one signal per thing that happened, in order, then
// statusChanged(); status() says where it stands; hostEvent() is exactly those signals converted.
void TestPluginHost::typedSignalsAndStatus()
{
    PluginHost host;
    SignalRecorder recorder(host);
    QCOMPARE(host.status(answerName).name, answerName);
    QVERIFY(!host.status(answerName).isLive());

    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("live answer 1"), QStringLiteral("status answer")}));
    PluginStatus status = host.status(answerName);
    QCOMPARE(status.liveGeneration, 1);
    QCOMPARE(status.lastRunGeneration, 1);
    QVERIFY(status.lastAttempt.wentLive());
    QCOMPARE(status.lastAttempt.previousGeneration, 0);
    QCOMPARE(status.lastAttempt.version, QStringLiteral("1.0.0"));
    QVERIFY(status.lastAttempt.hasState);

    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("retired answer 1 unloaded by 2"),
                                                  QStringLiteral("live answer 2"), QStringLiteral("status answer")}));
    status = host.status(answerName);
    QCOMPARE(status.liveGeneration, 2);
    QCOMPARE(status.lastAttempt.previousGeneration, 1);
    QVERIFY(status.lastAttempt.timing.totalMs >= 0);

    // Refused after it was numbered, and before: the live generation stays, the status says why.
    QVERIFY(!host.reload(answerName, fixture("fixture_throw_restore")));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("failed answer 3 restore-state-threw"),
                                                  QStringLiteral("status answer")}));
    QVERIFY(!host.reload(answerName, fixture("fixture_bad_version")));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("failed answer 0 bad-metadata"), QStringLiteral("status answer")}));
    status = host.status(answerName);
    QCOMPARE(status.liveGeneration, 2);
    QVERIFY(status.lastAttemptFailed());
    QCOMPARE(kindName(status.lastAttempt.failure), kindName(FailureKind::BadMetadata));
    QCOMPARE(status.lastAttempt.error, host.errorString());
    QCOMPARE(status.lastAttempt.previousGeneration, 2);

    QVERIFY2(host.rollback(answerName, 1), qPrintable(host.errorString()));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("retired answer 2 unloaded by 4"),
                                                  QStringLiteral("live answer 4"), QStringLiteral("status answer")}));
    status = host.status(answerName);
    QVERIFY(!status.lastAttemptFailed());
    QCOMPARE(status.lastAttempt.rollbackOf, 1);
    QCOMPARE(kindName(host.record(answerName, 3).failure), kindName(FailureKind::RestoreStateThrew));
    QCOMPARE(host.record(answerName, 1).generation, 1);
    QCOMPARE(host.record(answerName, 42).generation, 0);

    // An unload supersedes what was tried before it.
    QVERIFY(host.unload(answerName));
    QCOMPARE(recorder.takeSignals(), (QStringList{QStringLiteral("retired answer 4 unloaded by 0"), QStringLiteral("status answer")}));
    status = host.status(answerName);
    QVERIFY(!status.isLive());
    QCOMPARE(status.lastRunGeneration, 4);
    QVERIFY(!status.lastAttemptFailed());
    QCOMPARE(status.lastAttempt.generation, 0);
    QVERIFY(status.pinnedGenerations.isEmpty());

    // hostEvent() is the typed signals, converted; the failures carry their kind.
    QCOMPARE(recorder.events.size(), 6);
    QCOMPARE(recorder.events, recorder.converted);
    QCOMPARE(recorder.events.at(2).value(QStringLiteral("failure")).toString(), QStringLiteral("restore-state-threw"));
    QCOMPARE(recorder.events.at(3).value(QStringLiteral("failure")).toString(), QStringLiteral("bad-metadata"));
    QVERIFY(!recorder.events.at(0).contains(QStringLiteral("failure")));
}

// The host is generic over the interface; only LivePlugin instances get state.
void TestPluginHost::hostForAnotherInterface()
{
    PluginHost host(QStringLiteral("org.example.Other/1.0"));
    QCOMPARE(host.iid(), QStringLiteral("org.example.Other/1.0"));
    QVERIFY2(host.load(fixture("fixture_other_iid")), qPrintable(host.errorString()));
    const QString name = QStringLiteral("other");
    QVERIFY(host.isLoaded(name));
    QVERIFY(host.instance(name));
    QVERIFY(!host.livePlugin(name));
    QString answer;
    QVERIFY(QMetaObject::invokeMethod(host.instance(name), "other", Qt::DirectConnection, Q_RETURN_ARG(QString, answer)));
    QCOMPARE(answer, QStringLiteral("other"));
    QCOMPARE(host.record(name).iid, QStringLiteral("org.example.Other/1.0"));

    // A Relive plugin is the wrong interface for this host.
    QVERIFY(!host.load(fixture("fixture_answer_v1")));
    QVERIFY2(host.errorString().contains(QStringLiteral("wrong plugin interface")), qPrintable(host.errorString()));
    QCOMPARE(kindName(host.status(answerName).lastAttempt.failure), kindName(FailureKind::WrongInterface));

    const QString shadow = host.record(name).shadowPath;
    QVERIFY2(host.unload(name), qPrintable(host.errorString()));
    QVERIFY(!LibraryMappings::isMapped(shadow));
}

// The app's host (and relive-cli watch's): LivePlugins and QtCore-only plugins (Relive::LiveState
// without a widget), each tried in the real relive-probe as what it is. The fixture aborts in the
// createWidget() slot it inherits: a trial or a host that called it would crash.
void TestPluginHost::qtCorePluginInAHostOfBothInterfaces()
{
    const QString liveStateIid = QStringLiteral(ReliveLiveState_iid);
    const QString name = QStringLiteral("corestate");
    {
        // A host of LivePlugin alone refuses it, as before.
        PluginHost livePluginsOnly;
        QVERIFY(!livePluginsOnly.load(fixture("fixture_corestate_v1")));
        QCOMPARE(kindName(livePluginsOnly.status(name).lastAttempt.failure), kindName(FailureKind::WrongInterface));
    }
    PluginHost host;
    host.setAlsoAcceptedIids({liveStateIid});
    QCOMPARE(host.acceptedIids(), (QStringList{QStringLiteral(ReliveLivePlugin_iid), liveStateIid}));
    PluginProbe::Settings probe;
    probe.enabled = true;
    probe.program = QStringLiteral(RELIVE_PROBE_EXECUTABLE);
    host.setProbeSettings(probe);
    EventRecorder recorder(host);

    QVERIFY2(host.load(fixture("fixture_corestate_v1")), qPrintable(host.errorString()));
    QVERIFY(host.liveState(name));
    QVERIFY(!host.livePlugin(name));
    QVERIFY2(host.status(name).lastAttempt.timing.probeMs > 0, "the QtCore plugin was not tried in the probe");
    QCOMPARE(host.record(name).iid, liveStateIid);
    QString error;
    QVERIFY(!host.createWidget(name, nullptr, &error));
    QVERIFY2(!error.isEmpty(), "no reason given for the missing widget");
    QCOMPARE(host.saveState(name).value(QStringLiteral("generations")).toInt(), 1);

    // Reloaded through a background trial (as the app does), with its state carried.
    bool probed = false;
    host.probeInBackground(name, fixture("fixture_corestate_v2"), &host, [&probed](double) { probed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(probed, 20000);
    QVERIFY2(host.reload(name, fixture("fixture_corestate_v2")), qPrintable(host.errorString()));
    QVariantMap state = host.saveState(name);
    QCOMPARE(state.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(state.value(QStringLiteral("generations")).toInt(), 2);
    QCOMPARE(recorder.events.last().state.value(QStringLiteral("generations")).toInt(), 2);

    // Rolled back: generation 1's code, with the state carried once more.
    QVERIFY2(host.rollback(name, 1), qPrintable(host.errorString()));
    state = host.saveState(name);
    QCOMPARE(state.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(state.value(QStringLiteral("generations")).toInt(), 3);
    QCOMPARE(host.record(name).generation, 3);

    // Naming LiveState's IID without implementing it is refused, and says what to add: by the
    // trial run first, and by the host itself without one.
    QVERIFY(!host.reload(name, fixture("fixture_corestate_no_interface")));
    QCOMPARE(kindName(host.status(name).lastAttempt.failure), kindName(FailureKind::RefusedByTrialRun));
    QVERIFY2(host.errorString().contains(QStringLiteral("Q_INTERFACES(Relive::LiveState)")), qPrintable(host.errorString()));
    host.setProbeSettings(PluginProbe::Settings());
    QVERIFY(!host.reload(name, fixture("fixture_corestate_no_interface")));
    QCOMPARE(kindName(host.status(name).lastAttempt.failure), kindName(FailureKind::NotALivePlugin));
    QVERIFY2(host.errorString().contains(QStringLiteral("Q_INTERFACES(Relive::LiveState)")), qPrintable(host.errorString()));
    QCOMPARE(host.record(name).generation, 3); // the live generation stays
    QVERIFY(host.isLoaded(name));

    // A plugin of neither interface is refused, naming both.
    QVERIFY(!host.load(fixture("fixture_other_iid")));
    QCOMPARE(kindName(host.status(QStringLiteral("other")).lastAttempt.failure), kindName(FailureKind::WrongInterface));
    QVERIFY2(host.errorString().contains(QStringLiteral("this host loads \"org.relive.LivePlugin/1.0\" or \"org.relive.LiveState/1.0\"")),
             qPrintable(host.errorString()));

    // The LivePlugins load as before, widget and all, next to it.
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY(host.livePlugin(answerName));
    std::unique_ptr<QWidget> widget(host.createWidget(answerName, nullptr, &error));
    QVERIFY2(widget, qPrintable(error));
    widget.reset();
    QVERIFY2(host.unload(name), qPrintable(host.errorString()));
    QCOMPARE(host.lastState(name).value(QStringLiteral("generations")).toInt(), 3);
}

// Rule 9, "a Qt 5 plugin in a Qt 6 host" (or the reverse), with a real plugin of the other
// Qt: refused before it is loaded, which would drag the other Qt's libraries into the process.
void TestPluginHost::pluginOfTheOtherQtMajor()
{
    QString why;
    const QString path = otherMajorPlatformPlugin(&why);
    if (path.isEmpty())
        RELIVE_MISSING_TOOL(why);
    const int otherMajor = QT_VERSION_MAJOR == 6 ? 5 : 6;
    const QString otherCore = QStringLiteral("libQt%1Core.so").arg(otherMajor);
    QVERIFY(!mappingsMention(otherCore));

    PluginHost host(platformPluginIid());
    EventRecorder recorder(host);
    QVERIFY(!host.load(path));
    QVERIFY2(host.errorString().contains(QStringLiteral("built with Qt %1.").arg(otherMajor)), qPrintable(host.errorString()));
    QCOMPARE(recorder.events.size(), 1);
    QCOMPARE(kindName(recorder.events.at(0).failure), kindName(FailureKind::OtherQtVersion));
    QCOMPARE(typeName(recorder.events.at(0).type), typeName(HostEvent::Type::LoadFailed));
    QVERIFY2(!mappingsMention(otherCore), "the other Qt's libraries were loaded into the process");
    QCOMPARE(filesIn(host.runtimeFolder().path()), QStringList());
}

// Rule 6: a generation whose library stays mapped after unload() is reported as pinned,
// in the record and in an event, never as unloaded.
void TestPluginHost::stillMappedGenerationIsPinned()
{
    PluginHost host;
    EventRecorder recorder(host);
    QVERIFY2(host.load(fixture("fixture_pinned")), qPrintable(host.errorString()));
    const ModuleRecord pinnedRecord = host.record(answerName);
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 2);

    ModuleRecord old;
    for (const ModuleRecord &record : host.history(answerName)) {
        if (record.generation == pinnedRecord.generation)
            old = record;
    }
    QCOMPARE(stateOf(old), stateName(ModuleRecord::State::Pinned));
    QCOMPARE(kindName(old.failure), kindName(FailureKind::Pinned));
    QVERIFY2(old.errorString.contains(QStringLiteral("still mapped")), qPrintable(old.errorString));
    QVERIFY(LibraryMappings::isMapped(pinnedRecord.shadowPath));
    // Where the plugin stands: generation 2 live, the pinned one named with its reason.
    const PluginStatus status = host.status(answerName);
    QCOMPARE(status.liveGeneration, 2);
    QCOMPARE(status.pinnedGenerations, QList<int>{pinnedRecord.generation});
    QCOMPARE(status.pinnedError, old.errorString);
    QVERIFY(!status.lastAttemptFailed());

    QStringList types;
    for (const HostEvent &event : recorder.events)
        types << typeName(event.type);
    QCOMPARE(types, (QStringList{typeName(HostEvent::Type::Loaded), typeName(HostEvent::Type::Pinned),
                                 typeName(HostEvent::Type::Reloaded)}));
    QCOMPARE(recorder.events.at(1).generation, pinnedRecord.generation);
    QVERIFY2(recorder.events.at(1).error.contains(QStringLiteral("still mapped")), qPrintable(recorder.events.at(1).error));
    QCOMPARE(recorder.events.at(1).toJson().value(QStringLiteral("failure")).toString(), QStringLiteral("pinned"));

    // The pinned generation's instance was still deleted: its destructor ran.
    QVERIFY(appLog("answerLog").contains(QStringLiteral("answer 9 destroyed")));
}

// Someone else could swap a world-writable file (or a file in a world-writable folder) between
// the host's checks and its load. A sticky folder (like /tmp) is fine: only the owner may rename.
void TestPluginHost::worldWritableFilesAndFoldersAreRefused_data()
{
    QTest::addColumn<int>("folderMode");
    QTest::addColumn<int>("fileMode");
    QTest::addColumn<QString>("phrase"); // empty: loads
    QTest::newRow("private folder, private file") << 0700 << 0644 << QString();
    QTest::newRow("world-writable file") << 0700 << 0666 << QStringLiteral("refusing to load a world-writable file: run chmod o-w on it");
    QTest::newRow("world-writable folder") << 0777 << 0644 << QStringLiteral("refusing to load from a world-writable folder");
    QTest::newRow("sticky world-writable folder") << 01777 << 0644 << QString();
}

void TestPluginHost::worldWritableFilesAndFoldersAreRefused()
{
    QFETCH(int, folderMode);
    QFETCH(int, fileMode);
    QFETCH(QString, phrase);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("plugins"));
    QVERIFY(QDir().mkpath(folder));
    const QString file = folder + QStringLiteral("/answer.so");
    QVERIFY(QFile::copy(fixture("fixture_answer_v1"), file));
    // chmod, not the umask-bound open: exactly these modes.
    QCOMPARE(::chmod(QFile::encodeName(file).constData(), mode_t(fileMode)), 0);
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), mode_t(folderMode)), 0);

    PluginHost host;
    const bool loaded = host.load(file);
    if (phrase.isEmpty()) {
        QVERIFY2(loaded, qPrintable(host.errorString()));
        return;
    }
    QVERIFY(!loaded);
    QVERIFY2(host.errorString().contains(phrase), qPrintable(host.errorString()));
    QCOMPARE(kindName(host.status(QStringLiteral("answer")).lastAttempt.failure), kindName(FailureKind::WorldWritable));
    QVERIFY(!appLog("answerInitLog").contains(QStringLiteral("answer 1 static init")));
}

void TestPluginHost::awkwardPaths_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &row : awkwardNames())
        QTest::newRow(row.first) << row.second;
}

// Artifacts, and the runtime folder their shadow copies go to, under folders named \a name:
// load, reload, the verified unload (which reads such paths back from /proc/self/maps) and
// a rollback to the kept copy.
void TestPluginHost::awkwardPaths()
{
    QFETCH(QString, name);
    QTemporaryDir base;
    QVERIFY(base.isValid());
    const QString folder = base.filePath(name);
    const QString runtime = folder + QStringLiteral("/runtime ") + name;
    QVERIFY(QDir().mkpath(runtime));
    const QString v1 = folder + QLatin1Char('/') + name + QStringLiteral(".so");
    const QString v2 = folder + QLatin1Char('/') + name + QStringLiteral(" v2.so");
    QVERIFY(QFile::copy(fixture("fixture_answer_v1"), v1));
    QVERIFY(QFile::copy(fixture("fixture_answer_v2"), v2));

    const bool hadRuntimeDir = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
    const QByteArray runtimeDir = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    const auto restore = qScopeGuard([&] {
        if (hadRuntimeDir)
            qputenv("XDG_RUNTIME_DIR", runtimeDir);
        else
            qunsetenv("XDG_RUNTIME_DIR");
    });

    PluginHost host;
    QVERIFY2(host.runtimeFolder().path().startsWith(runtime + QStringLiteral("/relive/")), qPrintable(host.runtimeFolder().path()));
    QVERIFY2(host.load(v1), qPrintable(host.errorString()));
    QVERIFY(call(host.instance(answerName), "increment"));
    const ModuleRecord first = host.record(answerName);
    QCOMPARE(first.artifactPath, QFileInfo(v1).absoluteFilePath());
    QCOMPARE(host.pluginLoadedFrom(v1), answerName);
    QVERIFY2(LibraryMappings::isMapped(first.shadowPath), qPrintable(first.shadowPath));

    QVERIFY2(host.reload(answerName, v2), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 2);
    QCOMPARE(callInt(host.instance(answerName), "count"), 1);
    QCOMPARE(host.record(answerName).artifactPath, QFileInfo(v2).absoluteFilePath());
    QVERIFY2(!LibraryMappings::isMapped(first.shadowPath), qPrintable(first.shadowPath + QLatin1String(" is still mapped")));
    QCOMPARE(stateOf(host.history(answerName).at(1)), stateName(ModuleRecord::State::Unloaded));

    QVERIFY2(host.rollback(answerName, 1), qPrintable(host.errorString()));
    QCOMPARE(callInt(host.instance(answerName), "answer"), 1);
    QCOMPARE(callInt(host.instance(answerName), "count"), 1);
    const QString live = host.record(answerName).shadowPath;
    QVERIFY(host.unload(answerName));
    QVERIFY2(!LibraryMappings::isMapped(live), qPrintable(live + QLatin1String(" is still mapped")));
}

QTEST_MAIN(TestPluginHost)
#include "tst_pluginhost.moc"
