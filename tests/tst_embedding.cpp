// Relive embedded in an app of its own interface: examples/embedding (the text tool and its
// filters, IID org.example.TextFilter/1.0) copied out of the tree and built against this build's
// Relive package with the real cmake, Ninja and compiler; a filter's source edited and rebuilt
// while a PluginAgent (in this process) or the example app (a process of its own) runs it; the
// trial run and relive-cli judging by the app's IID.
#include <relive/liveinstance.h>
#include <relive/pluginagent.h>
#include <relive/pluginhost.h>
#include <relive/pluginprobe.h>

#include "../examples/embedding/textfilter.h"
#include "toolrun.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QWidget>

#include <memory>

using namespace Relive;

namespace {

const QString upperStatement = QStringLiteral("return text.toUpper();");

} // namespace

class TestEmbedding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agentReloadsAnEditedFilterWithItsState();
    void probeJudgesByTheHostsIid();
    void cliInspectAndLoadTakeIid();
    void exampleAppReloadsItsFiltersLive();
    void pluginBuiltAgainstTheOldSdkStillWorks();

private:
    /*! upper.cpp with its apply() returning \a statement, and restoreState() prefixed by \a restore. */
    void editUpper(const QString &statement, const QString &restore = QString());
    ToolRun buildUpper();
    QString filters() const { return m_build + QStringLiteral("/filters"); }
    QString upperFile() const { return filters() + QStringLiteral("/texttool_upper.so"); }

    QTemporaryDir m_temp;
    QString m_source;
    QString m_build;
    QByteArray m_upperSource;
};

void TestEmbedding::initTestCase()
{
    QVERIFY(m_temp.isValid());
    // The probe the agent runs: this build's, whatever is installed.
    qputenv("RELIVE_PROBE", RELIVE_PROBE_EXECUTABLE);
    m_source = m_temp.filePath(QStringLiteral("texttool"));
    m_build = m_temp.filePath(QStringLiteral("texttool-build"));
    QVERIFY(copyFolder(QStringLiteral(RELIVE_SOURCE_DIR "/examples/embedding"), m_source));
    QFile upper(m_source + QStringLiteral("/filters/upper/upper.cpp"));
    QVERIFY(upper.open(QIODevice::ReadOnly));
    m_upperSource = upper.readAll();
    QVERIFY(m_upperSource.contains(upperStatement.toUtf8()));

    QByteArray error;
    QVERIFY2(configureAndBuild(m_source, m_build, QStringLiteral("the example"), &error), error.constData());
    QVERIFY(QFileInfo::exists(upperFile()));
}

