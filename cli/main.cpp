// relive-cli: inspect, load and watch Relive plugins from a terminal or a script.

#include "agentscommand.h"
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
#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

#include <limits>

namespace {

enum ExitCode {
    ExitSuccess = 0,
    ExitFailure = 1,
    ExitUsage = 2,
};

/*! One option: the parser, the usage text and the command's code all read it from here. */
struct OptionInfo
{
    const char *name;
    const char *valueName;           // null for a flag
    const char *help;
    const char *defaultValue = nullptr;
    bool inGeneralHelp = true;       // false: only in its command's help (the host's --serve)
};

const OptionInfo json{"json", nullptr, "Print one compact JSON object per line (see the README)."};
const OptionInfo keep{"keep", "n", "Keep the files of <n> unloaded generations for rollback."};
const OptionInfo buildDir{"build-dir", "dir", "watch DIR: build the workspace in <dir> (default: under the cache folder)."};
const OptionInfo noProbe{"no-probe", nullptr, "watch: load new generations without trying them in a child process first."};
const OptionInfo noSaveCandidate{"no-save-candidate", nullptr,
                                 "watch DIR: build every save through Ninja only, never first as a candidate of the saved "
                                 "file alone."};
const OptionInfo probeTimeout{"probe-timeout", "s",
                              "watch: seconds a probe may take before the plugin counts as hung (default 10)."};
const OptionInfo launcher{"launcher", "launcher",
                          "watch DIR: the compiler launcher: auto (ccache if installed; the default), "
                          "none, ccache, distcc, icecc or a program's path.",
                          "auto"};
const OptionInfo maxSize{"max-size", "bytes",
                         "inspect, load, watch FILE: refuse plugin files larger than <bytes>; K, M and G "
                         "suffixes (powers of 1000); default 2G."};
const OptionInfo journalPeriod{"journal-period", "s",
                               "watch: seconds between saves of the plugins' state to the crash journal, while it "
                               "changes (default 2).", "2"};
const OptionInfo restoreFrom{"restore-from", "dir",
                             "watch: come back from a crash of the watch whose runtime folder is <dir> (the crash "
                             "handler passes it).", nullptr, false};
const OptionInfo iid{"iid", "iid",
                     "inspect, load, probe: judge the plugin for a host of interface <iid> (an app's own, for "
                     "embedding) instead of org.relive.LivePlugin/1.0 or org.relive.LiveState/1.0 (a widget plugin or a "
                     "QtCore-only one)."};
const OptionInfo attach{"attach", "pid|name",
                        "watch DIR: reload the plugins in the running app <pid|name> (its PluginAgent listens; "
                        "see 'relive-cli agents') instead of here."};
const OptionInfo socket{"socket", "path", "agents: ask the agent listening at <path> instead of the running ones."};
const OptionInfo serve{Relive::ProbeProtocol::serveOption, nullptr,
                       "probe: warm up, then read {\"file\": ..., \"state\": ...} as one line from stdin.", nullptr, false};

int usageError(const QString &message)
{
    ConsoleOutput::reportError(message);
    ConsoleOutput::reportError(QStringLiteral("run 'relive-cli --help' for usage"));
    return ExitUsage;
}

/*! A parsed command line, as a command's code reads it. */
struct Invocation
{
    const QCommandLineParser &parser;
    QStringList files;

    bool isSet(const OptionInfo &option) const { return parser.isSet(QLatin1String(option.name)); }
    QString value(const OptionInfo &option) const { return parser.value(QLatin1String(option.name)); }
    OutputFormat format() const { return isSet(json) ? OutputFormat::Json : OutputFormat::Text; }
};

/*! --max-size in bytes into \a bytes (-1 when not given); false when it is not a size. */
bool readMaxSize(const Invocation &call, qint64 *bytes)
{
    *bytes = -1;
    if (!call.isSet(maxSize))
        return true;
    QString text = call.value(maxSize).trimmed().toUpper();
    qint64 unit = 1;
    const QString suffixes = QStringLiteral("KMG");
    const int power = text.isEmpty() ? -1 : suffixes.indexOf(text.back());
    if (power >= 0) {
        text.chop(1);
        for (int i = 0; i <= power; ++i)
            unit *= 1000;
    }
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number <= 0 || number > std::numeric_limits<qint64>::max() / unit)
        return false;
    *bytes = number * unit;
    return true;
}

int maxSizeError(const Invocation &call)
{
    return usageError(QStringLiteral("--max-size wants a size in bytes > 0 (K, M or G suffix allowed), got '%1'")
                          .arg(call.value(maxSize)));
}

int runInspect(const Invocation &call)
{
    qint64 limit = -1;
    if (!readMaxSize(call, &limit))
        return maxSizeError(call);
    InspectCommand inspect(call.format());
    inspect.setMaxFileSize(limit);
    inspect.setIid(call.value(iid));
    return inspect.run(call.files);
}

