// The SDK out of tree, as a user gets it: the exported CMake package Relive (from this build
// folder), find_package(Relive) and relive_add_plugin() in a project of their own, built with
// the real cmake and compiler. Slow by nature: it configures and compiles real plugins.
#include "privatexdg.h"
#include "requiretool.h"

#include <relive/private/elfinspector.h>
#include <relive/private/elflinkinfo.h>
#include <relive/private/librarymappings.h>
#include <relive/liveplugin.h>
#include <relive/pluginhost.h>
#include <relive/pluginmetadata.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QLabel>

#include <memory>

#include <sys/stat.h>

using namespace Relive;

namespace {

const int configureTimeoutMs = 120000;
const int buildTimeoutMs = 240000;

struct ToolRun
{
    bool finished = false;
    int exitCode = -1;
    QString output; // stdout and stderr, interleaved as a terminal shows them

    bool ok() const { return finished && exitCode == 0; }
    QByteArray describe(const QString &what) const
    {
        // The end of a build log is where the error is.
        const QString tail = output.size() > 6000 ? QStringLiteral("...") + output.right(6000) : output;
        return QStringLiteral("%1: %2\n%3")
            .arg(what, finished ? QStringLiteral("exit code %1").arg(exitCode) : QStringLiteral("did not finish"), tail)
            .toLocal8Bit();
    }
};

ToolRun runTool(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The test decides the generator and compiler; a developer's defaults must not.
    env.remove(QStringLiteral("CMAKE_GENERATOR"));
    env.remove(QStringLiteral("CMAKE_BUILD_TYPE"));
    env.remove(QStringLiteral("CMAKE_EXPORT_COMPILE_COMMANDS"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForStarted(30000)) {
        run.output = process.errorString();
        return run;
    }
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromLocal8Bit(process.readAll());
    return run;
}

/*! `cmake -S <source> -B <build>` with the generator, make program and compiler of this build. */
ToolRun configure(const QString &source, const QString &build, const QStringList &extra = {})
{
    QStringList arguments{
        QStringLiteral("-S"), source,
        QStringLiteral("-B"), build,
        QStringLiteral("-G"), QStringLiteral("Ninja"),
        QStringLiteral("-DCMAKE_MAKE_PROGRAM=" RELIVE_MAKE_PROGRAM),
        QStringLiteral("-DCMAKE_CXX_COMPILER=" RELIVE_CXX_COMPILER),
        QStringLiteral("-DRelive_DIR=" RELIVE_BUILD_DIR),
    };
    return runTool(QStringLiteral(RELIVE_CMAKE_COMMAND), arguments + extra, configureTimeoutMs);
}

ToolRun build(const QString &folder)
{
    return runTool(QStringLiteral(RELIVE_CMAKE_COMMAND), {QStringLiteral("--build"), folder}, buildTimeoutMs);
}

bool writeText(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) >= 0;
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return QByteArray();
    return hash.result().toHex();
}

QString greetingOf(QObject *plugin)
{
    QString result;
    if (!plugin || !QMetaObject::invokeMethod(plugin, "greeting", Qt::DirectConnection, Q_RETURN_ARG(QString, result)))
        return QStringLiteral("<no greeting()>");
    return result;
}

int answerOf(QObject *plugin)
{
    int result = -1;
    if (!plugin || !QMetaObject::invokeMethod(plugin, "answer", Qt::DirectConnection, Q_RETURN_ARG(int, result)))
        return -1;
    return result;
}

// A user's whole plugin project: one CMakeLists.txt, one source, one metadata file.
const char projectCMake[] = R"(cmake_minimum_required(VERSION 3.21)
project(greeter LANGUAGES CXX)
find_package(Relive REQUIRED)
relive_add_plugin(greeter SOURCES greeter.cpp METADATA greeter.json)
)";

const char projectMetadata[] = R"({
    "Name": "greeter",
    "Version": "1.0.0",
    "Vendor": "A user of the SDK",
    "Description": "Written by tst_sdkpackage"
}
)";

// @GREETING@ and @ANSWER@ are what the "edit" changes.
const char projectSource[] = R"(#include <relive/liveplugin.h>

#include <QtCore/QObject>
#include <QtWidgets/QLabel>

class GreeterPlugin : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "greeter.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    QWidget *createWidget(QWidget *parent) override { return new QLabel(greeting(), parent); }
    QVariantMap saveState() const override
    {
        QVariantMap state;
        state.insert(QStringLiteral("visits"), m_visits);
        return state;
    }
    void restoreState(const QVariantMap &state) override { m_visits = state.value(QStringLiteral("visits")).toInt(); }

    Q_INVOKABLE void visit() { ++m_visits; }
    Q_INVOKABLE int answer() const { return @ANSWER@; }
    Q_INVOKABLE QString greeting() const { return QStringLiteral("@GREETING@, visitor %1").arg(m_visits); }

