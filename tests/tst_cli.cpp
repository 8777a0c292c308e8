// relive-cli as a script or an editor runs it: the real binary, through QProcess with an
// argument list, judged by its exit code, its stdout (one JSON object a line with --json) and
// its stderr (one line per failure).
#include "eventschema.h"
#include "testsupport.h"

#include <relive/private/elfinspector.h>
#include <relive/diagnostic.h>
#include <relive/hostevent.h>
#include <relive/liveplugin.h>

#include <QtCore/QCryptographicHash>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtTest/QtTest>

#include <csignal>
#include <cstdio>

using namespace TestSupport;
using Relive::Diagnostic;
using Relive::FailureKind;
using Relive::HostEvent;
using Relive::ReloadTiming;

namespace {

const int processTimeoutMs = 30000;
// Long enough for a reload on a loaded 2-core machine; every wait ends as soon as it can.
const int eventTimeoutMs = 10000;
// A workspace's first configure and build.
const int buildTimeoutMs = 180000;

// Every JSON event any `watch --json` of this run printed, checked against the pinned schema
// (eventschema.h) as it came: what broke it, and which event types were seen.
QStringList schemaViolations;
QSet<QString> eventTypesSeen;

QString cliPath()
{
    return QStringLiteral(RELIVE_CLI_EXECUTABLE);
}

QStringList linesOf(const QByteArray &bytes)
{
    QStringList lines = QString::fromLocal8Bit(bytes).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonObject parseObject(const QString &line, QString *why)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *why = QStringLiteral("not a JSON object (%1): %2").arg(error.errorString(), line);
        return QJsonObject();
    }
    return document.object();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/*! One finished run of relive-cli. */
struct Run
{
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QStringList outLines() const { return linesOf(out); }
    QStringList errLines() const { return linesOf(err); }
    /*! For failure messages: everything the run said. */
    QByteArray describe() const
    {
        return QStringLiteral("\n   exit: %1%2\n   stdout: %3\n   stderr: %4")
            .arg(exitCode)
            .arg(status == QProcess::CrashExit ? QStringLiteral(" (crashed)") : QString())
            .arg(QString::fromLocal8Bit(out).trimmed(), QString::fromLocal8Bit(err).trimmed())
            .toLocal8Bit();
    }
};

/*! The one JSON line of \a run's stdout, or an empty object and why there is not exactly one. */
QJsonObject onlyJsonLine(const Run &run, QString *why)
{
    const QStringList lines = run.outLines();
    if (lines.size() != 1) {
        *why = QStringLiteral("expected one line on stdout, got %1").arg(lines.size());
        return QJsonObject();
    }
    return parseObject(lines.constFirst(), why);
}

/*! Every event line of a running `watch --json`, parsed as it arrives. */
class EventReader : public QObject
{
public:
    explicit EventReader(QProcess &process)
        : m_process(process)
    {
        connect(&process, &QProcess::readyReadStandardOutput, this, &EventReader::readOut);
        connect(&process, &QProcess::readyReadStandardError, this, &EventReader::readErr);
    }

    QList<QJsonObject> events;
    QStringList errLines;
    QStringList malformed; //!< stdout lines that are not JSON objects

    QStringList types() const
    {
        QStringList result;
        for (const QJsonObject &event : events)
            result << event.value(QStringLiteral("event")).toString();
        return result;
    }
    int count(const char *type) const { return types().count(QLatin1String(type)); }
    /*! True when a stderr line from index \a from on contains all of \a parts. */
    bool errSaysSince(int from, const QStringList &parts) const
    {
        for (int i = from; i < errLines.size(); ++i) {
            bool all = true;
            for (const QString &part : parts)
                all = all && errLines.at(i).contains(part);
            if (all)
                return true;
        }
        return false;
    }
    QByteArray describe() const
    {
        QStringList lines;
        for (const QJsonObject &event : events)
            lines << compact(event);
        return QStringLiteral("\n   events: %1\n   stderr: %2\n   malformed stdout: %3")
            .arg(lines.join(QStringLiteral("\n           ")), errLines.join(QStringLiteral("\n           ")),
                 malformed.join(QStringLiteral(" | ")))
            .toLocal8Bit();
    }

    /*! Reads what is still in the pipes: after the process ended, no signal may come. */
    void drain()
    {
        readOut();
        readErr();
        if (!m_outPartial.isEmpty())
            malformed << QStringLiteral("unterminated: ") + QString::fromUtf8(m_outPartial);
    }

private:
    void readOut()
    {
        m_outPartial += m_process.readAllStandardOutput();
        int newline;
        while ((newline = m_outPartial.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_outPartial.left(newline));
            m_outPartial.remove(0, newline + 1);
            QString why;
            const QJsonObject event = parseObject(line, &why);
            if (why.isEmpty()) {
                events << event;
                eventTypesSeen.insert(event.value(QStringLiteral("event")).toString());
                const QString violation = eventSchemaViolation(event);
                if (!violation.isEmpty())
                    schemaViolations << violation + QStringLiteral(" in ") + line;
            } else {
                malformed << line;
            }
        }
    }
    void readErr()
    {
        m_errPartial += m_process.readAllStandardError();
        int newline;
        while ((newline = m_errPartial.indexOf('\n')) >= 0) {
            errLines << QString::fromLocal8Bit(m_errPartial.left(newline));
            m_errPartial.remove(0, newline + 1);
        }
    }

    QProcess &m_process;
    QByteArray m_outPartial;
    QByteArray m_errPartial;
};

/*! Kills a watch left running by a failed check, so that the next test starts clean. */
struct ProcessGuard
{
    QProcess &process;
    ~ProcessGuard()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

/*! Writes \a bytes beside \a path, then renames the file over it: the way builds publish. */
bool replaceAtomically(const QString &path, const QByteArray &bytes)
{
    const QString temporary = path + QStringLiteral(".publishing");
    if (!writeFile(temporary, bytes))
        return false;
    // Never world-writable, whatever the umask: the host refuses such files.
    QFile::setPermissions(temporary, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                         | QFileDevice::ReadOther);
    return ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) == 0;
}

/*! A workspace of one plugin, "launched", for `watch DIR`. */
bool writeWorkspace(const QString &folder)
{
    return writeFile(folder + QStringLiteral("/CMakeLists.txt"),
                     "cmake_minimum_required(VERSION 3.21)\n"
                     "project(launcher_test LANGUAGES CXX)\n"
                     "find_package(Relive REQUIRED)\n"
                     "relive_add_plugin(launched SOURCES launched.cpp METADATA launched.json)\n")
        && writeFile(folder + QStringLiteral("/launched.json"), R"({"Name": "launched", "Version": "1.0.0"})")
        && writeFile(folder + QStringLiteral("/launched.cpp"),
                     "#include <relive/liveplugin.h>\n#include <QtWidgets/QWidget>\n"
                     "class Launched : public QObject, public Relive::LivePlugin {\n"
                     "    Q_OBJECT\n"
                     "    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"launched.json\")\n"
                     "    Q_INTERFACES(Relive::LivePlugin)\n"
                     "public:\n"
                     "    QWidget *createWidget(QWidget *parent) override { return new QWidget(parent); }\n"
                     "    QVariantMap saveState() const override { return {}; }\n"
                     "    void restoreState(const QVariantMap &) override {}\n"
                     "};\n"
                     "#include \"launched.moc\"\n");
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void version();
    void help_data();
    void help();
    void usageError_data();
    void usageError();

    void inspectPlugin_data();
    void inspectPlugin();
    void inspectText();
    void inspectBadInput_data();
    void inspectBadInput();
    void inspectSeveralFiles();

    void loadRoundTripsAndUnloads();
    void loadQtCoreOnlyPlugin();
    void loadRefused_data();
    void loadRefused();

    void probeTriesAPluginForAHost_data();
    void probeTriesAPluginForAHost();

    void maxSizeOption();
    void watchRefusesHostileFiles_data();
    void watchRefusesHostileFiles();
    void watchReloadsCompleteReplacementsOnly();
    void watchOptionsAndUnchangedBytes_data();
    void watchOptionsAndUnchangedBytes();
    void watchSurvivesACrashingGeneration_data();
    void watchSurvivesACrashingGeneration();
    void watchWorkspaceLauncher_data();
    void watchWorkspaceLauncher();
    void watchWorkspaceBuildsThroughTheLauncher();
    void watchTextFeedsTheReadmeProblemMatcher();

    void awkwardPaths_data();
    void awkwardPaths();

    void watchComesBackFromACrash_data();
    void watchComesBackFromACrash();
    void watchLeavesOutAGenerationThatCrashesAgain();
    void watchRecordsItsOwnCrashAndRetriesOnce();
    void watchWorkspaceComesBackFromACrash();
    void eventSchemaIsPinned_data();
    void eventSchemaIsPinned();
    void eventsPrintedFollowTheSchema(); // after every watch above

private:
    Run run(const QStringList &arguments, const QString &workingDirectory = QString(), const QByteArray &input = QByteArray()) const;
    QProcessEnvironment environment() const;
    /*! relive-cli watch --json [OPTIONS] FILE, with environment(). */
    bool startWatch(QProcess &process, const QString &artifact, const QStringList &options = QStringList()) const;
    /*! Per-process runtime folders under this test's private XDG_RUNTIME_DIR. */
    QStringList runtimeFolders() const;
    /*! Rows (path, reason) of the files that are no plugin files to read: pipe, device, socket, huge. */
    void addHostileRows() const;
    QString runtimeBase() const { return m_xdg.path() + QStringLiteral("/relive"); }

    BadInputs m_bad;
    QTemporaryDir m_xdg; // the children's XDG_RUNTIME_DIR: their runtime folders land here
};

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath() + QLatin1String(" was not built")));
    for (const char *target : {"fixture_answer_v1", "fixture_answer_v2", "fixture_other_iid", "fixture_unresolved",
                               "fixture_gnu_unique", "fixture_corestate_v1", "fixture_corestate_steady", "fixture_corestate_no_interface"}) {
        QVERIFY2(QFileInfo::exists(fixture(target)), qPrintable(fixture(target) + QLatin1String(" was not built")));
    }
    QVERIFY(m_xdg.isValid());
    QString why;
    QVERIFY2(m_bad.create(&why), qPrintable(why));
}

void TestCli::cleanup()
{
    // Every relive-cli that ended removed its runtime folder. Leftovers are cleared, so that
    // the next test function is judged on its own.
    const QStringList left = runtimeFolders();
    for (const QString &folder : left)
        QDir(runtimeBase() + QLatin1Char('/') + folder).removeRecursively();
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("runtime folders left behind: ") + left.join(QStringLiteral(", "))));
}

QProcessEnvironment TestCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_xdg.path());
    // The stderr checks count lines: no user logging rules or message patterns.
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    env.remove(QStringLiteral("QT_DEBUG_PLUGINS"));
    return env;
}

