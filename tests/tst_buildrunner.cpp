// BuildRunner on a real workspace: written here into a temporary folder, configured against the
// Relive package of this build and compiled with the real cmake, Ninja and compiler. Slow by
// nature (the first configure and the precompiled header take a while on a busy machine),
// hence generous deadlines; the checks themselves are functional, not timings.
#include "testfiles.h"
#include "requiretool.h"

#include <relive/buildrunner.h>
#include <relive/toolchain.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QtTest>

#include <unistd.h>

using namespace Relive;

namespace {

const int buildTimeoutMs = 240000;

struct ProcessInfo
{
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    char state = '?';
    QByteArray name;
    QByteArray startTime; //!< with the pid, tells a process from a later one reusing its pid
};

QList<ProcessInfo> processes()
{
    QList<ProcessInfo> list;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = file.readAll();
        const int open = stat.indexOf('(');
        const int close = stat.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() < 20)
            continue;
        ProcessInfo info;
        info.pid = pid;
        info.name = stat.mid(open + 1, close - open - 1);
        info.state = fields.at(0).isEmpty() ? '?' : fields.at(0).at(0);
        info.parent = fields.at(1).toLongLong();
        info.group = fields.at(2).toLongLong();
        info.startTime = fields.at(19); // field 22 of stat, counted from the state (field 3)
        list.append(info);
    }
    return list;
}

/*! The living (not zombie) descendants of this test process. */
QList<ProcessInfo> livingDescendants()
{
    const QList<ProcessInfo> all = processes();
    QSet<qint64> family{qint64(::getpid())};
    QList<ProcessInfo> found;
    bool grew = true;
    while (grew) {
        grew = false;
        for (const ProcessInfo &info : all) {
            if (!family.contains(info.pid) && family.contains(info.parent)) {
                family.insert(info.pid);
                if (info.state != 'Z' && info.state != 'X')
                    found.append(info);
                grew = true;
            }
        }
    }
    return found;
}

bool stillAlive(const ProcessInfo &process)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(process.pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20 || fields.at(19) != process.startTime)
        return false; // another process with the same pid
    return fields.at(0) != "Z" && fields.at(0) != "X";
}

/*! Whether Ninja runs the slow target's `sleep 30` now; \a build gets this process's descendants. */
bool sleepRunning(QList<ProcessInfo> *build = nullptr)
{
    const QList<ProcessInfo> descendants = livingDescendants();
    if (build)
        *build = descendants;
    for (const ProcessInfo &info : descendants) {
        if (info.name == "sleep")
            return true;
    }
    return false;
}

QString describe(const QList<ProcessInfo> &list)
{
    QStringList names;
    for (const ProcessInfo &info : list)
        names << QStringLiteral("%1 %2 (group %3)").arg(QString::fromLocal8Bit(info.name)).arg(info.pid).arg(info.group);
    return names.join(QStringLiteral(", "));
}

QString withoutColours(const QString &line)
{
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;]*[A-Za-z]"));
    QString plain = line;
    return plain.remove(ansi);
}

const char workspaceCMake[] = R"(cmake_minimum_required(VERSION 3.21)
project(buildrunnertest LANGUAGES CXX)
find_package(Relive REQUIRED)
relive_add_plugin(hello SOURCES hello.cpp METADATA hello.json)
# Built only when asked for: the build that gets cancelled.
add_custom_command(OUTPUT slow.stamp
  COMMAND sleep 30
  COMMAND ${CMAKE_COMMAND} -E touch slow.stamp)
add_custom_target(slow DEPENDS slow.stamp)
# A command that ignores SIGTERM, and so keeps Ninja waiting for it: only SIGKILL ends it.
add_custom_target(stubborn COMMAND sh -c "trap '' TERM; sleep 30" VERBATIM)
)";

const char workspaceMetadata[] = R"({ "Name": "hello", "Version": "1.0.0" }
)";

const char workspaceSource[] = R"(#include <relive/liveplugin.h>

#include <QtCore/QObject>
#include <QtWidgets/QWidget>

class HelloPlugin : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "hello.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    QWidget *createWidget(QWidget *parent) override { return new QWidget(parent); }
    QVariantMap saveState() const override { return {}; }
    void restoreState(const QVariantMap &) override {}
    Q_INVOKABLE int answer() const { return @ANSWER@; }
};

@MOC_INCLUDE@
)";