private:
    int m_visits = 0;
};

@MOC_INCLUDE@
)";

// An application that embeds the engine: links Relive::core from the package, nothing else.
const char embedCMake[] = R"(cmake_minimum_required(VERSION 3.21)
project(embedder LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
find_package(Relive REQUIRED)
add_executable(embedder main.cpp)
target_link_libraries(embedder PRIVATE Relive::core)
)";

// A QtCore-only embedder and its plugin: the package must not need Qt Gui or Widgets for it.
const char coreOnlyCMake[] = R"(cmake_minimum_required(VERSION 3.21)
project(coreonly LANGUAGES CXX)
find_package(Relive REQUIRED COMPONENTS core)
if(TARGET Qt${RELIVE_QT_MAJOR}::Widgets OR TARGET Qt${RELIVE_QT_MAJOR}::Gui)
  message(FATAL_ERROR "find_package(Relive COMPONENTS core) brought Qt Gui or Widgets in")
endif()
relive_add_plugin(counting NO_WIDGETS SOURCES counting.cpp METADATA counting.json)
if(TARGET Qt${RELIVE_QT_MAJOR}::Widgets)
  message(FATAL_ERROR "relive_add_plugin(NO_WIDGETS) brought Qt Widgets in")
endif()
)";

const char coreOnlySource[] = R"(#include <relive/livestate.h>
#include <QtCore/QObject>

class Counting : public QObject, public Relive::LiveState
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.example.Counting/1.0" FILE "counting.json")
    Q_INTERFACES(Relive::LiveState)
public:
    QVariantMap saveState() const override { return {{QStringLiteral("count"), m_count}}; }
    void restoreState(const QVariantMap &state) override { m_count = state.value(QStringLiteral("count")).toInt(); }
    Q_INVOKABLE int answer() { return ++m_count; }
private:
    int m_count = 0;
};
@MOC_INCLUDE@
)";

const char embedSource[] = R"(#include <relive/pluginhost.h>

#include <QtCore/QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Relive::PluginHost host;
    const QString artifact = QCoreApplication::arguments().value(1);
    if (!host.load(artifact)) {
        std::fprintf(stderr, "%s\n", qPrintable(host.errorString()));
        return 1;
    }
    const QString name = host.pluginLoadedFrom(artifact);
    const Relive::ModuleRecord record = host.record(name);
    std::printf("%s %s generation %d\n", qPrintable(name), qPrintable(record.version), record.generation);
    std::fflush(stdout);
    if (host.unload(name))
        return 0;
    std::fprintf(stderr, "not unloaded: %s\n", qPrintable(host.errorString()));
    return 3;
}
)";

QString greeterSource(const QString &greeting, int answer)
{
    QString source = QString::fromUtf8(projectSource);
    source.replace(QStringLiteral("@GREETING@"), greeting);
    source.replace(QStringLiteral("@ANSWER@"), QString::number(answer));
    // Spelled out here, not in the text above: AUTOMOC would take it for this file's own.
    source.replace(QStringLiteral("@MOC_INCLUDE@"), QStringLiteral("#include \"greeter.moc\""));
    return source;
}

/*! Deletes the widgets of a generation when the host unloads it, as every front end does. */
class WidgetOwner : public QObject
{
public:
    explicit WidgetOwner(PluginHost &host)
    {
        connect(&host, &PluginHost::aboutToUnload, this, [this] { widgets.clear(); }, Qt::DirectConnection);
    }
    std::vector<std::unique_ptr<QWidget>> widgets;
};

} // namespace

class TestSdkPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void exampleWorkspaceBuildsStandalone();
    void exampleArtifactIsSafeToReload_data();
    void exampleArtifactIsSafeToReload();
    void exampleCounterLoads();
    void publishingMakesItsFolderAndLeavesNoTemporary();
    void debugInfoIsLineTablesByDefault();
    void precompiledHeaderHoldsTheStateTemplates();
    void badDebugInfoSettingIsRefusedAtConfigure();
    void newProjectBuildsLoadsAndReloadsAfterAnEdit();
    void formsAndResourcesWorkWithoutSettings();
    void applicationEmbedsTheCore();
    void coreComponentNeedsQtCoreOnly();
    void unknownComponentIsRefused();
    void otherQtMajorIsRefusedAtConfigure();

private:
    /*! Configures and builds plugins/ on its own once; later calls return the first outcome. */
    bool buildExampleWorkspace(QByteArray *why);
    QString exampleArtifact(const QString &target) const
    {
        return m_temp.filePath(QStringLiteral("examples/plugins/%1.so").arg(target));
    }

    QTemporaryDir m_temp;
    bool m_exampleTried = false;
    bool m_exampleBuilt = false;
    QByteArray m_exampleWhy;
};