QStringList TestCli::runtimeFolders() const
{
    return QDir(runtimeBase()).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

Run TestCli::run(const QStringList &arguments, const QString &workingDirectory, const QByteArray &input) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(workingDirectory);
    process.start(cliPath(), arguments);
    Run result;
    if (!process.waitForStarted(processTimeoutMs))
        return result;
    if (!input.isNull()) {
        process.write(input);
        process.closeWriteChannel();
    }
    result.finished = process.waitForFinished(processTimeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.status = process.exitStatus();
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void TestCli::version()
{
    const Run result = run({QStringLiteral("--version")});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.outLines(), QStringList{QStringLiteral("relive-cli " RELIVE_VERSION)});
    QCOMPARE(result.errLines(), QStringList());
}

void TestCli::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("phrases");

    QTest::newRow("general") << QStringList{QStringLiteral("--help")}
                             << QStringList{QStringLiteral("Usage:"), QStringLiteral("inspect FILE..."),
                                            QStringLiteral("load FILE"), QStringLiteral("watch FILE"),
                                            QStringLiteral("Exit codes: 0 success, 1 failure (reason on stderr), 2 usage error")};
    QTest::newRow("inspect") << QStringList{QStringLiteral("inspect"), QStringLiteral("--help")}
                             << QStringList{QStringLiteral("Usage:"), QStringLiteral("inspect"), QStringLiteral("--json"),
                                            QStringLiteral("without running their code")};
    QTest::newRow("watch") << QStringList{QStringLiteral("watch"), QStringLiteral("--help")}
                           << QStringList{QStringLiteral("Usage:"), QStringLiteral("--json"), QStringLiteral("--keep"),
                                          QStringLiteral("SIGTERM"), QStringLiteral("--attach <pid|name>")};
    QTest::newRow("agents") << QStringList{QStringLiteral("agents"), QStringLiteral("--help")}
                            << QStringList{QStringLiteral("Usage:"), QStringLiteral("--json"), QStringLiteral("--socket <path>"),
                                           QStringLiteral("Relive agent listens")};
    // Help wins over a mistake on the same line, as with most tools.
    QTest::newRow("help with an unknown option") << QStringList{QStringLiteral("--bogus"), QStringLiteral("--help")}
                                                 << QStringList{QStringLiteral("Usage:")};
}

void TestCli::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, phrases);
    const Run result = run(arguments);
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromLocal8Bit(result.out);
    for (const QString &phrase : phrases)
        QVERIFY2(out.contains(phrase), qPrintable(QStringLiteral("help lacks \"%1\":\n%2").arg(phrase, out)));
    QCOMPARE(result.errLines(), QStringList());
}

// Exit code 2 and a message that says what was wrong; nothing on stdout, where a script
// expects results. The CLI follows the message with a pointer to --help.
void TestCli::usageError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate"), fixture("fixture_answer_v1")}
                                     << QStringLiteral("unknown command 'frobnicate' (inspect, load, watch, agents or probe)");
    QTest::newRow("no command") << QStringList() << QStringLiteral("no command given (inspect, load, watch, agents or probe)");
    QTest::newRow("no file") << QStringList{QStringLiteral("load")} << QStringLiteral("load: no plugin file given");
    QTest::newRow("two files to load")
        << QStringList{QStringLiteral("load"), fixture("fixture_answer_v1"), fixture("fixture_answer_v2")}
        << QStringLiteral("load takes one plugin file, got 2");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("inspect"), QStringLiteral("--bogus"), fixture("fixture_answer_v1")}
                                    << QStringLiteral("Unknown option 'bogus'.");
    QTest::newRow("bad --keep") << QStringList{QStringLiteral("watch"), QStringLiteral("--keep"), QStringLiteral("many"),
                                               fixture("fixture_answer_v1")}
                                << QStringLiteral("--keep wants a number of generations >= 0, got 'many'");
    QTest::newRow("bad --probe-timeout") << QStringList{QStringLiteral("watch"), QStringLiteral("--probe-timeout"),
                                                        QStringLiteral("0"), fixture("fixture_answer_v1")}
                                         << QStringLiteral("--probe-timeout wants a number of seconds > 0, got '0'");
    QTest::newRow("bad --max-size") << QStringList{QStringLiteral("load"), QStringLiteral("--max-size"), QStringLiteral("2X"),
                                                   fixture("fixture_answer_v1")}
                                    << QStringLiteral("--max-size wants a size in bytes > 0 (K, M or G suffix allowed), got '2X'");
    QTest::newRow("launcher not installed")
        << QStringList{QStringLiteral("watch"), QStringLiteral("--launcher"), QStringLiteral("no-such-launcher-relive"),
                       fixture("fixture_answer_v1")}
        << QStringLiteral("--launcher: 'no-such-launcher-relive' is not installed (auto, none, ccache, distcc, icecc or a path)");
    QTest::newRow("launcher without a value") << QStringList{QStringLiteral("watch"), QStringLiteral("--launcher")}
                                              << QStringLiteral("Missing value after '--launcher'.");
}

void TestCli::usageError()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.outLines(), QStringList());
    QCOMPARE(result.errLines(),
             (QStringList{QStringLiteral("relive-cli: ") + message,
                          QStringLiteral("relive-cli: run 'relive-cli --help' for usage")}));
}

// What inspect, load and probe say, without --iid, of a plugin of neither Relive interface.
const char neitherInterface[] = "wrong plugin interface: it is a Qt plugin for \"org.example.Other/1.0\", this host loads "
                                "\"org.relive.LivePlugin/1.0\" or \"org.relive.LiveState/1.0\": implement Relive::LivePlugin "
                                "for a widget plugin, or Relive::LiveState for a QtCore-only one";

// `inspect --json` describes any Qt plugin, Relive's or not, without running it: exit 0.
void TestCli::inspectPlugin_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("relivePlugin");
    QTest::addColumn<QString>("iid");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("validationError"); // a phrase of it; empty: valid
    QTest::addColumn<bool>("unique");

    const QString relive = QStringLiteral(ReliveLivePlugin_iid);
    QTest::newRow("answer v1") << fixture("fixture_answer_v1") << true << relive << QStringLiteral("answer")
                               << QStringLiteral("1.0.0") << QString() << false;
    QTest::newRow("answer v2") << fixture("fixture_answer_v2") << true << relive << QStringLiteral("answer")
                               << QStringLiteral("2.0.0") << QString() << false;
    // A QtCore-only plugin (relive_add_plugin(NO_WIDGETS), Relive::LiveState) passes as the app
    // and watch would load it.
    QTest::newRow("QtCore-only") << fixture("fixture_corestate_v1") << true << QStringLiteral(ReliveLiveState_iid)
                                 << QStringLiteral("corestate") << QStringLiteral("1.0.0") << QString() << false;
    // Neither interface: refused naming both, and what to implement.
    QTest::newRow("other IID") << fixture("fixture_other_iid") << false << QStringLiteral("org.example.Other/1.0")
                               << QStringLiteral("other") << QStringLiteral("1.0.0")
                               << QString::fromLatin1(neitherInterface) << false;
    if (fixturesEmitGnuUnique) {
        QTest::newRow("gnu unique") << fixture("fixture_gnu_unique") << true << relive << QStringLiteral("answer")
                                    << QStringLiteral("8.0.0") << QString() << true;
    }
    QTest::newRow("Qt's offscreen platform plugin")
        << qtPluginsPath() + QStringLiteral("/platforms/libqoffscreen.so") << false << platformPluginIid() << QString()
        << QString() << QStringLiteral("wrong plugin interface") << false;
}

void TestCli::inspectPlugin()
{
    QFETCH(QString, path);
    QFETCH(bool, relivePlugin);
    QFETCH(QString, iid);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, validationError);
    QFETCH(bool, unique);
    QVERIFY2(QFileInfo::exists(path), qPrintable(path + QLatin1String(" does not exist")));

    const Run result = run({QStringLiteral("inspect"), QStringLiteral("--json"), path});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    QCOMPARE(result.errLines(), QStringList());
    QString why;
    const QJsonObject json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));

    QCOMPARE(json.value(QStringLiteral("file")).toString(), path);
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("qtPlugin")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("relivePlugin")).toBool(), relivePlugin);
    QCOMPARE(json.value(QStringLiteral("iid")).toString(), iid);
    QCOMPARE(json.value(QStringLiteral("name")).toString(), name);
    QCOMPARE(json.value(QStringLiteral("version")).toString(), version);
    QVERIFY2(json.value(QStringLiteral("qtVersion")).toString().startsWith(QStringLiteral("%1.").arg(QT_VERSION_MAJOR)),
             qPrintable(compact(json)));
    if (!name.isEmpty())
        QCOMPARE(json.value(QStringLiteral("metaData")).toObject().value(QStringLiteral("Name")).toString(), name);

    QCOMPARE(json.value(QStringLiteral("valid")).toBool(), validationError.isEmpty());
    if (validationError.isEmpty()) {
        QVERIFY(!json.contains(QStringLiteral("validationError")));
    } else {
        QVERIFY2(json.value(QStringLiteral("validationError")).toString().contains(validationError), qPrintable(compact(json)));
    }
    const QJsonArray uniqueSymbols = json.value(QStringLiteral("uniqueSymbols")).toArray();
    QCOMPARE(!uniqueSymbols.isEmpty(), unique);
    QCOMPARE(json.value(QStringLiteral("unloadable")).toBool(), !unique);
    // What PluginHost would decide before running any of the file's code.
    QCOMPARE(json.value(QStringLiteral("loadable")).toBool(), validationError.isEmpty() && !unique);
    // The same UNIQUE symbols the library's own reader finds.
    QStringList symbols;
    for (const QJsonValue &symbol : uniqueSymbols)
        symbols << symbol.toString();
    QCOMPARE(symbols, Relive::ElfInspector(path).uniqueSymbols());
}

void TestCli::inspectText()
{
    const QString path = fixture("fixture_answer_v1");
    const Run result = run({QStringLiteral("inspect"), path});
    QVERIFY2(result.finished && result.exitCode == 0, result.describe().constData());
    QCOMPARE(result.errLines(), QStringList());
    const QStringList lines = result.outLines();
    QVERIFY2(!lines.isEmpty(), result.describe().constData());
    QCOMPARE(lines.constFirst(), path + QStringLiteral(": Qt plugin"));
    const QString out = QString::fromLocal8Bit(result.out);
    for (const char *pattern : {"^  IID:\\s+org\\.relive\\.LivePlugin/1\\.0$", "^  Relive plugin:\\s+yes$",
                                "^  Name:\\s+answer$", "^  Version:\\s+1\\.0\\.0$", "^  Validation:\\s+passes",
                                "^  GNU unique:\\s+none"}) {
        const QRegularExpression expression(QLatin1String(pattern), QRegularExpression::MultilineOption);
        QVERIFY2(expression.match(out).hasMatch(), qPrintable(QStringLiteral("no line matches %1 in:\n%2")
                                                                  .arg(QLatin1String(pattern), out)));
    }
}

