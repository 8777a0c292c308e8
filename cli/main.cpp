// relive-cli: inspect, load and watch Relive plugins from a terminal or a script.

#include "consoleoutput.h"
#include "inspectcommand.h"
#include "loadcommand.h"
#include "watchcommand.h"
#include "workspacewatchcommand.h"

#include "headlessapplication.h"
#include "probeprotocol.h"
#include "probeserver.h"

#include <relive/pluginprobe.h>
#include <relive/toolchain.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QFileInfo>
#include <QtCore/QCoreApplication>

namespace {

enum ExitCode {
    ExitSuccess = 0,
    ExitFailure = 1,
    ExitUsage = 2,
};

struct CommandInfo
{
    const char *name;
    const char *files;       // syntax of its file arguments
    const char *description;
    bool needsWidgets;       // plugins' widgets need a QApplication (offscreen by default)
};

const CommandInfo commands[] = {
    {"inspect", "FILE...",
     "Print what plugin files declare and whether Relive would load them, without running their code.",
     false},
    {"load", "FILE",
     "Load a plugin, create its widget, round-trip its state, then unload it and check the unload.",
     true},
    {"watch", "FILE|DIR",
     "Load a plugin and reload it, carrying its state, each time FILE is replaced; or build the "
     "workspace DIR and reload its plugins on every save. Runs until SIGINT or SIGTERM.",
     true},
    {"probe", "FILE",
     "Trial-load a plugin for a host (Relive runs this before it loads a new generation): "
     "restore the state read from stdin as {\"state\": {...}}, create the widget, save, unload.",
     true},
};

const CommandInfo *findCommand(const QString &name)
{
    for (const CommandInfo &command : commands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

QString generalDescription()
{
    QString text = QStringLiteral("Inspect, load and live-reload Relive plugins without the GUI.\n\nCommands:\n");
    for (const CommandInfo &command : commands) {
        text += QStringLiteral("  %1 %2\n")
                    .arg(QStringLiteral("%1 %2").arg(QLatin1String(command.name), QLatin1String(command.files))
                             .leftJustified(17),
                         QLatin1String(command.description));
    }
    text += QStringLiteral("\nRun 'relive-cli <command> --help' for the options of a command.\n"
                           "Exit codes: 0 success, 1 failure (reason on stderr), 2 usage error.");
    return text;
}

int usageError(const QString &message)
{
    ConsoleOutput::reportError(message);
    ConsoleOutput::reportError(QStringLiteral("run 'relive-cli --help' for usage"));
    return ExitUsage;
}

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

const QCommandLineOption jsonOption(QStringLiteral("json"),
                                    QStringLiteral("Print one compact JSON object per line (see the README)."));
const QCommandLineOption keepOption(QStringLiteral("keep"),
                                    QStringLiteral("Keep the files of <n> unloaded generations for rollback."),
                                    QStringLiteral("n"));
const QCommandLineOption noProbeOption(QStringLiteral("no-probe"),
                                       QStringLiteral("watch: load new generations without trying them in a child process first."));
const QCommandLineOption probeTimeoutOption(QStringLiteral("probe-timeout"),
                                            QStringLiteral("watch: seconds a probe may take before the plugin counts as hung (default 10)."),
                                            QStringLiteral("s"));
const QCommandLineOption serveOption(Relive::ProbeProtocol::text(Relive::ProbeProtocol::serveOption),
                                     QStringLiteral("probe: warm up, then read {\"file\": ..., \"state\": ...} as one line from stdin."));
const QCommandLineOption buildDirOption(QStringLiteral("build-dir"),
                                        QStringLiteral("watch DIR: build the workspace in <dir> (default: under the cache folder)."),
                                        QStringLiteral("dir"));
const QCommandLineOption launcherOption(QStringLiteral("launcher"),
                                        QStringLiteral("watch DIR: the compiler launcher: auto (ccache if installed; the default), "
                                                       "none, ccache, distcc, icecc or a program's path."),
                                        QStringLiteral("launcher"), QStringLiteral("auto"));

/*!
 * The command decides the application class, which must exist before the real parse (help
 * and version need it). So a first, silent pass only looks for the command's name.
 */
QString peekCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({jsonOption, keepOption, buildDirOption, noProbeOption, probeTimeoutOption, serveOption, launcherOption});
    parser.parse(arguments); // errors are reported by the real parse
    return parser.positionalArguments().value(0);
}

} // namespace

int main(int argc, char *argv[])
{
    const QString commandName = peekCommand(argumentsOf(argc, argv));
    const CommandInfo *command = findCommand(commandName);

    const auto application = HeadlessApplication::create(argc, argv, command && command->needsWidgets);
    QCoreApplication::setApplicationName(QStringLiteral("relive-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELIVE_CLI_VERSION));

    QCommandLineParser parser;
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    if (command) {
        parser.setApplicationDescription(QLatin1String(command->description));
        parser.addOption(jsonOption);
        if (commandName == QLatin1String("watch"))
            parser.addOptions({keepOption, buildDirOption, noProbeOption, probeTimeoutOption, launcherOption});
        if (commandName == QLatin1String("probe"))
            parser.addOption(serveOption);
        parser.addPositionalArgument(commandName, QStringLiteral("The command."), commandName);
        parser.addPositionalArgument(QStringLiteral("file"),
                                     commandName == QLatin1String("inspect")
                                         ? QStringLiteral("Plugin files (.so) to inspect.")
                                         : QStringLiteral("The plugin file (.so)."),
                                     QLatin1String(command->files));
    } else {
        parser.setApplicationDescription(generalDescription());
        parser.addOptions({jsonOption, keepOption, buildDirOption, noProbeOption, probeTimeoutOption, launcherOption});
        parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("inspect, load, watch or probe."),
                                     QStringLiteral("<command>"));
    }

    const bool parsed = parser.parse(QCoreApplication::arguments());
    // Help and version win over other mistakes on the same line, as with most tools.
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (parser.isSet(helpOption) || parser.optionNames().contains(QStringLiteral("help-all")))
        parser.showHelp(ExitSuccess);
    if (!parsed)
        return usageError(parser.errorText());
    if (commandName.isEmpty())
        return usageError(QStringLiteral("no command given (inspect, load, watch or probe)"));
    if (!command)
        return usageError(QStringLiteral("unknown command '%1' (inspect, load, watch or probe)").arg(commandName));

    const QStringList files = parser.positionalArguments().mid(1);
    if (commandName == QLatin1String("probe") && parser.isSet(serveOption) && files.isEmpty())
        return ProbeServer().run(QString());
    if (files.isEmpty())
        return usageError(QStringLiteral("%1: no plugin file given").arg(commandName));
    const OutputFormat format = parser.isSet(jsonOption) ? OutputFormat::Json : OutputFormat::Text;

    if (commandName == QLatin1String("inspect"))
        return InspectCommand(format).run(files);

    if (files.size() > 1)
        return usageError(QStringLiteral("%1 takes one plugin file, got %2").arg(commandName).arg(files.size()));
    if (commandName == QLatin1String("load"))
        return LoadCommand(format).run(files.constFirst());
    if (commandName == QLatin1String("probe"))
        return ProbeServer().run(files.constFirst());

    int keptGenerations = -1;
    if (parser.isSet(keepOption)) {
        bool ok = false;
        keptGenerations = parser.value(keepOption).toInt(&ok);
        if (!ok || keptGenerations < 0)
            return usageError(QStringLiteral("--keep wants a number of generations >= 0, got '%1'")
                                  .arg(parser.value(keepOption)));
    }
    Relive::PluginProbe::Settings probe; // the relive-probe program, found as the app finds it
    probe.enabled = !parser.isSet(noProbeOption);
    probe.timeoutAdvice = QStringLiteral("raise the trial timeout (Build → Trial Timeout…, or relive-cli watch --probe-timeout)");
    if (parser.isSet(probeTimeoutOption)) {
        bool ok = false;
        const double seconds = parser.value(probeTimeoutOption).toDouble(&ok);
        if (!ok || seconds <= 0)
            return usageError(QStringLiteral("--probe-timeout wants a number of seconds > 0, got '%1'")
                                  .arg(parser.value(probeTimeoutOption)));
        probe.timeoutMs = int(seconds * 1000);
    }
    const QString launcher = parser.value(launcherOption);
    // Without ccache "auto" means none; a launcher asked for by name must be there.
    const bool namedLauncher = launcher != QLatin1String("auto") && launcher != QLatin1String("none");
    if (namedLauncher && Relive::Toolchain::findLauncher(launcher).isEmpty())
        return usageError(QStringLiteral("--launcher: '%1' is not installed (auto, none, ccache, distcc, icecc or a path)")
                              .arg(launcher));
    if (QFileInfo(files.constFirst()).isDir()) {
        WorkspaceWatchCommand watch(format, parser.value(buildDirOption), launcher, probe);
        return watch.run(files.constFirst());
    }
    WatchCommand watch(format, keptGenerations, probe);
    return watch.run(files.constFirst());
}