void TestSdkPackage::initTestCase()
{
    QVERIFY(m_temp.isValid());
    // The programs this suite runs keep their runtime folders here, away from other suites'
    // (a killed process's folder elsewhere would make them log its removal into their output).
    QVERIFY(PrivateXdg::useRuntimeFolder(m_temp.path()));
    QVERIFY2(QFileInfo(QStringLiteral(RELIVE_CMAKE_COMMAND)).isExecutable(), RELIVE_CMAKE_COMMAND);
    QVERIFY2(QFileInfo(QStringLiteral(RELIVE_MAKE_PROGRAM)).isExecutable(), RELIVE_MAKE_PROGRAM);
    for (const char *file : {"ReliveConfig.cmake", "ReliveConfigVersion.cmake", "ReliveTargets.cmake", "ReliveSdk.cmake"}) {
        const QString path = QStringLiteral(RELIVE_BUILD_DIR "/%1").arg(QLatin1String(file));
        QVERIFY2(QFileInfo::exists(path), qPrintable(path + QLatin1String(" is missing: the package is not exported")));
    }
}

bool TestSdkPackage::buildExampleWorkspace(QByteArray *why)
{
    if (!m_exampleTried) {
        m_exampleTried = true;
        const QString folder = m_temp.filePath(QStringLiteral("examples"));
        // No RELIVE_QT_MAJOR: the package must pick the Qt it was built with by itself.
        const ToolRun configured = configure(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), folder);
        if (!configured.ok()) {
            m_exampleWhy = configured.describe(QStringLiteral("configuring plugins/ standalone"));
        } else {
            const ToolRun built = build(folder);
            if (!built.ok())
                m_exampleWhy = built.describe(QStringLiteral("building plugins/ standalone"));
            else
                m_exampleBuilt = true;
        }
    }
    *why = m_exampleWhy;
    return m_exampleBuilt;
}

void TestSdkPackage::exampleWorkspaceBuildsStandalone()
{
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    for (const QString &target : {QStringLiteral("counter"), QStringLiteral("stopwatch")}) {
        const QString artifact = exampleArtifact(target);
        QVERIFY2(QFileInfo(artifact).isFile(), qPrintable(artifact + QLatin1String(" was not published")));
        // Published by rename: no temporary file is left beside it.
        QVERIFY2(!QFileInfo::exists(artifact + QStringLiteral(".publishing")), qPrintable(artifact));
    }
    // The workspace was built against this package, not against a copy of the sources.
    QFile cache(m_temp.filePath(QStringLiteral("examples/CMakeCache.txt")));
    QVERIFY(cache.open(QIODevice::ReadOnly));
    const QString cacheText = QString::fromUtf8(cache.readAll());
    const QRegularExpression reliveDir(QStringLiteral("^Relive_DIR:[A-Z]+=%1$")
                                           .arg(QRegularExpression::escape(QStringLiteral(RELIVE_BUILD_DIR))),
                                       QRegularExpression::MultilineOption);
    QVERIFY2(reliveDir.match(cacheText).hasMatch(), "Relive_DIR is not this build folder");
}

// What a host checks before it runs any code of the file: a whole ELF shared library, no
// STB_GNU_UNIQUE symbol (relive_add_plugin builds with -fno-gnu-unique), metadata of this Qt.
void TestSdkPackage::exampleArtifactIsSafeToReload_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("counter") << QStringLiteral("counter");
    QTest::newRow("stopwatch") << QStringLiteral("stopwatch");
}

void TestSdkPackage::exampleArtifactIsSafeToReload()
{
    QFETCH(QString, target);
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    const QString artifact = exampleArtifact(target);

    const ElfInspector elf(artifact);
    QVERIFY2(elf.isValid(), qPrintable(elf.errorString()));
    QVERIFY2(elf.uniqueSymbols().isEmpty(),
             qPrintable(QStringLiteral("STB_GNU_UNIQUE symbols (built without -fno-gnu-unique?): ")
                        + elf.uniqueSymbols().join(QStringLiteral(", "))));

    const PluginMetadata metadata = PluginMetadata::read(artifact);
    QVERIFY2(metadata.isQtPlugin(), qPrintable(metadata.errorString()));
    QCOMPARE(metadata.iid(), QStringLiteral(ReliveLivePlugin_iid));
    QCOMPARE(metadata.name(), target);
    QCOMPARE(metadata.qtVersion() >> 16, RELIVE_QT_MAJOR);
    const QString invalid = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), PluginMetadata::hostQtVersion());
    QVERIFY2(invalid.isEmpty(), qPrintable(invalid));
}