// Exit 1, and one line on stderr that names the file and says what is wrong with it. With
// --json, stdout still has one object for the file.
void TestCli::inspectBadInput_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    QTest::newRow("missing") << m_bad.path("missing") << QStringLiteral("file not found");
    QTest::newRow("directory") << m_bad.path("directory") << QStringLiteral("is a directory");
    QTest::newRow("empty") << m_bad.path("empty") << QStringLiteral("file is empty");
    QTest::newRow("random bytes") << m_bad.path("random bytes") << QStringLiteral("not an ELF shared library");
    QTest::newRow("truncated plugin") << m_bad.path("truncated plugin") << QStringLiteral("truncated");
    QTest::newRow("libm") << m_bad.path("libm") << QStringLiteral("not a Qt plugin");
    addHostileRows();
}

void TestCli::inspectBadInput()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    for (const bool json : {false, true}) {
        QStringList arguments{QStringLiteral("inspect")};
        if (json)
            arguments << QStringLiteral("--json");
        arguments << path;
        const Run result = run(arguments);
        QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
        QVERIFY2(result.exitCode == 1, result.describe().constData());
        const QStringList err = result.errLines();
        QVERIFY2(err.size() == 1, result.describe().constData());
        const QString prefix = QStringLiteral("relive-cli: %1: ").arg(path);
        QVERIFY2(err.constFirst().startsWith(prefix), qPrintable(err.constFirst()));
        QVERIFY2(err.constFirst().mid(prefix.size()).contains(reason),
                 qPrintable(QStringLiteral("\"%1\" does not say \"%2\"").arg(err.constFirst(), reason)));
        if (!json) {
            QCOMPARE(result.outLines(), QStringList());
            continue;
        }
        QString why;
        const QJsonObject object = onlyJsonLine(result, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
        QCOMPARE(object.value(QStringLiteral("file")).toString(), path);
        QCOMPARE(object.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(object.value(QStringLiteral("error")).toString().contains(reason), qPrintable(compact(object)));
    }
}

// One answer per file, in order, even when one of them fails; the exit code says one did.
void TestCli::inspectSeveralFiles()
{
    const QString good = fixture("fixture_answer_v1");
    const QString missing = m_bad.path("missing");
    const Run result = run({QStringLiteral("inspect"), QStringLiteral("--json"), missing, good});
    QVERIFY2(result.finished && result.exitCode == 1, result.describe().constData());
    const QStringList lines = result.outLines();
    QCOMPARE(lines.size(), 2);
    QString why;
    const QJsonObject first = parseObject(lines.at(0), &why);
    const QJsonObject second = parseObject(lines.at(1), &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(first.value(QStringLiteral("file")).toString(), missing);
    QCOMPARE(first.value(QStringLiteral("ok")).toBool(true), false);
    QCOMPARE(second.value(QStringLiteral("file")).toString(), good);
    QCOMPARE(second.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(second.value(QStringLiteral("name")).toString(), QStringLiteral("answer"));
    QCOMPARE(result.errLines().size(), 1);
    QVERIFY(result.errLines().constFirst().startsWith(QStringLiteral("relive-cli: %1: file not found").arg(missing)));
}

void TestCli::loadRoundTripsAndUnloads()
{
    const QString path = fixture("fixture_answer_v1");
    const Run result = run({QStringLiteral("load"), QStringLiteral("--json"), path});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    QVERIFY2(result.errLines().isEmpty(), result.describe().constData());
    QString why;
    const QJsonObject json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));

    QCOMPARE(json.value(QStringLiteral("file")).toString(), path);
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
    QVERIFY(!json.contains(QStringLiteral("error")));
    QCOMPARE(json.value(QStringLiteral("widget")).toString(), QStringLiteral("QLabel"));
    QCOMPARE(json.value(QStringLiteral("stateRoundTrip")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("unload")).toString(), QStringLiteral("unloaded"));
    const QJsonObject state = json.value(QStringLiteral("pluginState")).toObject();
    QCOMPARE(state.value(QStringLiteral("answer")).toInt(), 1);
    QCOMPARE(state.value(QStringLiteral("count")).toInt(-1), 0);

    const QJsonObject record = json.value(QStringLiteral("record")).toObject();
    QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("answer"));
    QCOMPARE(record.value(QStringLiteral("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(record.value(QStringLiteral("generation")).toInt(), 1);
    QCOMPARE(record.value(QStringLiteral("state")).toString(), QStringLiteral("loaded"));
    QCOMPARE(record.value(QStringLiteral("iid")).toString(), QStringLiteral(ReliveLivePlugin_iid));
    QCOMPARE(record.value(QStringLiteral("artifactPath")).toString(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(qint64(record.value(QStringLiteral("size")).toDouble()), QFileInfo(path).size());
    const QByteArray sha = QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256).toHex();
    QCOMPARE(record.value(QStringLiteral("sha256")).toString(), QString::fromLatin1(sha));

    // It ran from a shadow copy in its private runtime folder, and that folder left with it.
    const QString shadow = record.value(QStringLiteral("shadowPath")).toString();
    QCOMPARE(QFileInfo(shadow).fileName(), QStringLiteral("answer.g1.so"));
    const QFileInfo folder(QFileInfo(shadow).absolutePath());
    QCOMPARE(folder.absolutePath(), QFileInfo(runtimeBase()).absoluteFilePath());
    QVERIFY2(!folder.exists(), qPrintable(folder.absoluteFilePath() + QLatin1String(" outlived relive-cli load")));
    QCOMPARE(runtimeFolders(), QStringList());
}

// A QtCore-only plugin loads without a widget; its state round-trips; it unloads.
void TestCli::loadQtCoreOnlyPlugin()
{
    const QString path = fixture("fixture_corestate_steady");
    const Run result = run({QStringLiteral("load"), QStringLiteral("--json"), path});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit && result.exitCode == 0, result.describe().constData());
    QVERIFY2(result.errLines().isEmpty(), result.describe().constData());
    QString why;
    const QJsonObject json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("widget")).toString(), QString());
    QCOMPARE(json.value(QStringLiteral("stateRoundTrip")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("pluginState")).toObject(),
             (QJsonObject{{QStringLiteral("generations"), 1}, {QStringLiteral("version"), 1}}));
    QCOMPARE(json.value(QStringLiteral("unload")).toString(), QStringLiteral("unloaded"));
    const QJsonObject record = json.value(QStringLiteral("record")).toObject();
    QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("corestate"));
    QCOMPARE(record.value(QStringLiteral("iid")).toString(), QStringLiteral(ReliveLiveState_iid));

    // --iid still narrows it to one interface: then the QtCore-only plugin is the wrong one.
    const Run narrowed = run({QStringLiteral("load"), QStringLiteral("--iid"), QStringLiteral(ReliveLivePlugin_iid), path});
    QVERIFY2(narrowed.finished && narrowed.exitCode == 1, narrowed.describe().constData());
    QVERIFY2(narrowed.err.contains("wrong plugin interface: it is a Qt plugin for \"org.relive.LiveState/1.0\", "
                                   "this host loads \"org.relive.LivePlugin/1.0\""),
             narrowed.describe().constData());
}

void TestCli::loadRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    QTest::newRow("other IID") << fixture("fixture_other_iid") << QString::fromLatin1(neitherInterface);
    // It names LiveState's IID, so it passes inspect, but loading finds no interface behind it.
    QTest::newRow("LiveState IID, no interface") << fixture("fixture_corestate_no_interface")
                                                 << QStringLiteral("add Q_INTERFACES(Relive::LiveState)");
    QTest::newRow("missing") << m_bad.path("missing") << QStringLiteral("file not found");
    QTest::newRow("random bytes") << m_bad.path("random bytes") << QStringLiteral("not an ELF shared library");
    QTest::newRow("unresolved symbol") << fixture("fixture_unresolved")
                                       << QStringLiteral("undefined symbol: relive_fixture_missing_symbol");
    if (fixturesEmitGnuUnique)
        QTest::newRow("gnu unique") << fixture("fixture_gnu_unique") << QStringLiteral("STB_GNU_UNIQUE");
    addHostileRows();
}

// The size limit is the user's: a real plugin over a lowered one is refused as too large.
void TestCli::maxSizeOption()
{
    for (const char *command : {"inspect", "load", "watch"}) {
        const Run refused = run({QLatin1String(command), QStringLiteral("--max-size"), QStringLiteral("4K"), fixture("fixture_answer_v1")});
        QVERIFY2(refused.finished && refused.exitCode == 1, refused.describe().constData());
        QVERIFY2(refused.err.contains("too large: ") && refused.err.contains("more than the 4000 bytes"), refused.describe().constData());
    }
    const Run passed = run({QStringLiteral("inspect"), QStringLiteral("--max-size"), QStringLiteral("1G"), fixture("fixture_answer_v1")});
    QVERIFY2(passed.finished && passed.exitCode == 0, passed.describe().constData());
}

// Issue 16: files that would hang a reader or fill its memory, refused at once (each of these
// hung relive-cli, or took seconds and gigabytes, before).
void TestCli::addHostileRows() const
{
    QTest::newRow("named pipe") << m_bad.path("named pipe") << QStringLiteral("not a regular file: it is a named pipe (FIFO)");
    QTest::newRow("link to /dev/zero") << m_bad.path("device") << QStringLiteral("not a regular file: it is a character device");
    QTest::newRow("socket") << m_bad.path("socket") << QStringLiteral("not a regular file: it is a socket");
    QTest::newRow("sparse 3 GB") << m_bad.path("sparse 3 GB") << QStringLiteral("too large: 3.2 GB, more than the 2.0 GB");
}

// watch FILE refuses the same files as load, and ends.
void TestCli::watchRefusesHostileFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    addHostileRows();
}

void TestCli::watchRefusesHostileFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    const Run result = run({QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--no-probe"), path});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QVERIFY2(result.exitCode == 1, result.describe().constData());
    QVERIFY2(QString::fromLocal8Bit(result.err).contains(reason), result.describe().constData());
    QCOMPARE(runtimeFolders(), QStringList());
}

void TestCli::loadRefused()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    const Run result = run({QStringLiteral("load"), QStringLiteral("--json"), path});
    QVERIFY2(result.finished && result.status == QProcess::NormalExit, result.describe().constData());
    QVERIFY2(result.exitCode == 1, result.describe().constData());
    const QStringList err = result.errLines();
    QVERIFY2(err.size() == 1, result.describe().constData());
    QVERIFY2(err.constFirst().startsWith(QStringLiteral("relive-cli: %1: ").arg(path)), qPrintable(err.constFirst()));
    QVERIFY2(err.constFirst().contains(reason), qPrintable(err.constFirst()));

    QString why;
    const QJsonObject json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
    QCOMPARE(json.value(QStringLiteral("file")).toString(), path);
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(true), false);
    QVERIFY2(json.value(QStringLiteral("error")).toString().contains(reason), qPrintable(compact(json)));
    QCOMPARE(runtimeFolders(), QStringList());
}