QByteArray source(const QByteArray &answer)
{
    // Spelled out here, not in the text above: AutoMoc would take it for this file's include.
    return QByteArray(workspaceSource)
        .replace("@ANSWER@", answer)
        .replace("@MOC_INCLUDE@", QByteArray("#include \"hello") + ".moc\"");
}

} // namespace

class TestBuildRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstBuildConfiguresThenBuilds();
    void secondBuildOnlyBuilds();
    void changedArgumentsNeedConfigure();
    void compileError();
    void cancelKillsTheWholeBuild_data();
    void cancelKillsTheWholeBuild();
    void startWhileRunningRestarts();
    void missingWorkspace();
    void buildFolderWithDoubleQuoteIsRefused();

private:
    void setUpRunner(BuildRunner &runner) const;

    QTemporaryDir m_workspace;
    QTemporaryDir m_build;
    Toolchain m_toolchain;
};

void TestBuildRunner::initTestCase()
{
    qRegisterMetaType<Relive::BuildResult>();
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_build.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("cmake")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("ninja")).isEmpty())
        RELIVE_MISSING_TOOL("cmake and ninja are needed: run scripts/install-deps.sh");
    QVERIFY(TestFiles::writeFile(m_workspace.filePath(QStringLiteral("CMakeLists.txt")), workspaceCMake));
    QVERIFY(TestFiles::writeFile(m_workspace.filePath(QStringLiteral("hello.json")), workspaceMetadata));
    QVERIFY(TestFiles::writeFile(m_workspace.filePath(QStringLiteral("hello.cpp")), source("42")));
    m_toolchain = Toolchain::detect(); // the fast path: what LiveSession uses
    qInfo("toolchain: %s", qPrintable(m_toolchain.describe()));
}

void TestBuildRunner::setUpRunner(BuildRunner &runner) const
{
    runner.setSourceDirectory(m_workspace.path());
    runner.setBuildDirectory(m_build.path());
    runner.setToolchain(m_toolchain);
    runner.setConfigureArguments({QStringLiteral("-DRelive_DIR=" RELIVE_BUILD_DIR),
                                  QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(RELIVE_QT_MAJOR)});
}

void TestBuildRunner::firstBuildConfiguresThenBuilds()
{
    BuildRunner runner;
    setUpRunner(runner);
    QVERIFY(runner.needsConfigure());
    QVERIFY(!runner.isRunning());

    QSignalSpy started(&runner, &BuildRunner::started);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    int linesBeforeFinished = -1;
    int lines = 0;
    // The event loop keeps turning during the whole build: a timer fires between the lines
    // as they stream in, and between the last line and finished(). A build that blocked the
    // loop would deliver them in one go, with no tick in between.
    int ticks = 0;
    int ticksAtFirstLine = -1;
    int ticksAtLastLine = -1;
    connect(&runner, &BuildRunner::outputLine, this, [&] {
        if (++lines == 1)
            ticksAtFirstLine = ticks;
        ticksAtLastLine = ticks;
    });
    connect(&runner, &BuildRunner::finished, this, [&] { linesBeforeFinished = lines; });
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });

    ticker.start();
    runner.start();
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(buildTimeoutMs) || finished.count() == 1);
    ticker.stop();

    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toBool(), true);
    QCOMPARE(finished.count(), 1);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY2(result.ok, qPrintable(result.errorString + QLatin1Char('\n') + result.output.join(QLatin1Char('\n'))));
    QVERIFY(!runner.isRunning());
    QVERIFY(!result.cancelled);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.errorString, QString());
    QVERIFY(result.configured);
    QVERIFY(result.configureMs > 0);
    QVERIFY(result.buildMs > 0);
    QVERIFY(result.totalMs >= result.configureMs + result.buildMs);

    // Streamed: every line was emitted before finished(), and they are the ones in the result.
    QVERIFY(linesBeforeFinished > 0);
    QCOMPARE(linesBeforeFinished, result.output.size());
    QVERIFY2(result.output.join(QLatin1Char('\n')).contains(QStringLiteral("Build files have been written to")),
             qPrintable(result.output.join(QLatin1Char('\n'))));

    QVERIFY(QFileInfo(m_build.filePath(QStringLiteral("plugins/hello.so"))).isFile());
    QVERIFY(QFileInfo(m_build.filePath(QStringLiteral("compile_commands.json"))).isFile());
    QVERIFY(QFileInfo(m_build.filePath(QStringLiteral("build.ninja"))).isFile());
    QVERIFY(!runner.needsConfigure());

    // The compiler, launcher and build type asked for are the ones CMake took.
    QFile cache(m_build.filePath(QStringLiteral("CMakeCache.txt")));
    QVERIFY(cache.open(QIODevice::ReadOnly));
    const QString cached = QString::fromUtf8(cache.readAll());
    QVERIFY(cached.contains(QStringLiteral("CMAKE_BUILD_TYPE:STRING=Debug")));
    QVERIFY(cached.contains(QStringLiteral("CMAKE_CXX_COMPILER:FILEPATH=") + m_toolchain.cxxCompiler)
            || cached.contains(QStringLiteral("CMAKE_CXX_COMPILER:STRING=") + m_toolchain.cxxCompiler));

    QVERIFY2(ticksAtLastLine > ticksAtFirstLine,
             qPrintable(QStringLiteral("no timer fired while %1 lines streamed in: the build blocked the event loop").arg(lines)));
}