void TestSdkPackage::exampleCounterLoads()
{
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    const QString artifact = exampleArtifact(QStringLiteral("counter"));
    const QString name = QStringLiteral("counter");

    PluginHost host;
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QCOMPARE(host.pluginLoadedFrom(artifact), name);
    const ModuleRecord record = host.record(name);
    QCOMPARE(record.generation, 1);
    QCOMPARE(record.version, QStringLiteral("1.0.0"));
    QCOMPARE(record.metaData.value(QStringLiteral("MetaData")).toObject().value(QStringLiteral("Name")).toString(), name);
    QVERIFY(host.livePlugin(name));
    QVERIFY(QMetaObject::invokeMethod(host.instance(name), "increment", Qt::DirectConnection));
    QCOMPARE(host.instance(name)->property("count").toInt(), 1);

    QVERIFY2(host.unload(name), qPrintable(host.errorString()));
    QVERIFY2(!LibraryMappings::isMapped(record.shadowPath), "the standalone build cannot be unloaded");
}

// The publish step is one `cmake -P` of ReliveSdk.cmake: it makes the output folder, copies the
// staged library beside its final path and renames it over (docs/ARCHITECTURE.md rule 7).
void TestSdkPackage::publishingMakesItsFolderAndLeavesNoTemporary()
{
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    const QString artifact = exampleArtifact(QStringLiteral("counter"));
    const QString staged = m_temp.filePath(QStringLiteral("examples/.relive-staging/counter.so"));
    QVERIFY2(QFileInfo(staged).isFile(), qPrintable(staged));
    // Without its folder and its staged library, the next build links again and publishes anew.
    QVERIFY(QDir(QFileInfo(artifact).absolutePath()).removeRecursively());
    QVERIFY(QFile::remove(staged));
    const ToolRun built = build(m_temp.filePath(QStringLiteral("examples")));
    QVERIFY2(built.ok(), built.describe(QStringLiteral("rebuilding without the plugins folder")).constData());
    QVERIFY2(QFileInfo(artifact).isFile(), qPrintable(artifact + QLatin1String(" was not published again")));
    QVERIFY2(!QFileInfo::exists(artifact + QStringLiteral(".publishing")), qPrintable(artifact));
    QCOMPARE(sha256Of(artifact), sha256Of(staged));
    // A copy, not the staged file itself: the next link rewrites the staged one in place.
    struct stat published = {}, linked = {};
    QVERIFY(::stat(QFile::encodeName(artifact).constData(), &published) == 0);
    QVERIFY(::stat(QFile::encodeName(staged).constData(), &linked) == 0);
    QVERIFY(published.st_ino != linked.st_ino);
    QVERIFY2(!(QFile::permissions(artifact) & QFileDevice::WriteOther), "published world-writable: the host refuses it");
    PluginHost host;
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QVERIFY2(host.unload(QStringLiteral("counter")), qPrintable(host.errorString()));
}

// RELIVE_DEBUG_INFO defaults to "lines": file, line and function (what crash backtraces and
// breakpoints need), no local variables (the compile is cheaper: bench/RESULTS.md, issue 13).
void TestSdkPackage::debugInfoIsLineTablesByDefault()
{
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    const ToolRun dump = runTool(QStringLiteral("readelf"),
                                 {QStringLiteral("--debug-dump=info"), exampleArtifact(QStringLiteral("counter"))}, 60000);
    QVERIFY2(dump.ok(), dump.describe(QStringLiteral("readelf")).constData());
    // The plugin's own functions are described, with their file and line...
    QVERIFY2(dump.output.contains(QLatin1String("DW_TAG_subprogram")), "no function in the debug info");
    QVERIFY2(dump.output.contains(QLatin1String("counterplugin.cpp")), "the debug info does not name the source");
    // ...and not their parameters: what -g would add.
    QVERIFY2(!dump.output.contains(QLatin1String("DW_TAG_formal_parameter")), "parameters in the debug info: full -g?");
}