// The watch loop end to end: a complete replacement is reloaded with the state; a file being
// written, or one that is not a library, is not; SIGTERM unloads in order and cleans up.
void TestCli::watchReloadsCompleteReplacementsOnly()
{
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString artifact = workspace.filePath(QStringLiteral("answer.so"));
    const QByteArray v1 = readFile(fixture("fixture_answer_v1"));
    const QByteArray v2 = readFile(fixture("fixture_answer_v2"));
    QVERIFY(v1.size() > 4096 && v2.size() > 4096 && v1 != v2);
    QVERIFY(QFile::copy(fixture("fixture_answer_v1"), artifact));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact), qPrintable(process.errorString()));

    // Generation 1.
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.types(), QStringList{QStringLiteral("loaded")});
    const QJsonObject loaded = reader.events.at(0);
    QCOMPARE(loaded.value(QStringLiteral("plugin")).toString(), QStringLiteral("answer"));
    QCOMPARE(loaded.value(QStringLiteral("generation")).toInt(), 1);
    QCOMPARE(loaded.value(QStringLiteral("version")).toString(), QStringLiteral("1.0.0"));

    // The events carry no paths: the runtime folder is found by the process id in its name
    // (<pid>-XXXXXX), under the XDG_RUNTIME_DIR this test gave the process.
    const QStringList folders = runtimeFolders();
    QCOMPARE(folders.size(), 1);
    QVERIFY2(folders.constFirst().startsWith(QStringLiteral("%1-").arg(process.processId())), qPrintable(folders.constFirst()));
    const QString runtimeFolder = runtimeBase() + QLatin1Char('/') + folders.constFirst();
    QVERIFY(filesIn(runtimeFolder).contains(QStringLiteral("answer.g1.so")));

    // A complete new version, renamed over the watched file: generation 2, state carried.
    QVERIFY(replaceAtomically(artifact, v2));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.size(), 2);
    const QJsonObject second = reader.events.at(1);
    QCOMPARE(second.value(QStringLiteral("event")).toString(), QStringLiteral("reloaded"));
    QCOMPARE(second.value(QStringLiteral("plugin")).toString(), QStringLiteral("answer"));
    QCOMPARE(second.value(QStringLiteral("generation")).toInt(), 2);
    QCOMPARE(second.value(QStringLiteral("from")).toInt(), 1);
    QCOMPARE(second.value(QStringLiteral("version")).toString(), QStringLiteral("2.0.0"));
    const QJsonObject secondState = second.value(QStringLiteral("state")).toObject();
    QVERIFY2(secondState.contains(QStringLiteral("count")), qPrintable(compact(second)));
    QCOMPARE(secondState.value(QStringLiteral("count")).toInt(-1), 0);
    QCOMPARE(secondState.value(QStringLiteral("answer")).toInt(), 2); // the new code's saveState()
    QVERIFY2(second.value(QStringLiteral("ms")).toObject().value(QStringLiteral("total")).toDouble(-1) >= 0,
             qPrintable(compact(second)));
    QVERIFY(filesIn(runtimeFolder).contains(QStringLiteral("answer.g2.so")));

    // Written in place, slowly: the first half of a library, for a while, then the rest.
    const int half = v1.size() / 2;
    int errBefore = reader.errLines.size();
    QFile inPlace(artifact);
    QVERIFY(inPlace.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered));
    QVERIFY(inPlace.write(v1.left(half)) == half);
    QElapsedTimer incompleteFor;
    incompleteFor.start();
    // The watcher looked at the half file and said why it waits...
    QTRY_VERIFY2_WITH_TIMEOUT(reader.errSaysSince(errBefore, {artifact, QStringLiteral("not reloading yet"),
                                                              QStringLiteral("truncated")}),
                              reader.describe().constData(), eventTimeoutMs);
    // ...and still nothing happens while the writer pauses.
    if (incompleteFor.elapsed() < 500)
        QTest::qWait(int(500 - incompleteFor.elapsed()));
    QVERIFY2(reader.events.size() == 2, reader.describe().constData());
    QVERIFY(inPlace.write(v1.mid(half)) == v1.size() - half);
    inPlace.close();
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 2, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.size(), 3);
    const QJsonObject third = reader.events.at(2);
    QCOMPARE(third.value(QStringLiteral("generation")).toInt(), 3);
    QCOMPARE(third.value(QStringLiteral("from")).toInt(), 2);
    QCOMPARE(third.value(QStringLiteral("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(third.value(QStringLiteral("state")).toObject().value(QStringLiteral("answer")).toInt(), 1);

    // Random bytes renamed over it: the watcher never hands them to the host (not an ELF
    // file, so not a finished build), so there is no event at all, only a note on stderr, and
    // generation 3 stays.
    QByteArray random(64 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(4711);
    for (char &byte : random)
        byte = char(generator.bounded(256));
    random[0] = 'R';
    errBefore = reader.errLines.size();
    QVERIFY(replaceAtomically(artifact, random));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.errSaysSince(errBefore, {artifact, QStringLiteral("not reloading yet"),
                                                              QStringLiteral("not an ELF shared library")}),
                              reader.describe().constData(), eventTimeoutMs);
    QVERIFY2(reader.events.size() == 3, reader.describe().constData());
    QCOMPARE(process.state(), QProcess::Running);
    QVERIFY(filesIn(runtimeFolder).contains(QStringLiteral("answer.g3.so")));

    // The watch goes on: the next good file is generation 4.
    QVERIFY(replaceAtomically(artifact, v2));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 3, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("generation")).toInt(), 4);
    QCOMPARE(reader.events.last().value(QStringLiteral("version")).toString(), QStringLiteral("2.0.0"));
    QVERIFY(QDir(runtimeFolder).exists());

    // SIGTERM: an ordered unload, exit code 0, and the runtime folder removed.
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    reader.drain();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, reader.describe().constData());
    QVERIFY2(reader.malformed.isEmpty(), reader.describe().constData());
    QCOMPARE(reader.types(), (QStringList{QStringLiteral("loaded"), QStringLiteral("reloaded"), QStringLiteral("reloaded"),
                                          QStringLiteral("reloaded"), QStringLiteral("unloaded")}));
    const QJsonObject unloaded = reader.events.last();
    QCOMPARE(unloaded.value(QStringLiteral("plugin")).toString(), QStringLiteral("answer"));
    QCOMPARE(unloaded.value(QStringLiteral("generation")).toInt(), 4);
    QVERIFY2(!QFileInfo::exists(runtimeFolder), qPrintable(runtimeFolder + QLatin1String(" outlived the watch")));
    QCOMPARE(runtimeFolders(), QStringList());
}

// `relive-cli probe`, the trial a host makes (the relive-probe program's server, shared): the
// state from stdin, each step announced before plugin code runs, then ok or error; a crash is
// the process's own, so that the host sees it.
void TestCli::probeTriesAPluginForAHost_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("crashes");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QString>("lastLine"); // its start

    const QStringList allSteps{QStringLiteral("step load"), QStringLiteral("step restoreState"), QStringLiteral("step createWidget"),
                               QStringLiteral("step saveState"), QStringLiteral("step unload")};
    const QString good = fixture("fixture_answer_v1");
    QTest::newRow("file, state on stdin") << QStringList{QStringLiteral("probe"), good} << QByteArray(R"({"state": {"count": 7}})")
                                          << false << 0 << allSteps
                                          << QStringLiteral(R"(ok {"plugin":"answer","state":{"answer":1,"count":7,)");
    QTest::newRow("first load, no state") << QStringList{QStringLiteral("probe"), good} << QByteArray("{}") << false << 0
                                          << QStringList{allSteps.at(0), allSteps.at(2), allSteps.at(3), allSteps.at(4)}
                                          << QStringLiteral(R"(ok {"plugin":"answer","state":{"answer":1,"count":0,)");
    QTest::newRow("--serve, the request on one line")
        << QStringList{QStringLiteral("probe"), QStringLiteral("--serve")}
        << QStringLiteral("{\"file\": \"%1\", \"state\": {\"count\": 7}}\n").arg(good).toUtf8() << false << 0 << allSteps
        << QStringLiteral(R"(ok {"plugin":"answer","state":{"answer":1,"count":7,)");
    QTest::newRow("throw in restoreState") << QStringList{QStringLiteral("probe"), fixture("fixture_throw_restore")}
                                           << QByteArray(R"({"state": {"count": 7}})") << false << 1
                                           << QStringList(allSteps.mid(0, 2)) << QStringLiteral("error ");
    QTest::newRow("segfault in the constructor") << QStringList{QStringLiteral("probe"), fixture("fixture_segv_ctor")}
                                                 << QByteArray("{}") << true << -1 << QStringList(allSteps.mid(0, 1)) << QStringLiteral("step load");
    QTest::newRow("not JSON") << QStringList{QStringLiteral("probe"), good} << QByteArray("state") << false << 1 << QStringList()
                              << QStringLiteral("error the request on stdin is not a JSON object");
    // A QtCore-only plugin, as the app tries it: no widget step, its state carried.
    QTest::newRow("QtCore-only, state on stdin") << QStringList{QStringLiteral("probe"), fixture("fixture_corestate_v1")}
                                                 << QByteArray(R"({"state": {"generations": 4}})") << false << 0
                                                 << QStringList{allSteps.at(0), allSteps.at(1), allSteps.at(3), allSteps.at(4)}
                                                 << QStringLiteral(R"(ok {"plugin":"corestate","state":{"generations":5,"version":1}})");
    QTest::newRow("neither interface") << QStringList{QStringLiteral("probe"), fixture("fixture_other_iid")} << QByteArray("{}")
                                       << false << 1 << QStringList(allSteps.mid(0, 1))
                                       << QStringLiteral("error %1: %2").arg(fixture("fixture_other_iid"),
                                                                                   QString::fromLatin1(neitherInterface));
}

void TestCli::probeTriesAPluginForAHost()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(bool, crashes);
    QFETCH(int, exitCode);
    QFETCH(QStringList, steps);
    QFETCH(QString, lastLine);

    const Run result = run(arguments, QString(), input);
    QVERIFY2(result.finished, result.describe().constData());
    QCOMPARE(result.status == QProcess::CrashExit, crashes);
    if (!crashes)
        QCOMPARE(result.exitCode, exitCode);
    QStringList lines = result.outLines();
    QVERIFY2(!lines.isEmpty(), result.describe().constData());
    QVERIFY2(lines.constLast().startsWith(lastLine), result.describe().constData());
    if (!steps.isEmpty()) {
        // The bytes it tried come first, so that a host can match the verdict to a file.
        const QString file = arguments.constLast() == QLatin1String("--serve") ? fixture("fixture_answer_v1") : arguments.constLast();
        const QString sha256 = QString::fromLatin1(QCryptographicHash::hash(readFile(file), QCryptographicHash::Sha256).toHex());
        QCOMPARE(lines.takeFirst(), QStringLiteral("sha256 ") + sha256);
    }
    if (!lines.constLast().startsWith(QLatin1String("step ")))
        lines.removeLast();
    QCOMPARE(lines, steps);

    if (crashes) {
        // A crashed process cannot remove its runtime folder; the next start removes it.
        QCOMPARE(runtimeFolders().size(), 1);
        const Run next = run({QStringLiteral("probe"), fixture("fixture_answer_v1")}, QString(), QByteArray("{}"));
        QVERIFY2(next.finished && next.exitCode == 0, next.describe().constData());
        QCOMPARE(runtimeFolders(), QStringList());
    }
}

