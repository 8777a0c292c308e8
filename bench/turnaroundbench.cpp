// Turnaround: from saving an edit of a one-file plugin to the host running the new code, over
// several edits, with the fast toolchain and with CMake's defaults (the naive way), in one run.
// Also the restart way: the same edit rebuilt, then a fresh host process that loads the plugin
// (its state lost). And how long the event loop was ever blocked while builds ran. With --cli,
// the fast path also runs with the probe on (each new generation tried in a child first, the
// relive-probe a host finds, as in the app).
#include "benchcommandline.h"
#include "benchwait.h"
#include "benchoutput.h"
#include "benchstats.h"

#include "relive/private/atomicfile.h"
#include "relive/buildrunner.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"
#include "relive/reloadtiming.h"
#include "relive/toolchain.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <cstdio>

namespace {


// Through a temporary file and a rename, as editors save.
void save(const QString &path, const QByteArray &content)
{
    Relive::writeFileAtomically(path, content);
}

QByteArray source(int answer)
{
    return "#include <relive/liveplugin.h>\n#include <QtWidgets/QLabel>\n"
           "class Edited : public QObject, public Relive::LivePlugin {\n"
           "    Q_OBJECT\n"
           "    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"edited.json\")\n"
           "    Q_INTERFACES(Relive::LivePlugin)\n"
           "public:\n"
           "    Q_INVOKABLE int answer() const { return " + QByteArray::number(answer) + "; }\n"
           "    QWidget *createWidget(QWidget *parent) override { return new QLabel(QString::number(answer()), parent); }\n"
           "    QVariantMap saveState() const override { return {{QString::fromLatin1(\"n\"), m_n}}; }\n"
           "    void restoreState(const QVariantMap &s) override { m_n = s.value(QString::fromLatin1(\"n\")).toInt(); }\n"
           "private:\n    int m_n = 0;\n};\n#include \"edited.moc\"\n";
}

void writeWorkspace(const QString &dir)
{
    save(dir + QStringLiteral("/CMakeLists.txt"),
         "cmake_minimum_required(VERSION 3.21)\nproject(turnaround LANGUAGES CXX)\nset(CMAKE_CXX_STANDARD 17)\n"
         "find_package(Relive REQUIRED)\nrelive_add_plugin(edited SOURCES edited.cpp METADATA edited.json)\n");
    save(dir + QStringLiteral("/edited.json"), "{ \"Name\": \"edited\", \"Version\": \"1.0.0\" }\n");
    save(dir + QStringLiteral("/edited.cpp"), source(0));
}

int answerOf(Relive::PluginHost &host)
{
    int result = -1;
    QObject *instance = host.instance(QStringLiteral("edited"));
    if (instance)
        QMetaObject::invokeMethod(instance, "answer", Qt::DirectConnection, Q_RETURN_ARG(int, result));
    return result;
}

struct Run
{
    BenchStats turnaround, build, swap, probe;
    double maxLoopGapMs = 0;
    QString toolchain;
};

// Edits the plugin \a edits times; each edit is "live" when the host's instance answers the new value.
bool measure(const Relive::Toolchain &toolchain, const Relive::PluginProbe::Settings &probe, int edits, Run *run)
{
    QTemporaryDir workspace, build;
    writeWorkspace(workspace.path());
    Relive::HostEvent last; // before the host: its destructor still emits "unloaded"
    Relive::PluginHost host;
    host.setProbeSettings(probe);
    Relive::LiveSession session(&host);
    session.setToolchain(toolchain);
    session.setBuildDirectory(build.path());
    session.setWorkspace(workspace.path());
    run->toolchain = toolchain.describe();
    QObject::connect(&host, &Relive::PluginHost::hostEvent, [&last](const Relive::HostEvent &e) { last = e; });
    if (!session.start() || !waitUntil([&] { return answerOf(host) == 0; }, 180000)) {
        std::fprintf(stderr, "first build failed: %s\n", qPrintable(session.errorString()));
        return false;
    }
    // The event loop's longest gap while builds run: a 5 ms timer that should fire on time.
    QElapsedTimer sinceTick;
    sinceTick.start();
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        run->maxLoopGapMs = qMax(run->maxLoopGapMs, Relive::elapsedMs(sinceTick));
        sinceTick.restart();
    });
    ticker.start();
    for (int i = 1; i <= edits; ++i) {
        ticker.stop(); // the pause below is the benchmark's own, not the event loop's
        QThread::msleep(1100); // a person's pause between saves; lets file times differ
        QCoreApplication::processEvents();
        sinceTick.restart();
        ticker.start();
        QElapsedTimer timer;
        timer.start();
        save(workspace.filePath(QStringLiteral("edited.cpp")), source(i));
        if (!waitUntil([&] { return answerOf(host) == i; }, 120000)) {
            std::fprintf(stderr, "edit %d never went live\n", i);
            return false;
        }
        run->turnaround.add(Relive::elapsedMs(timer));
        run->build.add(last.timing.buildMs);
        run->swap.add(last.timing.totalMs - last.timing.buildMs);
        if (last.timing.probeMs >= 0)
            run->probe.add(last.timing.probeMs);
    }
    return true;
}