// QVariantMap's templates (a plugin's state code) are instantiated once, in the precompiled
// header, not in every compile of a plugin source: they were a quarter of the counter example's
// compile (bench/RESULTS.md, issue 13). Built with clang++, whose -ftime-trace lists every
// instantiation a compile does. A plugin that forbids casts from char * (its own PCH) builds too.
void TestSdkPackage::precompiledHeaderHoldsTheStateTemplates()
{
    const QString clang = QStandardPaths::findExecutable(QStringLiteral("clang++"));
    if (clang.isEmpty())
        RELIVE_MISSING_TOOL("clang++ is not installed: run scripts/install-deps.sh");
    const QString source = m_temp.filePath(QStringLiteral("templates"));
    const QString folder = m_temp.filePath(QStringLiteral("templates-build"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"),
                      QString::fromUtf8(projectCMake)
                          + QStringLiteral("relive_add_plugin(strict SOURCES strict.cpp METADATA greeter.json)\n"
                                           "target_compile_definitions(strict PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII)\n")));
    QVERIFY(writeText(source + QStringLiteral("/greeter.json"), QString::fromUtf8(projectMetadata)));
    QVERIFY(writeText(source + QStringLiteral("/greeter.cpp"), greeterSource(QStringLiteral("Hello"), 41)));
    QVERIFY(writeText(source + QStringLiteral("/strict.cpp"),
                      greeterSource(QStringLiteral("Hello"), 42).replace(QStringLiteral("greeter.moc"), QStringLiteral("strict.moc"))));
    const ToolRun configured = configure(source, folder,
                                         {QStringLiteral("-DCMAKE_CXX_COMPILER=") + clang, QStringLiteral("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")});
    QVERIFY2(configured.ok(), configured.describe(QStringLiteral("configuring with clang++")).constData());
    const ToolRun built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("building with clang++")).constData());
    QFile strictPch(folder + QStringLiteral("/CMakeFiles/strict.dir/cmake_pch.hxx"));
    QVERIFY2(strictPch.open(QIODevice::ReadOnly), "the strict plugin has no precompiled header of its own");
    QVERIFY2(strictPch.readAll().contains("relive/precompiledtemplates.h"), qPrintable(strictPch.fileName()));

    // greeter.cpp's own command, traced.
    QFile database(folder + QStringLiteral("/compile_commands.json"));
    QVERIFY(database.open(QIODevice::ReadOnly));
    QString command;
    for (const QJsonValue &entry : QJsonDocument::fromJson(database.readAll()).array()) {
        if (entry.toObject().value(QStringLiteral("file")).toString().endsWith(QStringLiteral("/greeter.cpp")))
            command = entry.toObject().value(QStringLiteral("command")).toString();
    }
    QVERIFY2(command.contains(QStringLiteral("-include-pch")), qPrintable(command));
    const QString traced = m_temp.filePath(QStringLiteral("traced.o"));
    command = command.section(QStringLiteral(" -o "), 0, 0) + QStringLiteral(" -o ") + traced + QLatin1Char(' ')
              + command.section(QStringLiteral(" -o "), 1).section(QLatin1Char(' '), 1)
              + QStringLiteral(" -ftime-trace -ftime-trace-granularity=0");
    const ToolRun compiled = runTool(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("cd '%1' && %2").arg(folder, command)},
                                     buildTimeoutMs);
    QVERIFY2(compiled.ok(), compiled.describe(command).constData());
    QFile trace(m_temp.filePath(QStringLiteral("traced.json")));
    QVERIFY2(trace.open(QIODevice::ReadOnly), "clang++ -ftime-trace wrote no trace");
    int instantiations = 0;
    QStringList ofTheMap;
    for (const QJsonValue &event : QJsonDocument::fromJson(trace.readAll()).object().value(QStringLiteral("traceEvents")).toArray()) {
        const QString name = event.toObject().value(QStringLiteral("name")).toString();
        const QString detail = event.toObject().value(QStringLiteral("args")).toObject().value(QStringLiteral("detail")).toString();
        if (name != QLatin1String("InstantiateFunction") && name != QLatin1String("InstantiateClass"))
            continue;
        ++instantiations;
        if (detail.startsWith(QLatin1String("QMap<QString, QVariant>")))
            ofTheMap << detail;
    }
    QVERIFY2(instantiations > 0, "the trace lists no instantiation at all: it cannot show the map's");
    QVERIFY2(ofTheMap.isEmpty(), qPrintable(ofTheMap.join(QLatin1Char('\n'))));
}

void TestSdkPackage::badDebugInfoSettingIsRefusedAtConfigure()
{
    const ToolRun configured = configure(QStringLiteral(RELIVE_SOURCE_DIR "/plugins"), m_temp.filePath(QStringLiteral("bad-debug-info")),
                                         {QStringLiteral("-DRELIVE_DEBUG_INFO=everything")});
    QVERIFY2(!configured.ok(), "an unknown RELIVE_DEBUG_INFO was accepted");
    QVERIFY2(configured.output.contains(QLatin1String("RELIVE_DEBUG_INFO is 'everything': use lines, full, none or default")),
             qPrintable(configured.output));
}