bool TestCli::startWatch(QProcess &process, const QString &artifact, const QStringList &options) const
{
    process.setProcessEnvironment(environment());
    process.start(cliPath(), QStringList{QStringLiteral("watch"), QStringLiteral("--json")} << options << artifact);
    return process.waitForStarted(processTimeoutMs);
}

void TestCli::watchOptionsAndUnchangedBytes_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("probed");
    QTest::addColumn<int>("kept"); // shadow copies of unloaded generations after two reloads
    QTest::newRow("--no-probe --keep 0") << QStringList{QStringLiteral("--no-probe"), QStringLiteral("--keep"), QStringLiteral("0")}
                                         << false << 0;
    QTest::newRow("--keep 1, probed") << QStringList{QStringLiteral("--keep"), QStringLiteral("1")} << true << 1;
}

// watch FILE: a rebuild that published the same bytes is no new generation (README), --no-probe
// turns the trial run off (no "probe" time in the events), --keep N keeps the shadow copies of
// N unloaded generations (in the runtime folder) and no more.
void TestCli::watchOptionsAndUnchangedBytes()
{
    QFETCH(QStringList, options);
    QFETCH(bool, probed);
    QFETCH(int, kept);
    QTemporaryDir dir;
    const QString artifact = dir.filePath(QStringLiteral("answer.so"));
    const QByteArray v1 = readFile(fixture("fixture_answer_v1"));
    const QByteArray v2 = readFile(fixture("fixture_answer_v2"));
    QVERIFY(replaceAtomically(artifact, v1));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact, options), qPrintable(process.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);

    // The same bytes again: said on stderr, and no reload.
    QVERIFY(replaceAtomically(artifact, v1));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.errSaysSince(0, {QStringLiteral("same content as the running generation; not reloading")}),
                              reader.describe().constData(), eventTimeoutMs);
    QVERIFY(replaceAtomically(artifact, v2));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QVERIFY(replaceAtomically(artifact, v1));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 2, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.types(), (QStringList{QStringLiteral("loaded"), QStringLiteral("reloaded"), QStringLiteral("reloaded")}));
    for (const QJsonObject &event : std::as_const(reader.events)) {
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("reloaded")) {
            QVERIFY2(event.value(QStringLiteral("ms")).toObject().contains(QStringLiteral("probe")) == probed,
                     reader.describe().constData());
        }
    }
    QCOMPARE(reader.events.constLast().value(QStringLiteral("generation")).toInt(), 3);

    // The live generation's shadow copy, and those kept for a rollback.
    const QStringList folders = runtimeFolders();
    QCOMPARE(folders.size(), 1);
    const QStringList shadows = QDir(runtimeBase() + QLatin1Char('/') + folders.constFirst())
                                    .entryList({QStringLiteral("*.so")}, QDir::Files);
    QVERIFY2(shadows.size() == 1 + kept, qPrintable(shadows.join(QLatin1Char(' '))));

    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    reader.drain();
    QVERIFY2(process.exitCode() == 0, reader.describe().constData());
}

// The probe (relive-probe, a child) takes the crash, or the hang until the trial timeout; the
// watch and its generation live on. A hang's message says how to raise the timeout, in the
// words the README's fault table quotes.
void TestCli::watchSurvivesACrashingGeneration_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("phrases");
    QTest::addColumn<QString>("failure");
    QTest::newRow("segfault in the constructor")
        << QStringLiteral("fixture_segv_ctor") << QStringList()
        << QStringList{QStringLiteral("crashed with SIGSEGV"), QStringLiteral("while loading")}
        << QStringLiteral("trial-crashed");
    // A short timeout, so the hang costs little; the real default is 10 s.
    QTest::newRow("endless loop in createWidget")
        << QStringLiteral("fixture_hang_widget") << QStringList{QStringLiteral("--probe-timeout"), QStringLiteral("3")}
        << QStringList{QStringLiteral("the probe did not finish within 3 s: the plugin hung in createWidget() (an endless loop "
                                      "or a deadlock?); if it is only slow, raise the trial timeout (Build → Trial Timeout…, "
                                      "or relive-cli watch --probe-timeout)")}
        << QStringLiteral("trial-hung");
}