void TestEmbedding::editUpper(const QString &statement, const QString &restore)
{
    QByteArray source = m_upperSource;
    source.replace(upperStatement.toUtf8(), statement.toUtf8());
    if (!restore.isEmpty())
        source.replace("m_calls = state.value", restore.toUtf8() + " m_calls = state.value");
    QFile file(m_source + QStringLiteral("/filters/upper/upper.cpp"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(file.write(source) == source.size());
}

ToolRun TestEmbedding::buildUpper()
{
    return runTool(QStringLiteral(RELIVE_CMAKE_COMMAND),
                   {QStringLiteral("--build"), m_build, QStringLiteral("--target"), QStringLiteral("texttool_upper")});
}

// The app's own interface, a QtCore-only filter: the agent swaps in each rebuild with its state,
// the typed handle follows, and a generation that crashes in its trial leaves the old one live.
void TestEmbedding::agentReloadsAnEditedFilterWithItsState()
{
    QStringList dropped; // before the agent: its destructor's unloads still call the hooks
    QStringList taken;
    PluginAgent agent(QStringLiteral(TextFilter_iid));
    agent.setHooks([&dropped](const QString &name, QObject *) { dropped << name; },
                   [&taken](const QString &name, QObject *) { taken << name; });
    QCOMPARE(agent.start(filters()), 2);
    QCOMPARE(agent.plugins(), QStringList({QStringLiteral("reverse"), QStringLiteral("upper")}));
    QCOMPARE(taken, QStringList({QStringLiteral("reverse"), QStringLiteral("upper")}));

    LiveInstance<TextFilter> upper(&agent, QStringLiteral("upper"));
    LiveInstance<TextFilter> reverse(&agent, QStringLiteral("reverse"));
    QVERIFY(upper);
    QCOMPARE(upper->apply(QStringLiteral("abc")), QStringLiteral("ABC"));
    QCOMPARE(upper->apply(QStringLiteral("def")), QStringLiteral("DEF"));
    QCOMPARE(reverse->apply(QStringLiteral("abc")), QStringLiteral("cba"));
    QCOMPARE(agent.host()->saveState(QStringLiteral("upper")).value(QStringLiteral("calls")).toInt(), 2);
    QSignalSpy leaving(&upper, &LiveHandle::aboutToBeReplaced);
    QSignalSpy replaced(&upper, &LiveHandle::replaced);
    QSignalSpy failed(&agent, &PluginAgent::loadFailed);

    editUpper(QStringLiteral("return text.toUpper() + QStringLiteral(\"!\");"));
    const ToolRun built = buildUpper();
    QVERIFY2(built.ok(), built.describe(QStringLiteral("rebuilding upper")).constData());
    QTRY_COMPARE_WITH_TIMEOUT(replaced.count(), 1, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.constFirst().at(1).toString()));
    QCOMPARE(replaced.constFirst().at(0).toInt(), 2);
    QCOMPARE(leaving.count(), 1);
    QCOMPARE(dropped, QStringList{QStringLiteral("upper")});
    QCOMPARE(upper.generation(), 2);
    QCOMPARE(upper->apply(QStringLiteral("abc")), QStringLiteral("ABC!"));
    // Carried: two calls of generation 1, one of generation 2.
    QCOMPARE(agent.host()->saveState(QStringLiteral("upper")).value(QStringLiteral("calls")).toInt(), 3);

    // A generation that crashes while taking the state: refused by its trial run, in a child.
    editUpper(QStringLiteral("return text.toUpper() + QStringLiteral(\"?\");"), QStringLiteral("qFatal(\"upper refuses the state\");"));
    const ToolRun crashing = buildUpper();
    QVERIFY2(crashing.ok(), crashing.describe(QStringLiteral("building the crashing upper")).constData());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QCOMPARE(failed.constFirst().at(0).toString(), QStringLiteral("upper"));
    const QString error = failed.constFirst().at(1).toString();
    QVERIFY2(error.contains(QStringLiteral("SIGABRT")) && error.contains(QStringLiteral("restoreState()")), qPrintable(error));
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(upper.generation(), 2);
    QCOMPARE(upper->apply(QStringLiteral("abc")), QStringLiteral("ABC!"));
    QCOMPARE(agent.host()->saveState(QStringLiteral("upper")).value(QStringLiteral("calls")).toInt(), 4);
}

// The trial run in a child judges the plugin as the host would: by the host's IID.
void TestEmbedding::probeJudgesByTheHostsIid()
{
    PluginProbe::Settings settings;
    settings.enabled = true;
    settings.program = QStringLiteral(RELIVE_PROBE_EXECUTABLE);
    settings.iid = QStringLiteral(TextFilter_iid);
    PluginProbe probe;
    probe.setSettings(settings);
    const QString reverse = filters() + QStringLiteral("/texttool_reverse.so");
    const PluginProbe::Result passed = probe.run(reverse, {}, false);
    QVERIFY2(passed.passed, qPrintable(passed.error));
    QCOMPARE(passed.lastStep, QStringLiteral("unload")); // no createWidget step: a filter has no widget

    settings.iid = QStringLiteral("org.example.Other/1.0");
    probe.setSettings(settings);
    const PluginProbe::Result refused = probe.run(reverse, {}, false);
    QCOMPARE(refused.outcome, PluginProbe::Outcome::Refused);
    QVERIFY2(refused.error.contains(QStringLiteral("wrong plugin interface: it is a Qt plugin for \"org.example.TextFilter/1.0\", "
                                                   "this host loads \"org.example.Other/1.0\"")),
             qPrintable(refused.error));

    // relive-cli probe, as a host would run it: the app's IID passes, the default one is refused.
    const QString cli = QStringLiteral(RELIVE_CLI_EXECUTABLE);
    const QByteArray state = R"({"state": {"calls": 41}})";
    const ToolRun ok = runTool(cli, {QStringLiteral("probe"), QStringLiteral("--iid"), QStringLiteral(TextFilter_iid),
                                     filters() + QStringLiteral("/texttool_reverse.so")}, "{}");
    QVERIFY2(ok.ok() && ok.output.contains(QStringLiteral("ok {\"plugin\":\"reverse\"}")), ok.describe(QStringLiteral("probe --iid")).constData());
    const ToolRun withState = runTool(cli, {QStringLiteral("probe"), QStringLiteral("--iid"), QStringLiteral(TextFilter_iid),
                                            filters() + QStringLiteral("/texttool_reverse.so")}, state);
    QVERIFY2(withState.ok(), withState.describe(QStringLiteral("probe --iid of a plugin without state")).constData());
    const ToolRun wrong = runTool(cli, {QStringLiteral("probe"), filters() + QStringLiteral("/texttool_reverse.so")}, "{}");
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.output.contains(QStringLiteral("this host loads \"org.relive.LivePlugin/1.0\"")),
             wrong.describe(QStringLiteral("probe without --iid")).constData());
}