int runLoad(const Invocation &call)
{
    qint64 limit = -1;
    if (!readMaxSize(call, &limit))
        return maxSizeError(call);
    LoadCommand load(call.format());
    load.setMaxFileSize(limit);
    load.setIid(call.value(iid));
    return load.run(call.files.constFirst());
}

int runAgents(const Invocation &call)
{
    return AgentsCommand(call.format()).run(call.files.value(0), call.value(socket));
}

int runProbe(const Invocation &call)
{
    return ProbeServer().run(call.files.isEmpty() ? QString() : call.files.constFirst(), call.value(iid));
}

/*! The crash settings of `watch`; an empty string, or what is wrong with the options. */
QString crashSettings(const Invocation &call, WatchCrashGuard::Settings *crash)
{
    bool ok = false;
    const double seconds = call.value(journalPeriod).toDouble(&ok);
    if (!ok || seconds <= 0)
        return QStringLiteral("--journal-period wants a number of seconds > 0, got '%1'").arg(call.value(journalPeriod));
    crash->journalPeriodMs = qMax(10, int(seconds * 1000));
    crash->restoreFrom = call.value(restoreFrom);
    crash->program = QCoreApplication::applicationFilePath();
    // The same command line, less the restore of an earlier crash: the handler adds its own.
    const QStringList arguments = QCoreApplication::arguments();
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--restore-from"))
            ++i;
        else if (!argument.startsWith(QLatin1String("--restore-from=")))
            crash->arguments << argument;
    }
    return QString();
}

int runWatch(const Invocation &call)
{
    int keptGenerations = -1;
    if (call.isSet(keep)) {
        bool ok = false;
        keptGenerations = call.value(keep).toInt(&ok);
        if (!ok || keptGenerations < 0)
            return usageError(QStringLiteral("--keep wants a number of generations >= 0, got '%1'").arg(call.value(keep)));
    }
    Relive::PluginProbe::Settings probe; // the relive-probe program, found as the app finds it
    probe.enabled = !call.isSet(noProbe);
    probe.timeoutAdvice = QStringLiteral("raise the trial timeout (Build → Trial Timeout…, or relive-cli watch --probe-timeout)");
    if (call.isSet(probeTimeout)) {
        bool ok = false;
        const double seconds = call.value(probeTimeout).toDouble(&ok);
        if (!ok || seconds <= 0)
            return usageError(QStringLiteral("--probe-timeout wants a number of seconds > 0, got '%1'")
                                  .arg(call.value(probeTimeout)));
        probe.timeoutMs = int(seconds * 1000);
    }
    const QString launcherName = call.value(launcher);
    // Without ccache "auto" means none; a launcher asked for by name must be there.
    const bool namedLauncher = launcherName != QLatin1String("auto") && launcherName != QLatin1String("none");
    if (namedLauncher && Relive::Toolchain::findLauncher(launcherName).isEmpty())
        return usageError(QStringLiteral("--launcher: '%1' is not installed (auto, none, ccache, distcc, icecc or a path)")
                              .arg(launcherName));
    WatchCrashGuard::Settings crash;
    const QString crashError = crashSettings(call, &crash);
    if (!crashError.isEmpty())
        return usageError(crashError);
    if (QFileInfo(call.files.constFirst()).isDir()) {
        WorkspaceWatchCommand watch(call.format(), call.value(buildDir), launcherName, probe, crash);
        watch.setCandidateOnSave(!call.isSet(noSaveCandidate));
        if (call.isSet(attach)) {
            Relive::AgentEntry agent;
            QString error;
            if (!AgentsCommand::resolve(call.value(attach), &agent, &error) || !watch.attach(agent, &error)) {
                ConsoleOutput::reportError(QStringLiteral("--attach %1").arg(call.value(attach)), error);
                return ExitFailure;
            }
        }
        return watch.run(call.files.constFirst());
    }
    if (call.isSet(attach))
        return usageError(QStringLiteral("--attach works with watch DIR (a workspace), not with a plugin file"));
    qint64 limit = -1;
    if (!readMaxSize(call, &limit))
        return maxSizeError(call);
    WatchCommand watch(call.format(), keptGenerations, probe, crash);
    if (limit >= 0)
        watch.setMaxFileSize(limit);
    return watch.run(call.files.constFirst());
}

struct CommandInfo
{
    const char *name;
    const char *files;        // syntax of its file arguments
    const char *fileHelp;
    const char *description;
    bool needsWidgets;        // plugins' widgets need a QApplication (offscreen by default)
    bool severalFiles;
    const OptionInfo *fileOptionalWith; // with this option set, no file is needed
    QList<const OptionInfo *> options;
    int (*run)(const Invocation &call);
    bool filesOptional = false; // takes no file, or one it can do without
};