void TestCli::watchSurvivesACrashingGeneration()
{
    QFETCH(QString, target);
    QFETCH(QStringList, options);
    QFETCH(QStringList, phrases);
    QFETCH(QString, failure);
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString artifact = workspace.filePath(QStringLiteral("answer.so"));
    QVERIFY(QFile::copy(fixture("fixture_answer_v1"), artifact));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact, options), qPrintable(process.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QVERIFY2(reader.events.at(0).value(QStringLiteral("ms")).toObject().contains(QStringLiteral("probe")),
             reader.describe().constData());

    QVERIFY(replaceAtomically(artifact, readFile(fixture(target.toLatin1().constData()))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reload-failed") == 1, reader.describe().constData(), eventTimeoutMs);
    const QJsonObject failed = reader.events.last();
    QCOMPARE(failed.value(QStringLiteral("plugin")).toString(), QStringLiteral("answer"));
    const QString error = failed.value(QStringLiteral("error")).toString();
    for (const QString &phrase : phrases)
        QVERIFY2(error.contains(phrase), qPrintable(error));
    // Its kind, for a script to decide on.
    QCOMPARE(failed.value(QStringLiteral("failure")).toString(), failure);
    QCOMPARE(process.state(), QProcess::Running);

    QVERIFY(replaceAtomically(artifact, readFile(fixture("fixture_answer_v2"))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1, reader.describe().constData(), eventTimeoutMs);
    const QJsonObject reloaded = reader.events.last();
    QCOMPARE(reloaded.value(QStringLiteral("from")).toInt(), 1); // the crashing one never went live
    QCOMPARE(reloaded.value(QStringLiteral("state")).toObject().value(QStringLiteral("answer")).toInt(), 2);

    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    QCOMPARE(process.exitCode(), 0);
}

// `watch DIR --launcher`: the choice reaches the toolchain the build starts with (its
// description names the launcher), before anything is compiled.
void TestCli::watchWorkspaceLauncher_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("ccache");
    QTest::newRow("default") << QStringList() << true;
    QTest::newRow("auto") << QStringList{QStringLiteral("--launcher"), QStringLiteral("auto")} << true;
    QTest::newRow("none") << QStringList{QStringLiteral("--launcher"), QStringLiteral("none")} << false;
    QTest::newRow("by name") << QStringList{QStringLiteral("--launcher=ccache")} << true;
}

void TestCli::watchWorkspaceLauncher()
{
    QFETCH(QStringList, options);
    QFETCH(bool, ccache);
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("ccache")).isEmpty(),
             "ccache is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir workspace;
    QTemporaryDir build;
    QVERIFY(writeWorkspace(workspace.path()));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    process.setProcessEnvironment(environment());
    process.start(cliPath(), QStringList{QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--build-dir"),
                                         build.path()}
                                 << options << workspace.path());
    QVERIFY2(process.waitForStarted(processTimeoutMs), qPrintable(process.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("build-started") == 1, reader.describe().constData(), eventTimeoutMs);
    const QString toolchain = reader.events.constFirst().value(QStringLiteral("toolchain")).toString();
    QVERIFY2(toolchain.contains(QStringLiteral(", ccache")) == ccache, qPrintable(toolchain));
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    reader.drain();
    QVERIFY2(process.exitCode() == 0, reader.describe().constData());
}

// A launcher given by its path is the one the build runs: a script that logs each command
// it is given, then runs it.
void TestCli::watchWorkspaceBuildsThroughTheLauncher()
{
    QTemporaryDir workspace;
    QTemporaryDir build;
    QTemporaryDir tools;
    QVERIFY(writeWorkspace(workspace.path()));
    const QString log = tools.filePath(QStringLiteral("launches.log"));
    const QString launcher = tools.filePath(QStringLiteral("logging-launcher"));
    QVERIFY(writeFile(launcher, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + QFile::encodeName(log) + "'\nexec \"$@\"\n"));
    QVERIFY(QFile::setPermissions(launcher, QFile::permissions(launcher) | QFileDevice::ExeOwner));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    process.setProcessEnvironment(environment());
    process.start(cliPath(), {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--build-dir"), build.path(),
                              QStringLiteral("--launcher"), launcher, workspace.path()});
    QVERIFY2(process.waitForStarted(processTimeoutMs), qPrintable(process.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1 || reader.count("build-failed") == 1,
                              reader.describe().constData(), buildTimeoutMs);
    QVERIFY2(reader.count("loaded") == 1, reader.describe().constData());
    QVERIFY2(reader.events.constFirst().value(QStringLiteral("toolchain")).toString().endsWith(QStringLiteral(", logging-launcher")),
             reader.describe().constData());
    const QRegularExpression cached(QStringLiteral("^CMAKE_CXX_COMPILER_LAUNCHER:[A-Z]+=%1$").arg(QRegularExpression::escape(launcher)),
                                    QRegularExpression::MultilineOption);
    QVERIFY2(cached.match(QString::fromLocal8Bit(readFile(build.filePath(QStringLiteral("CMakeCache.txt"))))).hasMatch(),
             "the workspace was not configured with the launcher");
    // The plugin's own source went through it, with the compiler as the first argument.
    const QStringList launches = QString::fromLocal8Bit(readFile(log)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    bool compiled = false;
    for (const QString &line : launches)
        compiled = compiled || (line.contains(QStringLiteral(" -c ")) && line.contains(QStringLiteral("launched.cpp")));
    QVERIFY2(compiled, qPrintable(QStringLiteral("no compile of launched.cpp in the launcher's log:\n") + launches.join(QLatin1Char('\n'))));
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    reader.drain();
    QVERIFY2(process.exitCode() == 0, reader.describe().constData());
}

// The README's VS Code task (tasks.json, in the README itself), its problem matcher read from
// there: run against what `relive-cli watch DIR` prints for a build that fails and then one
// that passes. Its begin and end patterns frame each build, and its regular expression turns
// the compiler's error into the file, line, column, severity and message.
void TestCli::watchTextFeedsTheReadmeProblemMatcher()
{
    QFile readme(QStringLiteral(RELIVE_README));
    QVERIFY2(readme.open(QIODevice::ReadOnly), qPrintable(readme.fileName()));
    const QString text = QString::fromUtf8(readme.readAll());
    QJsonObject matcher;
    const QRegularExpression block(QStringLiteral("```json\\n(.*?)```"), QRegularExpression::DotMatchesEverythingOption);
    for (auto it = block.globalMatch(text); it.hasNext();) {
        const QJsonObject task = QJsonDocument::fromJson(it.next().captured(1).toUtf8()).object()
                                     .value(QStringLiteral("tasks")).toArray().first().toObject();
        if (task.contains(QStringLiteral("problemMatcher")))
            matcher = task.value(QStringLiteral("problemMatcher")).toObject();
    }
    QVERIFY2(!matcher.isEmpty(), "no VS Code task with a problemMatcher in the README");
    const QJsonObject pattern = matcher.value(QStringLiteral("pattern")).toObject();
    const QJsonObject background = matcher.value(QStringLiteral("background")).toObject();
    const QRegularExpression problem(pattern.value(QStringLiteral("regexp")).toString());
    const QRegularExpression begins(background.value(QStringLiteral("beginsPattern")).toString());
    const QRegularExpression ends(background.value(QStringLiteral("endsPattern")).toString());
    QVERIFY(problem.isValid() && begins.isValid() && ends.isValid());

    QTemporaryDir workspace;
    QTemporaryDir build;
    QVERIFY(writeWorkspace(workspace.path()));
    const QString source = QFileInfo(workspace.filePath(QStringLiteral("launched.cpp"))).canonicalFilePath();
    const QByteArray good = readFile(source);
    QVERIFY(writeFile(source, good + "int broken() { return undeclared_name; }\n"));
    const int brokenLine = good.count('\n') + 1;

    QProcess process;
    ProcessGuard guard{process};
    process.setProcessEnvironment(environment());
    process.start(cliPath(), {QStringLiteral("watch"), QStringLiteral("--build-dir"), build.path(), workspace.path()});
    QVERIFY2(process.waitForStarted(processTimeoutMs), qPrintable(process.errorString()));
    QStringList lines;
    QByteArray partial;
    const auto readLines = [&] {
        partial += process.readAllStandardOutput();
        int newline;
        while ((newline = partial.indexOf('\n')) >= 0) {
            lines << QString::fromLocal8Bit(partial.left(newline));
            partial.remove(0, newline + 1);
        }
        return lines;
    };
    const auto ended = [&](int from) {
        for (int i = from; i < lines.size(); ++i) {
            if (ends.match(lines.at(i)).hasMatch())
                return i;
        }
        return -1;
    };
    QTRY_VERIFY2_WITH_TIMEOUT((readLines(), ended(0) >= 0), qPrintable(lines.join(QLatin1Char('\n'))), buildTimeoutMs);
    const int failedAt = ended(0);
    QVERIFY2(lines.at(failedAt).contains(QStringLiteral("] build failed: the workspace (")), qPrintable(lines.join(QLatin1Char('\n'))));
    int beganAt = -1;
    for (int i = 0; i < failedAt; ++i) {
        if (begins.match(lines.at(i)).hasMatch())
            beganAt = i;
    }
    QVERIFY2(beganAt >= 0, qPrintable(lines.join(QLatin1Char('\n'))));
    // The problems come after the end line (the diagnostics follow "build failed"): read on
    // until the error is there.
    const auto errorListed = [&] {
        readLines();
        for (const QString &line : std::as_const(lines)) {
            const QRegularExpressionMatch match = problem.match(line);
            if (match.hasMatch() && match.captured(1) == source && match.captured(2).toInt() == brokenLine
                && match.captured(3).toInt() > 0 && match.captured(4) == QLatin1String("error")
                && match.captured(5).contains(QStringLiteral("undeclared_name"))) {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(errorListed(), qPrintable(lines.join(QLatin1Char('\n'))), eventTimeoutMs);

    // Fixed: a new build begins, and ends as finished, with no problem line after it.
    const int fixedFrom = lines.size();
    QVERIFY(writeFile(source, good));
    QTRY_VERIFY2_WITH_TIMEOUT((readLines(), ended(fixedFrom) >= 0), qPrintable(lines.join(QLatin1Char('\n'))), buildTimeoutMs);
    const int finishedAt = ended(fixedFrom);
    QVERIFY2(lines.at(finishedAt).contains(QStringLiteral("] build finished: the workspace")), qPrintable(lines.join(QLatin1Char('\n'))));
    bool restarted = false;
    for (int i = fixedFrom; i < finishedAt; ++i) {
        restarted = restarted || begins.match(lines.at(i)).hasMatch();
        QVERIFY2(!problem.match(lines.at(i)).hasMatch(), qPrintable(lines.at(i)));
    }
    QVERIFY2(restarted, qPrintable(lines.join(QLatin1Char('\n'))));
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
}

void TestCli::awkwardPaths_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &row : awkwardNames())
        QTest::newRow(row.first) << row.second;
}

// inspect, load and watch on a plugin whose folder and file are both named \a name: the path
// arrives as one argument, is read and reported as it is, and is never taken for an option.
void TestCli::awkwardPaths()
{
    QFETCH(QString, name);
    QTemporaryDir base;
    QVERIFY(base.isValid());
    const QString folder = base.filePath(name);
    QVERIFY(QDir().mkpath(folder));
    const QString fileName = name + QStringLiteral(".so");
    const QString artifact = folder + QLatin1Char('/') + fileName;
    QVERIFY(QFile::copy(fixture("fixture_answer_v1"), artifact));

    Run result = run({QStringLiteral("inspect"), QStringLiteral("--json"), artifact});
    QVERIFY2(result.finished && result.exitCode == 0, result.describe().constData());
    QString why;
    QJsonObject json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
    QCOMPARE(json.value(QStringLiteral("file")).toString(), artifact);
    QCOMPARE(json.value(QStringLiteral("name")).toString(), QStringLiteral("answer"));
    QCOMPARE(json.value(QStringLiteral("loadable")).toBool(), true);

    // Relative, after "--": a file name that starts with a dash is still a file.
    result = run({QStringLiteral("inspect"), QStringLiteral("--json"), QStringLiteral("--"), fileName}, folder);
    QVERIFY2(result.finished && result.exitCode == 0, result.describe().constData());
    json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
    QCOMPARE(json.value(QStringLiteral("file")).toString(), fileName);
    QCOMPARE(json.value(QStringLiteral("valid")).toBool(), true);

    result = run({QStringLiteral("load"), QStringLiteral("--json"), artifact});
    QVERIFY2(result.finished && result.exitCode == 0, result.describe().constData());
    QVERIFY2(result.errLines().isEmpty(), result.describe().constData());
    json = onlyJsonLine(result, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why + QString::fromLocal8Bit(result.describe())));
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("stateRoundTrip")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("unload")).toString(), QStringLiteral("unloaded"));
    QCOMPARE(json.value(QStringLiteral("record")).toObject().value(QStringLiteral("artifactPath")).toString(),
             QFileInfo(artifact).absoluteFilePath());

    // A refusal names the path as it was given.
    const QString notAPlugin = folder + QLatin1Char('/') + name + QStringLiteral(".txt.so");
    QVERIFY(writeFile(notAPlugin, "not a library\n"));
    result = run({QStringLiteral("load"), notAPlugin});
    QVERIFY2(result.finished && result.exitCode == 1, result.describe().constData());
    QVERIFY2(result.errLines().size() == 1 && result.errLines().constFirst().startsWith(QStringLiteral("relive-cli: %1: ").arg(notAPlugin)),
             result.describe().constData());

    // watch: loaded, then a replacement renamed over it is reloaded with the state.
    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    process.setProcessEnvironment(environment());
    process.start(cliPath(), {QStringLiteral("watch"), QStringLiteral("--json"), artifact});
    QVERIFY2(process.waitForStarted(processTimeoutMs), qPrintable(process.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QVERIFY(replaceAtomically(artifact, readFile(fixture("fixture_answer_v2"))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("version")).toString(), QStringLiteral("2.0.0"));
    QCOMPARE(reader.events.last().value(QStringLiteral("generation")).toInt(), 2);
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    reader.drain();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, reader.describe().constData());
    QCOMPARE(reader.types(), (QStringList{QStringLiteral("loaded"), QStringLiteral("reloaded"), QStringLiteral("unloaded")}));
}

namespace {

/*! The line of the fixture's source that holds \a marker, as "answerplugin.cpp:<n>". */
QString fixtureLine(const char *marker)
{
    const QStringList lines = QString::fromUtf8(readFile(QStringLiteral(RELIVE_SOURCE_DIR "/tests/fixtures/answer/answerplugin.cpp")))
                                  .split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains(QLatin1String(marker)))
            return QStringLiteral("answerplugin.cpp:%1").arg(i + 1);
    }
    return QString();
}

/*! The first of \a reader's events of \a type, from index \a from on. */
QJsonObject firstEvent(const EventReader &reader, const char *type, int from = 0)
{
    for (int i = from; i < reader.events.size(); ++i) {
        if (reader.events.at(i).value(QStringLiteral("event")).toString() == QLatin1String(type))
            return reader.events.at(i);
    }
    return QJsonObject();
}

bool framesContain(const QJsonObject &crashed, const QString &place, const QString &function)
{
    const QJsonArray frames = crashed.value(QStringLiteral("frames")).toArray();
    for (const QJsonValue &frame : frames) {
        if (frame.toString().contains(place) && frame.toString().contains(function))
            return true;
    }
    return false;
}

} // namespace

// A generation that fails 1 s after it went live (its member timer, long after its trial run
// passed): the watch comes back in the same process (execve keeps the pid), with the previous
// generation live and the state the journal held, and says where it crashed, at the source
// line. The crashed bytes stay refused; the next good build reloads as usual.
void TestCli::watchComesBackFromACrash_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("signalName");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("function");
    QTest::newRow("null dereference on a member timer")
        << QStringLiteral("fixture_crash_later") << QStringLiteral("SIGSEGV")
        << fixtureLine("the line the crashed event names") << QStringLiteral("crashOnTimer");
    QTest::newRow("failed assertion (SIGABRT)")
        << QStringLiteral("fixture_assert_later") << QStringLiteral("SIGABRT")
        << QStringLiteral("answerplugin.cpp:") << QStringLiteral("assertOnTimer");
}