// The loop a user lives in: write a plugin, build it, load it; edit, rebuild, reload; the new
// code runs with the old state.
void TestSdkPackage::newProjectBuildsLoadsAndReloadsAfterAnEdit()
{
    const QString source = m_temp.filePath(QStringLiteral("greeter"));
    const QString folder = m_temp.filePath(QStringLiteral("greeter-build"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"), QString::fromUtf8(projectCMake)));
    QVERIFY(writeText(source + QStringLiteral("/greeter.json"), QString::fromUtf8(projectMetadata)));
    QVERIFY(writeText(source + QStringLiteral("/greeter.cpp"), greeterSource(QStringLiteral("Hello"), 41)));

    const ToolRun configured = configure(source, folder, {QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(RELIVE_QT_MAJOR)});
    QVERIFY2(configured.ok(), configured.describe(QStringLiteral("configuring the new project")).constData());
    ToolRun built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("building the new project")).constData());
    const QString artifact = folder + QStringLiteral("/plugins/greeter.so");
    QVERIFY2(QFileInfo(artifact).isFile(), qPrintable(artifact + QLatin1String(" was not published")));
    const ElfInspector elf(artifact);
    QVERIFY2(elf.isValid(), qPrintable(elf.errorString()));
    QVERIFY2(elf.uniqueSymbols().isEmpty(), qPrintable(elf.uniqueSymbols().join(QStringLiteral(", "))));
    const QByteArray firstHash = sha256Of(artifact);

    const QString name = QStringLiteral("greeter");
    PluginHost host;
    WidgetOwner owner(host);
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QCOMPARE(host.record(name).version, QStringLiteral("1.0.0"));
    QCOMPARE(host.record(name).description, QStringLiteral("Written by tst_sdkpackage"));
    QObject *first = host.instance(name);
    QCOMPARE(answerOf(first), 41);
    for (int i = 0; i < 3; ++i)
        QVERIFY(QMetaObject::invokeMethod(first, "visit", Qt::DirectConnection));
    QCOMPARE(greetingOf(first), QStringLiteral("Hello, visitor 3"));
    QString error;
    owner.widgets.emplace_back(host.createWidget(name, nullptr, &error));
    QVERIFY2(owner.widgets.back(), qPrintable(error));
    const ModuleRecord firstRecord = host.record(name);

    // The edit: both the text and the number change, so neither can come from the old code.
    QVERIFY(writeText(source + QStringLiteral("/greeter.cpp"), greeterSource(QStringLiteral("Goodbye"), 42)));
    built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("rebuilding after the edit")).constData());
    QVERIFY2(sha256Of(artifact) != firstHash, "the rebuild did not change the artifact");

    QVERIFY2(host.reload(name, artifact), qPrintable(host.errorString()));
    QObject *second = host.instance(name);
    QVERIFY(second && second != first);
    QCOMPARE(host.record(name).generation, 2);
    QCOMPARE(answerOf(second), 42);
    QCOMPARE(greetingOf(second), QStringLiteral("Goodbye, visitor 3")); // new code, carried state
    QVERIFY2(owner.widgets.empty(), "the first generation's widget was not released on unload");
    owner.widgets.emplace_back(host.createWidget(name, nullptr, &error));
    auto *label = qobject_cast<QLabel *>(owner.widgets.back().get());
    QVERIFY2(label, qPrintable(error));
    QCOMPARE(label->text(), QStringLiteral("Goodbye, visitor 3"));

    QVERIFY2(!LibraryMappings::isMapped(firstRecord.shadowPath), "the first build is still mapped after the reload");
    QVERIFY(LibraryMappings::isMapped(host.record(name).shadowPath));
    QVERIFY2(host.unload(name), qPrintable(host.errorString()));
}

