// Probe cost: how long the trial run of a new generation in a child process takes, with a warm
// spare child (ProbeLauncher: Qt and its fonts already up) against the naive way, a cold child
// started for each probe. The spare's own start is not waited for: like after a build, each
// probe starts a moment after the previous one ended.
#include "benchcommandline.h"
#include "benchoutput.h"
#include "benchstats.h"

#include "relive/pluginprobe.h"
#include "relive/probelauncher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QThread>

#include <cstdio>

namespace {

bool measure(Relive::ProbeLauncher *launcher, const Relive::PluginProbe::Settings &settings, const QString &plugin,
             int probes, BenchStats *stats)
{
    for (int i = 0; i < probes; ++i) {
        // A person's pause between saves: the spare is warm again by the next one.
        QElapsedTimer pause;
        pause.start();
        while (pause.elapsed() < 400)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        Relive::PluginProbe probe;
        probe.setSettings(settings);
        probe.setLauncher(launcher);
        const Relive::PluginProbe::Result result = probe.run(plugin, {{QStringLiteral("count"), i}}, true);
        if (!result.passed) {
            std::fprintf(stderr, "probe %d failed: %s\n", i, qPrintable(result.error));
            return false;
        }
        stats->add(result.ms);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the probe of a plugin: warm spare child against a cold one."));
    parser.addHelpOption();
    const QCommandLineOption probesOption(QStringLiteral("probes"), QStringLiteral("Probes per way."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption probeOption(QStringLiteral("probe"),
                                         QStringLiteral("The relive-probe program (default: the one a host finds)."),
                                         QStringLiteral("path"));
    const QCommandLineOption cliOption(QStringLiteral("cli"), QStringLiteral("Probe with `<path> probe` (relive-cli) instead."),
                                       QStringLiteral("path"));
    parser.addOptions({probesOption, probeOption, cliOption});
    const QString plugin = BenchCommandLine::processWithPlugin(parser, app);
    const int probes = parser.value(probesOption).toInt();
    Relive::PluginProbe::Settings settings;
    settings.enabled = true;
    settings.program = parser.value(probeOption);
    if (parser.isSet(cliOption)) {
        settings.program = parser.value(cliOption);
        settings.arguments = QStringList{QStringLiteral("probe")};
    }

    BenchOutput::machine();
    BenchStats warm, cold;
    Relive::ProbeLauncher launcher;
    launcher.prepare(settings);
    if (!measure(&launcher, settings, plugin, probes, &warm) || !measure(nullptr, settings, plugin, probes, &cold))
        return 1;
    BenchOutput::line(QStringLiteral("probe of %1 by %2, ms, median / p90 / max:")
                          .arg(QFileInfo(plugin).fileName(), Relive::ProbeLauncher::commandLine(settings).join(QLatin1Char(' '))));
    BenchOutput::line(QStringLiteral("  warm spare child  %1").arg(warm.summary()));
    BenchOutput::line(QStringLiteral("  cold child        %1 (the naive way)").arg(cold.summary()));
    BenchOutput::line(QStringLiteral("warm is %1x faster at the median").arg(cold.median() / warm.median(), 0, 'f', 1));
    return 0;
}