void TestCli::watchComesBackFromACrash()
{
    QFETCH(QString, target);
    QFETCH(QString, signalName);
    QFETCH(QString, place);
    QFETCH(QString, function);
    QVERIFY(!place.isEmpty());
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString artifact = workspace.filePath(QStringLiteral("answer.so"));
    QVERIFY(QFile::copy(fixture("fixture_ticking"), artifact));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact, {QStringLiteral("--journal-period"), QStringLiteral("0.2")}),
             qPrintable(process.errorString()));
    const qint64 pid = process.processId();
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    const QByteArray crashing = readFile(fixture(target.toLatin1().constData()));
    QVERIFY(replaceAtomically(artifact, crashing));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1, reader.describe().constData(), eventTimeoutMs);
    const int carried = reader.events.last().value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt();

    // The crash, and the same process back.
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("crashed") == 1, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(process.state(), QProcess::Running);
    QCOMPARE(process.processId(), pid);
    const QJsonObject crashed = firstEvent(reader, "crashed");
    QCOMPARE(crashed.value(QStringLiteral("plugin")).toString(), QStringLiteral("answer"));
    QCOMPARE(crashed.value(QStringLiteral("generation")).toInt(), 2);
    QCOMPARE(crashed.value(QStringLiteral("signal")).toString(), signalName);
    QCOMPARE(crashed.value(QStringLiteral("failure")).toString(), QStringLiteral("crashed-live"));
    QCOMPARE(crashed.value(QStringLiteral("own")).toBool(true), false);
    QVERIFY2(framesContain(crashed, place, function), qPrintable(compact(crashed)));
    // Live before its 1 s timer started; Qt's coarse timers may fire up to 5 % early.
    QVERIFY2(crashed.value(QStringLiteral("liveMs")).toDouble() >= 950, qPrintable(compact(crashed)));

    // Generation 1's code is live again as generation 3, with the journaled state: it counted
    // on after the reload, so it is newer than what the reload carried.
    const QJsonObject back = firstEvent(reader, "rolled-back");
    QCOMPARE(back.value(QStringLiteral("generation")).toInt(), 3);
    QCOMPARE(back.value(QStringLiteral("to")).toInt(), 1);
    const QJsonObject state = back.value(QStringLiteral("state")).toObject();
    QCOMPARE(state.value(QStringLiteral("answer")).toInt(), 30); // fixture_ticking's code
    QVERIFY2(state.value(QStringLiteral("count")).toInt() > carried, qPrintable(reader.describe()));
    const QJsonObject restored = crashed.value(QStringLiteral("restored")).toArray().at(0).toObject();
    QCOMPARE(restored.value(QStringLiteral("generation")).toInt(), 1);
    QCOMPARE(restored.value(QStringLiteral("as")).toInt(), 3);
    QVERIFY2(restored.contains(QStringLiteral("stateFrom")), qPrintable(compact(crashed)));
    // The crashed process's runtime folder (kept copies, journal) is gone; this one's is there.
    QTRY_COMPARE(runtimeFolders().size(), 1);
    QVERIFY(runtimeFolders().constFirst().startsWith(QStringLiteral("%1-").arg(pid)));

    // The same bytes again are refused, saying why; a good build reloads.
    QVERIFY(replaceAtomically(artifact, crashing));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reload-failed") == 1, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("failure")).toString(), QStringLiteral("crashed-live"));
    QVERIFY(replaceAtomically(artifact, readFile(fixture("fixture_answer_v2"))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 2, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("generation")).toInt(), 4);
    QCOMPARE(reader.events.last().value(QStringLiteral("from")).toInt(), 3);

    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    QCOMPARE(process.exitCode(), 0);
}

namespace {

/*!
 * A workspace of one plugin, "answer", built from the fixtures' answer source with its ticking
 * timers (FIXTURE_TICKS) and the \a definitions given, in \a folder's CMakeLists.txt.
 */
bool writeTickingWorkspace(const QString &folder, const QByteArray &definitions)
{
    const QByteArray fixtures = RELIVE_SOURCE_DIR "/tests/fixtures";
    return writeFile(folder + QStringLiteral("/CMakeLists.txt"),
                     "cmake_minimum_required(VERSION 3.21)\n"
                     "project(ticking LANGUAGES CXX)\n"
                     "find_package(Relive REQUIRED)\n"
                     "relive_add_plugin(answer SOURCES " + fixtures + "/answer/answerplugin.h " + fixtures
                         + "/answer/answerplugin.cpp METADATA fixture_metadata.json)\n"
                     "target_include_directories(answer PRIVATE " + fixtures + " " + fixtures + "/answer)\n"
                     "target_compile_definitions(answer PRIVATE FIXTURE_TICKS " + definitions + ")\n")
        && writeFile(folder + QStringLiteral("/fixture_metadata.json"),
                     readFile(QStringLiteral(RELIVE_SOURCE_DIR "/tests/fixtures/answer/metadata/answer_v1.json")));
}

} // namespace

// `watch DIR` comes back from a crash as `watch FILE` does: the build's new generation fails
// on its member timer 1 s after it went live; the same process comes back, builds the
// workspace again, brings generation 1 back with its journaled state, and keeps the crashed
// build's bytes refused until the source changes.
void TestCli::watchWorkspaceComesBackFromACrash()
{
    QTemporaryDir workspace;
    QTemporaryDir build;
    QVERIFY(workspace.isValid() && build.isValid());
    QVERIFY(writeTickingWorkspace(workspace.path(), "FIXTURE_ANSWER=30"));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    process.setProcessEnvironment(environment());
    process.start(cliPath(), {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--journal-period"),
                              QStringLiteral("0.2"), QStringLiteral("--build-dir"), build.path(), workspace.path()});
    QVERIFY2(process.waitForStarted(processTimeoutMs), qPrintable(process.errorString()));
    const qint64 pid = process.processId();
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1 || reader.count("build-failed") > 0,
                              reader.describe().constData(), buildTimeoutMs);
    QVERIFY2(reader.count("loaded") == 1, reader.describe().constData());

    QVERIFY(writeTickingWorkspace(workspace.path(), "FIXTURE_ANSWER=31 FIXTURE_CRASH_LATER"));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 1 || reader.count("build-failed") > 0,
                              reader.describe().constData(), buildTimeoutMs);
    QVERIFY2(reader.count("reloaded") == 1, reader.describe().constData());
    const int carried = firstEvent(reader, "reloaded").value(QStringLiteral("state")).toObject()
                            .value(QStringLiteral("count")).toInt();

    // The restored process says `crashed` last, once the restore is done (after its
    // `rolled-back` and the first build's `build-started`): wait for that one, not for the
    // rolled-back before it (under load the crashed line came a read later).
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("crashed") == 1, reader.describe().constData(), buildTimeoutMs);
    QCOMPARE(process.state(), QProcess::Running);
    QCOMPARE(process.processId(), pid);
    QCOMPARE(reader.count("rolled-back"), 1);
    const QJsonObject crashed = firstEvent(reader, "crashed");
    QVERIFY2(crashed.value(QStringLiteral("plugin")).toString() == QStringLiteral("answer"), reader.describe().constData());
    QCOMPARE(crashed.value(QStringLiteral("generation")).toInt(), 2);
    QVERIFY2(framesContain(crashed, fixtureLine("the line the crashed event names"), QStringLiteral("crashOnTimer")),
             qPrintable(compact(crashed)));
    const QJsonObject back = firstEvent(reader, "rolled-back");
    QCOMPARE(back.value(QStringLiteral("generation")).toInt(), 3);
    QCOMPARE(back.value(QStringLiteral("to")).toInt(), 1);
    QCOMPARE(back.value(QStringLiteral("state")).toObject().value(QStringLiteral("answer")).toInt(), 30);
    QVERIFY2(back.value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt() > carried,
             qPrintable(reader.describe()));
    // The crashed process's runtime folder (kept copies, journal) is gone; this one's is there
    // (a spare probe child may hold one of its own).
    QTRY_COMPARE(runtimeFolders().filter(QRegularExpression(QStringLiteral("^%1-").arg(pid))).size(), 1);

    // The build after the re-exec gives the crashed bytes again: refused, generation 3 stays.
    const int afterCrash = reader.events.indexOf(crashed);
    QTRY_VERIFY2_WITH_TIMEOUT(!firstEvent(reader, "reload-failed", afterCrash).isEmpty(), reader.describe().constData(),
                              buildTimeoutMs);
    QCOMPARE(firstEvent(reader, "reload-failed", afterCrash).value(QStringLiteral("failure")).toString(),
             QStringLiteral("crashed-live"));
    QCOMPARE(reader.count("reloaded"), 1);

    // A fix builds and reloads as usual.
    QVERIFY(writeTickingWorkspace(workspace.path(), "FIXTURE_ANSWER=32"));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("reloaded") == 2, reader.describe().constData(), buildTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("generation")).toInt(), 4);
    QCOMPARE(reader.events.last().value(QStringLiteral("state")).toObject().value(QStringLiteral("answer")).toInt(), 32);
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    QCOMPARE(process.exitCode(), 0);
}

// The generation brought back crashes too, soon: no loop. The watch goes on without the
// plugin, says why, and loads the next good build.
void TestCli::watchLeavesOutAGenerationThatCrashesAgain()
{
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString artifact = workspace.filePath(QStringLiteral("answer.so"));
    QVERIFY(QFile::copy(fixture("fixture_crash_at_count"), artifact)); // crashes when its count reaches 60

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact, {QStringLiteral("--journal-period"), QStringLiteral("0.2")}),
             qPrintable(process.errorString()));
    const qint64 pid = process.processId();
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QVERIFY(replaceAtomically(artifact, readFile(fixture("fixture_crash_later"))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("crashed") == 2, reader.describe().constData(), 2 * eventTimeoutMs);
    const QJsonObject again = reader.events.last();
    QCOMPARE(again.value(QStringLiteral("event")).toString(), QStringLiteral("crashed"));
    QCOMPARE(again.value(QStringLiteral("generation")).toInt(), 3); // generation 1 brought back
    QCOMPARE(again.value(QStringLiteral("leftOut")).toArray(), QJsonArray{QStringLiteral("answer")});
    QVERIFY2(reader.errSaysSince(0, {QStringLiteral("brought back after a crash, crashed again"), QStringLiteral("starting without it")}),
             reader.describe().constData());
    QCOMPARE(reader.count("rolled-back"), 1);
    QTest::qWait(1500); // nothing of the plugin runs, so nothing crashes any more
    QCOMPARE(reader.count("crashed"), 2);
    QCOMPARE(process.state(), QProcess::Running);
    QCOMPARE(process.processId(), pid);

    QVERIFY(replaceAtomically(artifact, readFile(fixture("fixture_answer_v2"))));
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 2, reader.describe().constData(), eventTimeoutMs);
    QCOMPARE(reader.events.last().value(QStringLiteral("generation")).toInt(), 4);
    process.terminate();
    QVERIFY2(process.waitForFinished(eventTimeoutMs), "relive-cli watch did not end on SIGTERM");
    QCOMPARE(process.exitCode(), 0);
}