void TestBuildRunner::secondBuildOnlyBuilds()
{
    BuildRunner runner;
    setUpRunner(runner);
    QVERIFY(!runner.needsConfigure());
    QSignalSpy started(&runner, &BuildRunner::started);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start();
    QVERIFY(finished.wait(buildTimeoutMs) || finished.count() == 1);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toBool(), false);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY2(result.ok, qPrintable(result.errorString + QLatin1Char('\n') + result.output.join(QLatin1Char('\n'))));
    QVERIFY(!result.configured);
    QCOMPARE(result.configureMs, -1.0);
    QVERIFY(result.buildMs > 0);
    // Fast because there was nothing to do, not because of a timing.
    QVERIFY2(result.output.contains(QStringLiteral("ninja: no work to do.")),
             qPrintable(result.output.join(QLatin1Char('\n'))));
}

void TestBuildRunner::changedArgumentsNeedConfigure()
{
    BuildRunner runner;
    setUpRunner(runner);
    QVERIFY(!runner.needsConfigure());
    runner.setConfigureArguments(runner.configureArguments() << QStringLiteral("-DSOMETHING_NEW=1"));
    QVERIFY(runner.needsConfigure());
    setUpRunner(runner);
    QVERIFY(!runner.needsConfigure());
    Toolchain other = m_toolchain;
    other.pch = !other.pch;
    runner.setToolchain(other);
    QVERIFY(runner.needsConfigure());
}

void TestBuildRunner::compileError()
{
    const QString sourcePath = m_workspace.filePath(QStringLiteral("hello.cpp"));
    QVERIFY(TestFiles::writeFile(sourcePath, source("not_declared_anywhere")));
    BuildRunner runner;
    setUpRunner(runner);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start();
    QVERIFY(finished.wait(buildTimeoutMs) || finished.count() == 1);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY(!result.ok);
    QVERIFY(!result.cancelled);
    QVERIFY(result.exitCode != 0);
    QCOMPARE(result.errorString, QStringLiteral("build failed (exit %1)").arg(result.exitCode));

    // The compiler's own line, in colour (asked for), says where and what.
    bool found = false;
    bool coloured = false;
    for (const QString &line : result.output) {
        const QString plain = withoutColours(line);
        if (plain.contains(QStringLiteral("hello.cpp:")) && plain.contains(QStringLiteral("error:"))
            && plain.contains(QStringLiteral("not_declared_anywhere"))) {
            found = true;
            coloured = line != plain;
        }
    }
    QVERIFY2(found, qPrintable(result.output.join(QLatin1Char('\n'))));
    QVERIFY2(coloured, "the compiler's diagnostics should keep their colours");

    // Fixed again: it builds.
    QVERIFY(TestFiles::writeFile(sourcePath, source("43")));
    runner.start();
    QVERIFY(finished.wait(buildTimeoutMs) || finished.count() == 2);
    const BuildResult fixed = finished.at(1).at(0).value<BuildResult>();
    QVERIFY2(fixed.ok, qPrintable(fixed.output.join(QLatin1Char('\n'))));
}

void TestBuildRunner::cancelKillsTheWholeBuild_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("commands that stop on SIGTERM") << QStringLiteral("slow");
    QTest::newRow("a command that ignores SIGTERM (SIGKILL after 1 s)") << QStringLiteral("stubborn");
}