void TestEmbedding::cliInspectAndLoadTakeIid()
{
    const QString cli = QStringLiteral(RELIVE_CLI_EXECUTABLE);
    const QString reverse = filters() + QStringLiteral("/texttool_reverse.so");
    const ToolRun inspected = runTool(cli, {QStringLiteral("inspect"), QStringLiteral("--json"), QStringLiteral("--iid"),
                                            QStringLiteral(TextFilter_iid), reverse});
    QVERIFY2(inspected.ok() && inspected.output.contains(QStringLiteral("\"loadable\":true")),
             inspected.describe(QStringLiteral("inspect --iid")).constData());
    const ToolRun refused = runTool(cli, {QStringLiteral("inspect"), QStringLiteral("--json"), reverse});
    QVERIFY2(refused.ok() && refused.output.contains(QStringLiteral("\"loadable\":false")),
             refused.describe(QStringLiteral("inspect without --iid")).constData());

    const ToolRun loaded = runTool(cli, {QStringLiteral("load"), QStringLiteral("--json"), QStringLiteral("--iid"),
                                         QStringLiteral(TextFilter_iid), reverse});
    QVERIFY2(loaded.ok() && loaded.output.contains(QStringLiteral("\"unload\":\"unloaded\"")),
             loaded.describe(QStringLiteral("load --iid")).constData());
    const ToolRun wrong = runTool(cli, {QStringLiteral("load"), reverse});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.errors.contains(QStringLiteral("wrong plugin interface")), wrong.describe(QStringLiteral("load without --iid")).constData());
}