// A fatal signal while no plugin code is on the stack is Relive's own crash: recorded, and the
// session restored the same way, once. The same again right after the restart stops the watch
// with a clear message instead of looping.
void TestCli::watchRecordsItsOwnCrashAndRetriesOnce()
{
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString artifact = workspace.filePath(QStringLiteral("answer.so"));
    QVERIFY(QFile::copy(fixture("fixture_ticking"), artifact));

    QProcess process;
    ProcessGuard guard{process};
    EventReader reader(process);
    QVERIFY2(startWatch(process, artifact, {QStringLiteral("--journal-period"), QStringLiteral("0.2")}),
             qPrintable(process.errorString()));
    const qint64 pid = process.processId();
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("loaded") == 1, reader.describe().constData(), eventTimeoutMs);
    QTest::qWait(500); // some counting, journaled
    QCOMPARE(::kill(pid_t(pid), SIGSEGV), 0);
    QTRY_VERIFY2_WITH_TIMEOUT(reader.count("crashed") == 1, reader.describe().constData(), eventTimeoutMs);
    const QJsonObject crashed = firstEvent(reader, "crashed");
    QCOMPARE(crashed.value(QStringLiteral("own")).toBool(), true);
    QCOMPARE(crashed.value(QStringLiteral("signal")).toString(), QStringLiteral("SIGSEGV"));
    QVERIFY2(crashed.value(QStringLiteral("error")).toString().startsWith(QStringLiteral("Relive itself crashed")),
             qPrintable(compact(crashed)));
    const QJsonObject back = firstEvent(reader, "rolled-back");
    QCOMPARE(back.value(QStringLiteral("to")).toInt(), 1); // the live generation, not blamed
    QVERIFY2(back.value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt() > 0, reader.describe().constData());
    QCOMPARE(process.processId(), pid);

    QCOMPARE(::kill(pid_t(pid), SIGSEGV), 0);
    QVERIFY2(process.waitForFinished(eventTimeoutMs), reader.describe().constData());
    reader.drain();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    QCOMPARE(reader.count("crashed"), 2);
    QVERIFY2(reader.errSaysSince(0, {QStringLiteral("Relive crashed again"), QStringLiteral("not restarting again")}),
             reader.describe().constData());
}

// A golden per event type: an event as the host and the build pipeline fill it, through the
// same toJson() that `watch --json` prints, has exactly the pinned keys with their types.
void TestCli::eventSchemaIsPinned_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QStringList>("keys");
    const auto event = [](HostEvent::Type type) {
        HostEvent e;
        e.type = type;
        e.plugin = QStringLiteral("counter");
        e.generation = 2;
        return e;
    };
    ReloadTiming timing;
    timing.stageMs = 1.5;
    timing.loadMs = 0.5;
    timing.totalMs = 2.5;
    const QStringList common{QStringLiteral("event"), QStringLiteral("generation"), QStringLiteral("plugin")};
    const auto keys = [&common](QStringList more) {
        more += common;
        more.sort();
        return more;
    };

    HostEvent loaded = event(HostEvent::Type::Loaded);
    loaded.version = QStringLiteral("1.0.0");
    loaded.state = {{QStringLiteral("count"), 3}};
    loaded.hasState = true;
    loaded.timing = timing;
    QTest::newRow("loaded") << loaded.toJson() << keys({QStringLiteral("ms"), QStringLiteral("state"), QStringLiteral("version")});
    HostEvent reloaded = loaded;
    reloaded.type = HostEvent::Type::Reloaded;
    reloaded.fromGeneration = 1;
    QTest::newRow("reloaded") << reloaded.toJson()
                              << keys({QStringLiteral("from"), QStringLiteral("ms"), QStringLiteral("state"), QStringLiteral("version")});
    HostEvent rolledBack = reloaded;
    rolledBack.type = HostEvent::Type::RolledBack;
    rolledBack.generation = 3;
    rolledBack.fromGeneration = 2;
    rolledBack.toGeneration = 1;
    QTest::newRow("rolled-back") << rolledBack.toJson()
                                 << keys({QStringLiteral("from"), QStringLiteral("ms"), QStringLiteral("state"),
                                          QStringLiteral("to"), QStringLiteral("version")});
    for (const HostEvent::Type type : {HostEvent::Type::LoadFailed, HostEvent::Type::ReloadFailed}) {
        HostEvent failed = event(type);
        failed.error = QStringLiteral("counter.so: wrong plugin interface");
        failed.failure = FailureKind::WrongInterface;
        QTest::newRow(qPrintable(HostEvent::typeName(type)))
            << failed.toJson() << keys({QStringLiteral("error"), QStringLiteral("failure")});
    }
    HostEvent unloaded = event(HostEvent::Type::Unloaded);
    unloaded.version = QStringLiteral("1.0.0");
    QTest::newRow("unloaded") << unloaded.toJson() << keys({QStringLiteral("version")});
    unloaded.error = QStringLiteral("shutdown() threw: stop");
    unloaded.failure = FailureKind::ShutdownThrew;
    QTest::newRow("unloaded with error") << unloaded.toJson()
                                         << keys({QStringLiteral("error"), QStringLiteral("failure"), QStringLiteral("version")});
    HostEvent pinned = event(HostEvent::Type::Pinned);
    pinned.version = QStringLiteral("1.0.0");
    pinned.error = QStringLiteral("its library is still mapped");
    pinned.failure = FailureKind::Pinned;
    QTest::newRow("pinned") << pinned.toJson()
                            << keys({QStringLiteral("error"), QStringLiteral("failure"), QStringLiteral("version")});

    HostEvent buildStarted = event(HostEvent::Type::BuildStarted);
    buildStarted.plugin.clear();
    buildStarted.generation = 0;
    buildStarted.extra = {{QStringLiteral("toolchain"), QStringLiteral("clang++, mold")}, {QStringLiteral("configure"), true}};
    QTest::newRow("build-started") << buildStarted.toJson() << keys({QStringLiteral("configure"), QStringLiteral("toolchain")});
    HostEvent buildFinished = event(HostEvent::Type::BuildFinished);
    buildFinished.plugin.clear();
    buildFinished.generation = 0;
    buildFinished.timing.buildMs = 1200;
    QTest::newRow("build-finished") << buildFinished.toJson() << keys({QStringLiteral("ms")});
    Diagnostic diagnostic;
    diagnostic.file = QStringLiteral("/w/counter/counterplugin.cpp");
    diagnostic.line = 12;
    diagnostic.column = 5;
    diagnostic.message = QStringLiteral("expected ';'");
    diagnostic.kind = QStringLiteral("compiler");
    diagnostic.includeChain = QStringList{QStringLiteral("/w/counter/main.cpp:1")};
    Diagnostic note = diagnostic;
    note.severity = Diagnostic::Severity::Note;
    note.includeChain.clear();
    diagnostic.notes = {note};
    HostEvent buildFailed = buildFinished;
    buildFailed.type = HostEvent::Type::BuildFailed;
    buildFailed.error = QStringLiteral("build failed (exit 1)");
    buildFailed.diagnostics = {diagnostic.toJson()};
    QTest::newRow("build-failed") << buildFailed.toJson()
                                  << keys({QStringLiteral("diagnostics"), QStringLiteral("error"), QStringLiteral("ms")});
    HostEvent crashed = event(HostEvent::Type::Crashed);
    crashed.error = QStringLiteral("SIGSEGV in counter generation 2");
    crashed.failure = FailureKind::CrashedLive;
    crashed.extra = {{QStringLiteral("signal"), QStringLiteral("SIGSEGV")},
                     {QStringLiteral("frames"), QJsonArray{QStringLiteral("counterplugin.cpp:40 tick")}},
                     {QStringLiteral("at"), QStringLiteral("2026-12-02T22:00:00.000")},
                     {QStringLiteral("own"), false},
                     {QStringLiteral("liveMs"), 1000},
                     {QStringLiteral("restored"), QJsonArray{}},
                     {QStringLiteral("messages"), QJsonArray{QStringLiteral("counter: generation 1 is live again")}}};
    HostEvent stale = event(HostEvent::Type::Stale);
    stale.file = QStringLiteral("/w/build/libshared.so");
    stale.plugins = QStringList{QStringLiteral("left"), QStringLiteral("right")};
    stale.error = QStringLiteral("libshared.so was rebuilt, but the loader keeps its old copy");
    stale.failure = FailureKind::StaleLibrary;
    QTest::newRow("stale") << stale.toJson()
                           << keys({QStringLiteral("error"), QStringLiteral("failure"), QStringLiteral("file"),
                                    QStringLiteral("plugins")});
    HostEvent unchanged = event(HostEvent::Type::Unchanged);
    unchanged.version = QStringLiteral("1.0.0");
    unchanged.file = QStringLiteral("/w/build/plugins/counter.so");
    QTest::newRow("unchanged") << unchanged.toJson() << keys({QStringLiteral("file"), QStringLiteral("version")});
    QTest::newRow("crashed") << crashed.toJson()
                             << keys({QStringLiteral("at"), QStringLiteral("error"), QStringLiteral("failure"),
                                      QStringLiteral("frames"), QStringLiteral("liveMs"), QStringLiteral("messages"),
                                      QStringLiteral("own"), QStringLiteral("restored"), QStringLiteral("signal")});
}

void TestCli::eventSchemaIsPinned()
{
    QFETCH(QJsonObject, json);
    QFETCH(QStringList, keys);
    QCOMPARE(json.keys(), keys);
    const QString violation = eventSchemaViolation(json);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));

    // The check fails for what the README forbids: a key gone, a key of another type, a key
    // the schema does not list (new keys are optional ones, added to the schema on purpose).
    const QString required = eventSchemas().value(json.value(QStringLiteral("event")).toString()).required.firstKey();
    QJsonObject without = json;
    without.remove(required);
    QVERIFY(!eventSchemaViolation(without).isEmpty());
    QJsonObject retyped = json;
    retyped.insert(QStringLiteral("generation"), QStringLiteral("2"));
    QVERIFY(!eventSchemaViolation(retyped).isEmpty());
    QJsonObject grown = json;
    grown.insert(QStringLiteral("unlisted"), 1);
    QVERIFY(!eventSchemaViolation(grown).isEmpty());
    if (json.contains(QStringLiteral("diagnostics"))) {
        QJsonObject badDiagnostic = json;
        QJsonObject first = json.value(QStringLiteral("diagnostics")).toArray().first().toObject();
        first.remove(QStringLiteral("line"));
        badDiagnostic.insert(QStringLiteral("diagnostics"), QJsonArray{first});
        QVERIFY(!eventSchemaViolation(badDiagnostic).isEmpty());
    }
}

// What the real `watch --json` runs of this suite printed followed the schema, line by line.
void TestCli::eventsPrintedFollowTheSchema()
{
    QVERIFY2(schemaViolations.isEmpty(), qPrintable(schemaViolations.join(QLatin1Char('\n'))));
    // The ones every run of this suite prints, at the least.
    for (const char *type : {"loaded", "reloaded", "reload-failed", "unloaded", "build-started"}) {
        QVERIFY2(eventTypesSeen.contains(QLatin1String(type)),
                 qPrintable(QStringLiteral("no %1 event was printed: seen %2")
                                .arg(QLatin1String(type), QStringList(eventTypesSeen.values()).join(QLatin1Char(' ')))));
    }
    qInfo("event types checked against the schema in real output: %s",
          qPrintable(QStringList(eventTypesSeen.values()).join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