// A plugin that lists a Designer form and a resource file in relive_add_plugin() and sets
// nothing else, as Qt Creator's templates do with CMAKE_AUTOUIC/AUTORCC: the form's header
// and the resource are made by the SDK.
void TestSdkPackage::formsAndResourcesWorkWithoutSettings()
{
    const QString source = m_temp.filePath(QStringLiteral("formed"));
    const QString folder = m_temp.filePath(QStringLiteral("formed-build"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"),
                      QStringLiteral("cmake_minimum_required(VERSION 3.21)\nproject(formed LANGUAGES CXX)\n"
                                     "find_package(Relive REQUIRED)\n"
                                     "relive_add_plugin(formed SOURCES formed.cpp formed.ui formed.qrc METADATA formed.json)\n")));
    QVERIFY(writeText(source + QStringLiteral("/formed.json"), QStringLiteral("{ \"Name\": \"formed\", \"Version\": \"1.0.0\" }\n")));
    QVERIFY(writeText(source + QStringLiteral("/formed.qrc"),
                      QStringLiteral("<RCC><qresource prefix=\"/formed\"><file>words.txt</file></qresource></RCC>\n")));
    QVERIFY(writeText(source + QStringLiteral("/words.txt"), QStringLiteral("from the resource")));
    QVERIFY(writeText(source + QStringLiteral("/formed.ui"), QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ui version=\"4.0\"><class>Formed</class>\n"
        "<widget class=\"QWidget\" name=\"Formed\"><layout class=\"QVBoxLayout\" name=\"layout\">\n"
        "<item><widget class=\"QLabel\" name=\"title\"><property name=\"text\"><string>from the form</string></property></widget></item>\n"
        "</layout></widget></ui>\n")));
    QString plugin = QStringLiteral(
        "#include \"ui_formed.h\"\n#include <relive/liveplugin.h>\n#include <QtCore/QFile>\n"
        "class Formed : public QObject, public Relive::LivePlugin {\n"
        "    Q_OBJECT\n    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"formed.json\")\n    Q_INTERFACES(Relive::LivePlugin)\n"
        "public:\n"
        "    QWidget *createWidget(QWidget *parent) override { auto *w = new QWidget(parent); Ui::Formed ui; ui.setupUi(w); return w; }\n"
        "    Q_INVOKABLE QString greeting() const {\n"
        "        QWidget form; Ui::Formed ui; ui.setupUi(&form);\n"
        "        QFile words(QStringLiteral(\":/formed/words.txt\"));\n"
        "        return ui.title->text() + QLatin1String(\", \") + (words.open(QIODevice::ReadOnly) ? QString::fromUtf8(words.readAll()) : QString());\n"
        "    }\n"
        "    QVariantMap saveState() const override { return {}; }\n"
        "    void restoreState(const QVariantMap &) override {}\n"
        "};\n@MOC_INCLUDE@\n");
    // Spelled out here: AUTOMOC would take it for this file's own.
    plugin.replace(QStringLiteral("@MOC_INCLUDE@"), QStringLiteral("#include \"formed.moc\""));
    QVERIFY(writeText(source + QStringLiteral("/formed.cpp"), plugin));

    const ToolRun configured = configure(source, folder, {QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(RELIVE_QT_MAJOR)});
    QVERIFY2(configured.ok(), configured.describe(QStringLiteral("configuring the plugin with a form")).constData());
    const ToolRun built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("building the plugin with a form")).constData());
    PluginHost host;
    WidgetOwner owner(host);
    QVERIFY2(host.load(folder + QStringLiteral("/plugins/formed.so")), qPrintable(host.errorString()));
    QCOMPARE(greetingOf(host.instance(QStringLiteral("formed"))), QStringLiteral("from the form, from the resource"));
    QVERIFY2(host.unload(QStringLiteral("formed")), qPrintable(host.errorString()));
}

// relive-core embedded in another program through the same package: Relive::core brings its
// headers (with the generated export header), its library and QtCore.
void TestSdkPackage::applicationEmbedsTheCore()
{
    QByteArray why;
    QVERIFY2(buildExampleWorkspace(&why), why.constData());
    const QString source = m_temp.filePath(QStringLiteral("embedder"));
    const QString folder = m_temp.filePath(QStringLiteral("embedder-build"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"), QString::fromUtf8(embedCMake)));
    QVERIFY(writeText(source + QStringLiteral("/main.cpp"), QString::fromUtf8(embedSource)));
    const ToolRun configured = configure(source, folder);
    QVERIFY2(configured.ok(), configured.describe(QStringLiteral("configuring the embedding application")).constData());
    const ToolRun built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("building the embedding application")).constData());

    const ToolRun ran = runTool(folder + QStringLiteral("/embedder"), {exampleArtifact(QStringLiteral("counter"))}, 30000);
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    QVERIFY2(ran.ok(), ran.describe(QStringLiteral("running the embedding application")).constData());
    QCOMPARE(ran.output.trimmed(), QStringLiteral("counter 1.0.0 generation 1"));
#else
    // A QtCore-only host has no QWidget* metatype of its own, so the plugin's moc code registers
    // it, with functions in the plugin. Qt 5 cannot take that back: the host keeps the library
    // mapped and says why, rather than leave Qt pointing into unmapped code.
    QVERIFY2(ran.finished && ran.exitCode == 3, ran.describe(QStringLiteral("running the embedding application")).constData());
    QVERIFY2(ran.output.contains(QStringLiteral("counter 1.0.0 generation 1"))
                 && ran.output.contains(QStringLiteral("Q_DECLARE_METATYPE (QWidget*)")),
             ran.describe(QStringLiteral("running the embedding application")).constData());
#endif
}

