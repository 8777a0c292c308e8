// Swap time: how long a reload of a built plugin takes inside a running host (save state,
// shadow copy, validate, load the next generation, restore state, unload and verify the old
// one), against the naive way of getting new code in: restarting a host process that loads
// the plugin fresh (and loses its state).
#include "benchcommandline.h"
#include "benchoutput.h"
#include "benchstats.h"

#include "relive/hostevent.h"
#include "relive/private/librarymappings.h"
#include "relive/pluginhost.h"
#include "relive/reloadtiming.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtWidgets/QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    BenchCommandLine::useOffscreenByDefault();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures in-process plugin swap time against a host restart."));
    parser.addHelpOption();
    const QCommandLineOption reloadsOption(QStringLiteral("reloads"), QStringLiteral("Reloads to time."), QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption restartsOption(QStringLiteral("restarts"), QStringLiteral("Host restarts to time."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption cliOption(QStringLiteral("cli"), QStringLiteral("relive-cli used as the restarted host."), QStringLiteral("path"));
    parser.addOptions({reloadsOption, restartsOption, cliOption});
    const QString plugin = BenchCommandLine::processWithPlugin(parser, app);

    Relive::PluginHost host;
    BenchStats total, stage, validate, load, restore, unload;
    QString name;
    QObject::connect(&host, &Relive::PluginHost::hostEvent, [&](const Relive::HostEvent &event) {
        if (event.type != Relive::HostEvent::Type::Reloaded)
            return;
        total.add(event.timing.totalMs);
        stage.add(event.timing.stageMs);
        validate.add(event.timing.validateMs);
        load.add(event.timing.loadMs);
        restore.add(event.timing.restoreMs);
        unload.add(event.timing.unloadMs);
    });
    if (!host.load(plugin)) {
        std::fprintf(stderr, "relive-swap-bench: %s\n", qPrintable(host.errorString()));
        return 1;
    }
    name = host.pluginNames().value(0);
    const int reloads = parser.value(reloadsOption).toInt();
    const int mappingsBefore = Relive::LibraryMappings::mappingCount();
    const int filesBefore = Relive::LibraryMappings::openFileCount();
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < reloads; ++i) {
        if (!host.reload(name, plugin)) {
            std::fprintf(stderr, "relive-swap-bench: reload %d failed: %s\n", i, qPrintable(host.errorString()));
            return 1;
        }
    }
    const double wallMs = Relive::elapsedMs(wall);

    BenchOutput::machine();
    BenchOutput::line(QStringLiteral("plugin: %1 (%2 bytes)").arg(plugin).arg(QFileInfo(plugin).size()));
    BenchOutput::line(QStringLiteral("in-process reload, ms, median / p90 / max:"));
    BenchOutput::line(QStringLiteral("  total    %1").arg(total.summary()));
    BenchOutput::line(QStringLiteral("  stage    %1").arg(stage.summary()));
    BenchOutput::line(QStringLiteral("  validate %1").arg(validate.summary()));
    BenchOutput::line(QStringLiteral("  load     %1").arg(load.summary()));
    BenchOutput::line(QStringLiteral("  restore  %1").arg(restore.summary()));
    BenchOutput::line(QStringLiteral("  unload   %1").arg(unload.summary()));
    BenchOutput::line(QStringLiteral("  wall for %1 reloads: %2 ms").arg(reloads).arg(wallMs, 0, 'f', 1));
    BenchOutput::line(QStringLiteral("  mappings %1 -> %2, open files %3 -> %4")
              .arg(mappingsBefore).arg(Relive::LibraryMappings::mappingCount())
              .arg(filesBefore).arg(Relive::LibraryMappings::openFileCount()));

    if (parser.isSet(cliOption)) {
        BenchStats restart;
        const int restarts = parser.value(restartsOption).toInt();
        for (int i = 0; i < restarts; ++i) {
            QProcess process;
            QElapsedTimer timer;
            timer.start();
            process.start(parser.value(cliOption), {QStringLiteral("load"), plugin});
            process.waitForFinished(60000);
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
                std::fprintf(stderr, "relive-swap-bench: restart %d failed: %s\n", i, process.readAllStandardError().constData());
                return 1;
            }
            restart.add(Relive::elapsedMs(timer));
        }
        BenchOutput::line(QStringLiteral("naive way, restart a host process that loads the plugin (state lost), ms:"));
        BenchOutput::line(QStringLiteral("  restart  %1").arg(restart.summary()));
        BenchOutput::line(QStringLiteral("  in-process reload is %1x faster at the median").arg(restart.median() / total.median(), 0, 'f', 0));
    }
    return 0;
}