// The example app, a process of its own, offscreen: its filter edited and rebuilt, the app
// shows the new result with the state carried. And the same app without Relive.
void TestEmbedding::exampleAppReloadsItsFiltersLive()
{
    const QString app = m_build + QStringLiteral("/texttool");
    editUpper(upperStatement);
    const ToolRun restored = buildUpper();
    QVERIFY2(restored.ok(), restored.describe(QStringLiteral("rebuilding upper")).constData());

    const ToolRun plain = runTool(app, {QStringLiteral("--no-relive"), QStringLiteral("--apply"), QStringLiteral("abc")}, {}, 60000);
    QVERIFY2(plain.ok() && plain.output.contains(QStringLiteral("reverse: cba")) && plain.output.contains(QStringLiteral("upper: ABC")),
             plain.describe(QStringLiteral("texttool --no-relive")).constData());

    QProcess process;
    process.start(app, {QStringLiteral("--trace"), QStringLiteral("abc")});
    QVERIFY(process.waitForStarted(30000));
    QString output;
    const auto said = [&](const QString &line) {
        process.waitForReadyRead(100);
        output += QString::fromLocal8Bit(process.readAllStandardOutput());
        return output.contains(line);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(said(QStringLiteral("upper 1: ABC {\"calls\":1}")), qPrintable(output), 30000);
    editUpper(QStringLiteral("return text.toUpper() + QStringLiteral(\"?\");"));
    const ToolRun built = buildUpper();
    QVERIFY2(built.ok(), built.describe(QStringLiteral("rebuilding upper")).constData());
    // A fresh instance would say 1: the count of generation 1 was carried.
    QTRY_VERIFY2_WITH_TIMEOUT(said(QStringLiteral("upper 2: ABC? {\"calls\":2}")), qPrintable(output), 60000);
    QVERIFY2(!output.contains(QStringLiteral("refused")), qPrintable(output));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

// LivePlugin now extends LiveState: a plugin built against Relive 0.1's header (tests/sdk01,
// where LivePlugin declared createWidget() first) must find every function in its vtable slot.
void TestEmbedding::pluginBuiltAgainstTheOldSdkStillWorks()
{
    const QString source = m_temp.filePath(QStringLiteral("old"));
    const QString build = m_temp.filePath(QStringLiteral("old-build"));
    QDir().mkpath(source);
    QFile cmake(source + QStringLiteral("/CMakeLists.txt"));
    QVERIFY(cmake.open(QIODevice::WriteOnly));
    cmake.write(QStringLiteral(R"(cmake_minimum_required(VERSION 3.21)
project(old LANGUAGES CXX)
set(CMAKE_AUTOMOC ON)
find_package(Qt%1 REQUIRED COMPONENTS Widgets)
add_library(old MODULE old.cpp)
set_target_properties(old PROPERTIES PREFIX "" CXX_STANDARD 17)
target_include_directories(old PRIVATE "%2")
target_compile_options(old PRIVATE -fno-gnu-unique)
target_link_libraries(old PRIVATE Qt%1::Widgets)
)").arg(RELIVE_QT_MAJOR).arg(QStringLiteral(RELIVE_SOURCE_DIR "/tests/sdk01")).toUtf8());
    cmake.close();
    QFile plugin(source + QStringLiteral("/old.cpp"));
    QVERIFY(plugin.open(QIODevice::WriteOnly));
    plugin.write(QByteArray(R"(#include <relive/liveplugin.h>
#include <QtWidgets/QLabel>
class Old : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "old.json")
    Q_INTERFACES(Relive::LivePlugin)
public:
    QWidget *createWidget(QWidget *parent) override { return new QLabel(m_text, parent); }
    QVariantMap saveState() const override { return {{QStringLiteral("text"), m_text + QStringLiteral(" saved")}}; }
    void restoreState(const QVariantMap &state) override { m_text = state.value(QStringLiteral("text")).toString(); }
private:
    QString m_text = QStringLiteral("fresh");
};
@MOC_INCLUDE@
)").replace("@MOC_INCLUDE@", "#include \"old" ".moc\"")); // split: AutoMoc reads this file too
    plugin.close();
    QFile metadata(source + QStringLiteral("/old.json"));
    QVERIFY(metadata.open(QIODevice::WriteOnly));
    metadata.write(R"({"Name": "old", "Version": "0.1.0"})");
    metadata.close();
    QByteArray buildError;
    QVERIFY2(configureAndBuild(source, build, QStringLiteral("the 0.1 plugin"), &buildError, false), buildError.constData());

    PluginHost host;
    QVERIFY2(host.load(build + QStringLiteral("/old.so")), qPrintable(host.errorString()));
    QString error;
    QVERIFY2(host.restoreState(QStringLiteral("old"), {{QStringLiteral("text"), QStringLiteral("kept")}}, &error), qPrintable(error));
    QCOMPARE(host.saveState(QStringLiteral("old")).value(QStringLiteral("text")).toString(), QStringLiteral("kept saved"));
    std::unique_ptr<QWidget> widget(host.createWidget(QStringLiteral("old"), nullptr, &error));
    QVERIFY2(widget, qPrintable(error));
    QCOMPARE(widget->metaObject()->className(), "QLabel");
    widget.reset();
    QVERIFY2(host.unload(QStringLiteral("old")), qPrintable(host.errorString()));
}

QTEST_MAIN(TestEmbedding)
#include "tst_embedding.moc"