// find_package(Relive COMPONENTS core) and relive_add_plugin(NO_WIDGETS): QtCore only, in the
// configure (the project fails otherwise), in the plugin's links and in its precompiled header;
// and the plugin, of its own IID, keeps its state across a reload through Relive::LiveState.
void TestSdkPackage::coreComponentNeedsQtCoreOnly()
{
    const QString source = m_temp.filePath(QStringLiteral("coreonly"));
    const QString folder = m_temp.filePath(QStringLiteral("coreonly-build"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"), QString::fromUtf8(coreOnlyCMake)));
    QVERIFY(writeText(source + QStringLiteral("/counting.json"), QStringLiteral("{\"Name\": \"counting\", \"Version\": \"1.0\"}\n")));
    // Not written out here: AutoMoc would take it for this file's own moc include.
    QVERIFY(writeText(source + QStringLiteral("/counting.cpp"), QString::fromUtf8(coreOnlySource)
                                                                   .replace(QStringLiteral("@MOC_INCLUDE@"),
                                                                            QStringLiteral("#include \"counting.moc\""))));
    const ToolRun configured = configure(source, folder);
    QVERIFY2(configured.ok(), configured.describe(QStringLiteral("configuring the QtCore-only project")).constData());
    const ToolRun built = build(folder);
    QVERIFY2(built.ok(), built.describe(QStringLiteral("building the QtCore-only plugin")).constData());
    const QString artifact = folder + QStringLiteral("/plugins/counting.so");
    const ElfLinkInfo link = ElfLinkInfo::read(artifact);
    QVERIFY2(!link.needed.isEmpty(), qPrintable(artifact));
    QVERIFY2(!link.needed.join(QLatin1Char(' ')).contains(QStringLiteral("Widgets"))
                 && !link.needed.join(QLatin1Char(' ')).contains(QStringLiteral("Gui")),
             qPrintable(link.needed.join(QStringLiteral(", "))));
    // The shared PCH of the QtCore-only plugins has no QtWidgets.
    QFile pch(folder + QStringLiteral("/CMakeFiles/relive_pch_core.dir/cmake_pch.hxx"));
    QVERIFY2(pch.open(QIODevice::ReadOnly), qPrintable(pch.fileName()));
    const QByteArray headers = pch.readAll();
    QVERIFY2(headers.contains("QtCore/QObject") && !headers.contains("QtWidgets"), headers.constData());

    PluginHost host(QStringLiteral("org.example.Counting/1.0"));
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QVERIFY(host.liveState(QStringLiteral("counting")));
    QVERIFY(!host.livePlugin(QStringLiteral("counting")));
    QCOMPARE(answerOf(host.instance(QStringLiteral("counting"))), 1);
    QCOMPARE(answerOf(host.instance(QStringLiteral("counting"))), 2);
    QVERIFY2(host.reload(QStringLiteral("counting"), artifact), qPrintable(host.errorString()));
    QCOMPARE(host.record(QStringLiteral("counting")).generation, 2);
    QCOMPARE(answerOf(host.instance(QStringLiteral("counting"))), 3); // carried, not reset
    QVERIFY2(host.unload(QStringLiteral("counting")), qPrintable(host.errorString()));
}

void TestSdkPackage::unknownComponentIsRefused()
{
    const QString source = m_temp.filePath(QStringLiteral("badcomponent"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"),
                      QStringLiteral("cmake_minimum_required(VERSION 3.21)\nproject(bad LANGUAGES CXX)\n"
                                     "find_package(Relive REQUIRED COMPONENTS gui)\n")));
    const ToolRun configured = configure(source, m_temp.filePath(QStringLiteral("badcomponent-build")));
    QVERIFY2(configured.finished && configured.exitCode != 0, configured.describe(QStringLiteral("configuring")).constData());
    QVERIFY2(configured.output.simplified().contains(QStringLiteral("Relive has no component 'gui' (it has core and widgets)")),
             configured.describe(QStringLiteral("configuring")).constData());
}

// The package is for the Qt it was built with: a workspace asking for the other one is told
// so at configure time, not with a plugin the host refuses later.
void TestSdkPackage::otherQtMajorIsRefusedAtConfigure()
{
    const int otherMajor = RELIVE_QT_MAJOR == 6 ? 5 : 6;
    const QString source = m_temp.filePath(QStringLiteral("wrong-qt"));
    QVERIFY(writeText(source + QStringLiteral("/CMakeLists.txt"), QString::fromUtf8(projectCMake)));
    QVERIFY(writeText(source + QStringLiteral("/greeter.json"), QString::fromUtf8(projectMetadata)));
    QVERIFY(writeText(source + QStringLiteral("/greeter.cpp"), greeterSource(QStringLiteral("Hello"), 1)));
    const ToolRun configured = configure(source, m_temp.filePath(QStringLiteral("wrong-qt-build")),
                                         {QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(otherMajor)});
    QVERIFY2(configured.finished, configured.describe(QStringLiteral("configuring for the other Qt")).constData());
    QVERIFY2(configured.exitCode != 0, configured.describe(QStringLiteral("configuring for the other Qt")).constData());
    const QString expected = QStringLiteral("This Relive was built against Qt %1, not Qt %2").arg(RELIVE_QT_MAJOR).arg(otherMajor);
    QVERIFY2(configured.output.simplified().contains(expected),
             configured.describe(QStringLiteral("configuring for the other Qt")).constData());
}

QTEST_MAIN(TestSdkPackage)
#include "tst_sdkpackage.moc"
