// Save → live in an attached app against the same edit in Relive's own host, in the same run:
// two copies of one workspace (a QtCore-only plugin of its own IID, with state), each built by
// a LiveSession; one's plugin files reloaded by a PluginHost in this process (as relive-cli
// watch DIR does), the other's sent over the attach socket to a PluginAgent in a child process
// (as relive-cli watch DIR --attach does). Both with the trial run on. Edits alternate between
// the two. Reported: save → live, and artifact → live (from the built file to the new
// generation live: for the attached app, until its reply is back), whose difference of
// medians is what the socket round trip adds.
//   relive-attach-bench [--edits N]       (relive-probe found as the app finds it, or $RELIVE_PROBE)
#include "benchoutput.h"
#include "benchstats.h"
#include "benchwait.h"

#include "relive/private/atomicfile.h"
#include "relive/agentclient.h"
#include "relive/artifactreloader.h"
#include "relive/livesession.h"
#include "relive/pluginagent.h"
#include "relive/pluginhost.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>

#include <cstdio>

namespace {

const QString iid = QStringLiteral("org.relive.AttachBench/1.0");
constexpr int buildTimeoutMs = 300000;

QByteArray pluginSource(int value)
{
    return QByteArray(R"(#include <relive/livestate.h>
#include <QtCore/QObject>
class Answer
{
public:
    virtual ~Answer() = default;
    virtual int value() const = 0;
};
Q_DECLARE_INTERFACE(Answer, "org.relive.AttachBench/1.0")
class Counter : public QObject, public Answer, public Relive::LiveState
{
    @OBJECT@
    @METADATA@(IID "org.relive.AttachBench/1.0" FILE "counter.json")
    Q_INTERFACES(Answer Relive::LiveState)
public:
    int value() const override { return @VALUE@; }
    QVariantMap saveState() const override { return {{QStringLiteral("reloads"), m_reloads}}; }
    void restoreState(const QVariantMap &state) override { m_reloads = state.value(QStringLiteral("reloads")).toInt() + 1; }
private:
    int m_reloads = 0;
};
@MOC@
)")
        .replace("@VALUE@", QByteArray::number(value))
        // Split: AutoMoc reads this file too, and must not take the plugin's macros for its own.
        .replace("@OBJECT@", "Q_" "OBJECT")
        .replace("@METADATA@", "Q_" "PLUGIN_METADATA")
        .replace("@MOC@", "#include \"counter" ".moc\"");
}

bool writeWorkspace(const QString &folder)
{
    QDir().mkpath(folder);
    return Relive::writeFileAtomically(folder + QStringLiteral("/CMakeLists.txt"),
                                       "cmake_minimum_required(VERSION 3.21)\nproject(attachbench LANGUAGES CXX)\n"
                                       "set(CMAKE_CXX_STANDARD 17)\nfind_package(Relive REQUIRED COMPONENTS core)\n"
                                       "relive_add_plugin(counter NO_WIDGETS SOURCES counter.cpp METADATA counter.json)\n")
        && Relive::writeFileAtomically(folder + QStringLiteral("/counter.json"), "{ \"Name\": \"counter\", \"Version\": \"1.0.0\" }\n")
        && Relive::writeFileAtomically(folder + QStringLiteral("/counter.cpp"), pluginSource(0));
}

/*! The attached app: a PluginAgent on an empty folder, its socket open; prints the socket's path. */
int runAgent(const QString &folder)
{
    Relive::PluginAgent agent(iid);
    agent.start(folder);
    if (!agent.listen()) {
        std::fprintf(stderr, "%s\n", qPrintable(agent.errorString()));
        return 1;
    }
    std::printf("%s\n", qPrintable(agent.socketPath()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

/*! One of the two ways: a workspace, its session, and the time of the last edit's steps. */
struct Way
{
    QString workspace;
    Relive::PluginHost host{iid};
    Relive::LiveSession session{&host};
    QElapsedTimer sinceSave;
    QElapsedTimer sinceArtifact;
    int liveGeneration = 0;
    double saveToLiveMs = -1;
    double artifactToLiveMs = -1;
    BenchStats saveToLive;
    BenchStats artifactToLive;

    void wentLive(int generation)
    {
        liveGeneration = generation;
        saveToLiveMs = double(sinceSave.nsecsElapsed()) / 1e6;
        artifactToLiveMs = double(sinceArtifact.nsecsElapsed()) / 1e6;
    }
    bool start(const QString &folder, const QString &build)
    {
        workspace = folder;
        session.setBuildDirectory(build);
        session.setWorkspace(folder);
        return writeWorkspace(folder) && session.start();
    }
    /*! One edit: saved, then waited for until generation \a generation is live. */
    bool edit(int value, int generation)
    {
        waitUntil([this] { return !session.isBuilding(); }, buildTimeoutMs);
        sinceSave.start();
        Relive::writeFileAtomically(workspace + QStringLiteral("/counter.cpp"), pluginSource(value));
        if (!waitUntil([this, generation] { return liveGeneration >= generation; }, buildTimeoutMs))
            return false;
        saveToLive.add(saveToLiveMs);
        artifactToLive.add(artifactToLiveMs);
        return true;
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("edits"), QStringLiteral("Edits per way (default 11)."), QStringLiteral("N"), QStringLiteral("11")});
    parser.addOption({QStringLiteral("agent"), QStringLiteral("Internal: run as the attached app on <dir>."), QStringLiteral("dir")});
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(QStringLiteral("agent")))
        return runAgent(parser.value(QStringLiteral("agent")));
    const int edits = qMax(1, parser.value(QStringLiteral("edits")).toInt());
    BenchOutput::machine();

    QTemporaryDir temp;
    QProcess agentProcess;
    agentProcess.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agentProcess.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--agent"), temp.filePath(QStringLiteral("agent-plugins"))});
    if (!agentProcess.waitForReadyRead(30000)) {
        BenchOutput::line(QStringLiteral("the attached app did not start"));
        return 1;
    }
    const QString socket = QString::fromLocal8Bit(agentProcess.readLine()).trimmed();
    Relive::AgentClient client;
    QString error;
    if (!client.connectTo(socket, 10000, &error)) {
        BenchOutput::line(error);
        return 1;
    }

    Relive::PluginProbe::Settings probe;
    probe.enabled = true;
    Way own;
    own.host.setProbeSettings(probe);
    Relive::ArtifactReloader reloader(&own.host);
    QObject::connect(&own.host, &Relive::PluginHost::generationLive, [&own](const QString &, const Relive::LoadAttempt &attempt) {
        own.wentLive(attempt.generation);
    });
    own.session.setArtifactHandler([&](const QString &artifact, const Relive::ReloadTiming &before) {
        own.sinceArtifact.start();
        reloader.updateInBackground(artifact, before); // what LiveSession does without a handler
    });
    Way attached;
    attached.session.setArtifactHandler([&](const QString &artifact, const Relive::ReloadTiming &) {
        attached.sinceArtifact.start();
        client.send(QStringLiteral("reload"), {{QStringLiteral("path"), artifact}});
    });
    QObject::connect(&client, &Relive::AgentClient::replied, [&](qint64, const QJsonObject &reply) {
        if (reply.value(QStringLiteral("ok")).toBool() && !reply.value(QStringLiteral("events")).toArray().isEmpty())
            attached.wentLive(reply.value(QStringLiteral("generation")).toInt());
        else if (!reply.value(QStringLiteral("ok")).toBool())
            BenchOutput::line(QStringLiteral("refused: %1").arg(reply.value(QStringLiteral("error")).toString()));
    });
    if (!own.start(temp.filePath(QStringLiteral("own")), temp.filePath(QStringLiteral("own-build")))
        || !attached.start(temp.filePath(QStringLiteral("attached")), temp.filePath(QStringLiteral("attached-build")))
        || !waitUntil([&] { return own.liveGeneration == 1 && attached.liveGeneration == 1; }, buildTimeoutMs)) {
        BenchOutput::line(QStringLiteral("the workspaces did not build and load: %1 %2")
                              .arg(own.session.errorString(), attached.session.errorString()));
        return 1;
    }
    BenchOutput::line(QStringLiteral("toolchain: %1; %2 edits each, alternating; trial run on")
                          .arg(own.session.toolchain().describe()).arg(edits));
    for (int round = 1; round <= edits; ++round) {
        Way &first = round % 2 ? own : attached;
        Way &second = round % 2 ? attached : own;
        if (!first.edit(round, round + 1) || !second.edit(round, round + 1)) {
            BenchOutput::line(QStringLiteral("edit %1 never went live").arg(round));
            return 1;
        }
    }
    BenchOutput::line(QStringLiteral("save -> live (ms), median / p90 / max (n): own host %1; attached app %2")
                          .arg(own.saveToLive.summary(1), attached.saveToLive.summary(1)));
    BenchOutput::line(QStringLiteral("artifact -> live (ms): own host %1; attached app (reply back) %2")
                          .arg(own.artifactToLive.summary(2), attached.artifactToLive.summary(2)));
    BenchOutput::line(QStringLiteral("the socket adds %1 ms to the median artifact -> live (%2 ms to the median save -> live)")
                          .arg(attached.artifactToLive.median() - own.artifactToLive.median(), 0, 'f', 2)
                          .arg(attached.saveToLive.median() - own.saveToLive.median(), 0, 'f', 1));
    client.disconnectFromAgent();
    agentProcess.kill();
    agentProcess.waitForFinished(5000);
    return 0;
}