const CommandInfo commands[] = {
    {"inspect", "FILE...", "Plugin files (.so) to inspect.",
     "Print what plugin files declare and whether Relive would load them, without running their code.",
     false, true, nullptr, {&json, &maxSize, &iid}, runInspect},
    {"load", "FILE", "The plugin file (.so).",
     "Load a plugin, create its widget, round-trip its state, then unload it and check the unload.",
     true, false, nullptr, {&json, &maxSize, &iid}, runLoad},
    {"watch", "FILE|DIR", "The plugin file (.so).",
     "Load a plugin and reload it, carrying its state, each time FILE is replaced; or build the "
     "workspace DIR and reload its plugins on every save. Runs until SIGINT or SIGTERM.",
     true, false, nullptr, {&json, &keep, &buildDir, &noProbe, &noSaveCandidate, &probeTimeout, &launcher, &maxSize,
                            &journalPeriod, &restoreFrom, &attach}, runWatch},
    {"agents", "[PID|NAME]", "Only the app of this pid or name.",
     "List the running apps whose Relive agent listens: pid, app, plugin folder, each plugin with its version "
     "and live generation.",
     false, false, nullptr, {&json, &socket}, runAgents, true},
    {"probe", "FILE", "The plugin file (.so).",
     "Trial-load a plugin for a host (Relive runs this before it loads a new generation): "
     "restore the state read from stdin as {\"state\": {...}}, create the widget, save, unload.",
     true, false, &serve, {&json, &serve, &iid}, runProbe},
};

const CommandInfo *findCommand(const QString &name)
{
    for (const CommandInfo &command : commands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

/*! "inspect, load, watch or probe" */
QString commandNames()
{
    QStringList names;
    for (const CommandInfo &command : commands)
        names << QLatin1String(command.name);
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

/*! The options of every command, each once, in the order of the table. */
QList<const OptionInfo *> everyOption(bool generalHelpOnly)
{
    QList<const OptionInfo *> options;
    for (const CommandInfo &command : commands) {
        for (const OptionInfo *option : command.options) {
            if (!options.contains(option) && (option->inGeneralHelp || !generalHelpOnly))
                options << option;
        }
    }
    return options;
}

void addOptions(QCommandLineParser &parser, const QList<const OptionInfo *> &options)
{
    for (const OptionInfo *option : options) {
        parser.addOption(QCommandLineOption(QLatin1String(option->name), QString::fromUtf8(option->help),
                                            QLatin1String(option->valueName), QLatin1String(option->defaultValue)));
    }
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

/*! What `--help` shows and the parser accepts: one command's, or without one the general. */
void describe(QCommandLineParser &parser, const CommandInfo *command, const QString &commandName)
{
    if (!command) {
        parser.setApplicationDescription(generalDescription());
        addOptions(parser, everyOption(true));
        parser.addPositionalArgument(QStringLiteral("command"), commandNames() + QLatin1Char('.'), QStringLiteral("<command>"));
        return;
    }
    parser.setApplicationDescription(QLatin1String(command->description));
    addOptions(parser, command->options);
    parser.addPositionalArgument(commandName, QStringLiteral("The command."), commandName);
    parser.addPositionalArgument(QStringLiteral("file"), QLatin1String(command->fileHelp), QLatin1String(command->files));
}

/*!
 * The command decides the application class, which must exist before the real parse (help
 * and version need it). So a first, silent pass only looks for the command's name.
 */
QString peekCommand(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    addOptions(parser, everyOption(false));
    parser.parse(arguments); // errors are reported by the real parse
    return parser.positionalArguments().value(0);
}

int dispatch(const CommandInfo &command, const QCommandLineParser &parser)
{
    const Invocation call{parser, parser.positionalArguments().mid(1)};
    const bool fileOptional = command.filesOptional || (command.fileOptionalWith && call.isSet(*command.fileOptionalWith));
    if (call.files.isEmpty() && !fileOptional)
        return usageError(QStringLiteral("%1: no plugin file given").arg(QLatin1String(command.name)));
    if (call.files.size() > 1 && !command.severalFiles)
        return usageError(QStringLiteral("%1 takes one plugin file, got %2").arg(QLatin1String(command.name)).arg(call.files.size()));
    return command.run(call);
}

} // namespace

int main(int argc, char *argv[])
{
    const QString commandName = peekCommand(argc, argv);
    const CommandInfo *command = findCommand(commandName);
    const auto application = HeadlessApplication::create(argc, argv, command && command->needsWidgets);
    QCoreApplication::setApplicationName(QStringLiteral("relive-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELIVE_CLI_VERSION));

    QCommandLineParser parser;
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    describe(parser, command, commandName);
    const bool parsed = parser.parse(QCoreApplication::arguments());
    // Help and version win over other mistakes on the same line, as with most tools.
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (parser.isSet(helpOption) || parser.optionNames().contains(QStringLiteral("help-all")))
        parser.showHelp(ExitSuccess);
    if (!parsed)
        return usageError(parser.errorText());
    if (commandName.isEmpty())
        return usageError(QStringLiteral("no command given (%1)").arg(commandNames()));
    if (!command)
        return usageError(QStringLiteral("unknown command '%1' (%2)").arg(commandName, commandNames()));
    return dispatch(*command, parser);
}