// The restart way: the same edit, rebuilt with the fast toolchain, then a new host process.
bool measureRestart(const QString &cli, int edits, BenchStats *restart)
{
    QTemporaryDir workspace, build;
    writeWorkspace(workspace.path());
    Relive::BuildRunner runner;
    runner.setSourceDirectory(workspace.path());
    runner.setBuildDirectory(build.path());
    runner.setToolchain(Relive::Toolchain::detect());
    runner.setConfigureArguments({QStringLiteral("-DRelive_DIR=%1").arg(Relive::LiveSession::defaultPackageDirectory()),
                                  QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(QT_VERSION_MAJOR)});
    bool done = false, ok = false;
    QObject::connect(&runner, &Relive::BuildRunner::finished, [&](const Relive::BuildResult &r) { done = true; ok = r.ok; });
    runner.start();
    if (!waitUntil([&] { return done; }, 180000) || !ok)
        return false;
    for (int i = 1; i <= edits; ++i) {
        QThread::msleep(1100);
        QElapsedTimer timer;
        timer.start();
        save(workspace.filePath(QStringLiteral("edited.cpp")), source(i));
        done = false;
        runner.start();
        if (!waitUntil([&] { return done; }, 120000) || !ok)
            return false;
        QProcess process;
        process.start(cli, {QStringLiteral("load"), build.filePath(QStringLiteral("plugins/edited.so"))});
        if (!process.waitForFinished(60000) || process.exitCode() != 0)
            return false;
        restart->add(Relive::elapsedMs(timer));
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    BenchCommandLine::useOffscreenByDefault();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures save-to-live turnaround of a one-file plugin."));
    parser.addHelpOption();
    const QCommandLineOption editsOption(QStringLiteral("edits"), QStringLiteral("Edits per way."), QStringLiteral("n"), QStringLiteral("12"));
    const QCommandLineOption cliOption(QStringLiteral("cli"), QStringLiteral("relive-cli, for the restart way."), QStringLiteral("path"));
    parser.addOptions({editsOption, cliOption});
    parser.process(app);
    const int edits = parser.value(editsOption).toInt();

    BenchOutput::machine();
    Run fast, probed, naive;
    Relive::PluginProbe::Settings probeOff;
    Relive::PluginProbe::Settings probeOn;
    probeOn.enabled = true;
    if (!measure(Relive::Toolchain::detect(), probeOff, edits, &fast)
        || (parser.isSet(cliOption) && !measure(Relive::Toolchain::detect(), probeOn, edits, &probed))
        || !measure(Relive::Toolchain::cmakeDefaults(), probeOff, edits, &naive))
        return 1;
    const auto report = [](const char *label, const Run &run) {
        BenchOutput::line(QStringLiteral("%1 (%2), ms, median / p90 / max:").arg(QLatin1String(label), run.toolchain));
        BenchOutput::line(QStringLiteral("  save to live  %1").arg(run.turnaround.summary()));
        BenchOutput::line(QStringLiteral("  build         %1").arg(run.build.summary()));
        BenchOutput::line(QStringLiteral("  swap          %1").arg(run.swap.summary()));
        if (run.probe.count() > 0)
            BenchOutput::line(QStringLiteral("  of which probe %1").arg(run.probe.summary()));
        BenchOutput::line(QStringLiteral("  longest event-loop gap during the edits: %1 ms").arg(run.maxLoopGapMs, 0, 'f', 1));
    };
    report("fast path", fast);
    if (parser.isSet(cliOption))
        report("fast path with the probe", probed);
    report("naive way, CMake defaults", naive);
    BenchOutput::line(QStringLiteral("fast path is %1x faster than the naive way at the median")
              .arg(naive.turnaround.median() / fast.turnaround.median(), 0, 'f', 1));
    if (parser.isSet(cliOption)) {
        BenchStats restart;
        if (!measureRestart(parser.value(cliOption), edits, &restart))
            return 1;
        BenchOutput::line(QStringLiteral("restart way (fast build, then a new host process; state lost), ms:"));
        BenchOutput::line(QStringLiteral("  save to live  %1").arg(restart.summary()));
    }
    return 0;
}