void TestBuildRunner::cancelKillsTheWholeBuild()
{
    QFETCH(QString, target);
    BuildRunner runner;
    setUpRunner(runner);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start({target});

    // Wait for the command Ninja runs: a `sleep 30` among this process's descendants.
    QList<ProcessInfo> build;
    QTRY_VERIFY_WITH_TIMEOUT(sleepRunning(&build), 60000);
    QSet<qint64> groups;
    for (const ProcessInfo &info : build)
        groups.insert(info.group);
    // cmake --build and ninja in the runner's group, the command in one Ninja made for it.
    QVERIFY2(groups.size() >= 2, qPrintable(describe(build)));
    QVERIFY2(!groups.contains(qint64(::getpgrp())), qPrintable(describe(build)));

    runner.cancel();
    QVERIFY(runner.isRunning()); // until its processes are gone
    // The build's command is a `sleep 30`: a cancel that did not stop it (or the SIGKILL after
    // SIGTERM that did not come) would let it run to its end, and the stamp after it.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QCOMPARE(result.errorString, QStringLiteral("cancelled"));
    QVERIFY(!runner.isRunning());

    // Nothing of the build is left: not cmake, not ninja, not the command.
    QList<ProcessInfo> survivors;
    for (const ProcessInfo &info : build) {
        if (stillAlive(info))
            survivors.append(info);
    }
    QVERIFY2(survivors.isEmpty(), qPrintable(describe(survivors)));
    for (const ProcessInfo &info : processes()) {
        if (groups.contains(info.group) && info.state != 'Z' && info.state != 'X')
            survivors.append(info);
    }
    QVERIFY2(survivors.isEmpty(), qPrintable(QStringLiteral("left in the build's groups: ") + describe(survivors)));
    QVERIFY(!QFileInfo::exists(m_build.filePath(QStringLiteral("slow.stamp"))));

    // Nothing arrives later.
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1);
}

void TestBuildRunner::startWhileRunningRestarts()
{
    BuildRunner runner;
    setUpRunner(runner);
    QSignalSpy started(&runner, &BuildRunner::started);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start({QStringLiteral("slow")});
    QTRY_VERIFY_WITH_TIMEOUT(sleepRunning(), 60000);
    runner.start({QStringLiteral("hello")});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, buildTimeoutMs);
    QCOMPARE(started.count(), 2);
    const BuildResult first = finished.at(0).at(0).value<BuildResult>();
    const BuildResult second = finished.at(1).at(0).value<BuildResult>();
    QVERIFY(first.cancelled);
    QVERIFY2(second.ok, qPrintable(second.output.join(QLatin1Char('\n'))));
    QVERIFY(!second.cancelled);
    QVERIFY(!runner.isRunning());
    QVERIFY2(!sleepRunning(), "the cancelled build's command is still running");
}

void TestBuildRunner::missingWorkspace()
{
    QTemporaryDir empty;
    BuildRunner runner;
    runner.setSourceDirectory(empty.path());
    runner.setBuildDirectory(empty.filePath(QStringLiteral("build")));
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start();
    QCOMPARE(finished.count(), 0); // never from within start()
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(5000) || finished.count() == 1);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY(!result.ok);
    QCOMPARE(result.errorString, QStringLiteral("%1 has no CMakeLists.txt").arg(QFileInfo(empty.path()).absoluteFilePath()));
    QVERIFY(!runner.isRunning());
}

// CMake writes the build folder into its compiler checks unescaped: with a '"' in it, they fail
// or give wrong results (no library architecture, so no Qt found). Said before cmake runs.
void TestBuildRunner::buildFolderWithDoubleQuoteIsRefused()
{
    QTemporaryDir base;
    QVERIFY(base.isValid());
    BuildRunner runner;
    setUpRunner(runner);
    const QString build = base.filePath(QStringLiteral("say \"hi\"/build"));
    runner.setBuildDirectory(build);
    QSignalSpy started(&runner, &BuildRunner::started);
    QSignalSpy finished(&runner, &BuildRunner::finished);
    runner.start();
    QVERIFY(finished.wait(5000) || finished.count() == 1);
    QCOMPARE(started.count(), 0);
    const BuildResult result = finished.at(0).at(0).value<BuildResult>();
    QVERIFY(!result.ok);
    QVERIFY2(result.errorString.contains(QStringLiteral("double quote")), qPrintable(result.errorString));
    QVERIFY2(result.errorString.contains(runner.buildDirectory()), qPrintable(result.errorString));
    QVERIFY2(!QFileInfo::exists(build), "the build folder was created all the same");
}

QTEST_GUILESS_MAIN(TestBuildRunner)
#include "tst_buildrunner.moc"
