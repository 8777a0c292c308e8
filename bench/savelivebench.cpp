// Save -> live without a pause (issue 13): `relive-cli watch --json DIR` on a held-out one-file
// plugin and on a several-file plugin, timed from the save to the `reloaded` line of the new
// code; in the same run, the bare compile of the edited file (its command from
// compile_commands.json, run by hand without the compiler launcher) and the naive way (a plain
// add_library(MODULE) with CMake's defaults, built with `cmake --build`, then `relive-cli load`).
// Every edit carries a per-run nonce: none was ever seen by the compiler cache.
// --variant NAME:VAR=VALUE,... runs the watch and the bare compile again with those SDK
// settings (a setting that starts with -- is an option of the watch: --no-save-candidate; one
// that starts with env: is set in the watch's environment: env:RELIVE_EARLY_SAVE_CANDIDATE=0);
// --beside CMD keeps CMD running in a loop beside everything (a heavy compile).
#include "shellcommand.h"
#include "benchoutput.h"
#include "benchstats.h"
#include "saveliveworkspace.h"

#include "relive/livesession.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>

#include <cstdio>
#include <signal.h>
#include <sys/types.h>

namespace {

using Kind = SaveLiveWorkspace::Kind;
int pauseMs = 1100; // a person's pause between saves (--pause); lets file times differ
const int timeoutMs = 180000;

struct Variant
{
    QString name;
    QStringList settings;
};

struct WatchRun
{
    BenchStats saveToLive, build, probe, bare;
    qint64 buildFolderBytes = 0;
};

qint64 folderBytes(const QString &folder)
{
    qint64 total = 0;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

/*! Reads `watch --json` lines; remembers the last `reloaded`/`loaded` event's edit and timing. */
struct WatchReader
{
    QProcess process;
    QByteArray pending;
    int liveEdit = -1;
    QJsonObject lastMs;
    QString failure;

    void poll()
    {
        pending += process.readAllStandardOutput();
        int end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QJsonObject event = QJsonDocument::fromJson(pending.left(end)).object();
            pending.remove(0, end + 1);
            const QString kind = event.value(QStringLiteral("event")).toString();
            if (kind == QLatin1String("loaded") || kind == QLatin1String("reloaded")) {
                liveEdit = event.value(QStringLiteral("state")).toObject().value(QStringLiteral("edit")).toInt(-1);
                lastMs = event.value(QStringLiteral("ms")).toObject();
            } else if (kind.endsWith(QLatin1String("-failed"))) {
                failure = QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact));
            }
        }
    }
    // Blocks on the watch's output: a polling loop would spin a core, which the watch's own
    // compiler then shares when the machine is loaded (one autogroup: the same session).
    bool waitForEdit(int edit)
    {
        QElapsedTimer timer;
        timer.start();
        poll();
        while (liveEdit != edit && failure.isEmpty()) {
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0 || process.state() == QProcess::NotRunning)
                return false;
            process.waitForReadyRead(int(qMin<qint64>(left, 1000)));
            poll();
        }
        return failure.isEmpty();
    }
};

/*! Times the bare compile of the edited file, each time a new edit: the compiler's floor. */
bool measureBare(const SaveLiveWorkspace &workspace, const QString &buildFolder, int edits, BenchStats *bare)
{
    QString command, directory;
    if (!ShellCommand::compileCommandOf(buildFolder, workspace.editedFile(), &command, &directory)) {
        std::fprintf(stderr, "no compile command for %s\n", qPrintable(workspace.editedFile()));
        return false;
    }
    for (int i = 1; i <= edits; ++i) {
        workspace.saveEdit(10000 + i);
        QElapsedTimer timer;
        timer.start();
        if (!ShellCommand::run(command, directory, timeoutMs))
            return false;
        bare->add(double(timer.nsecsElapsed()) / 1e6);
    }
    return true;
}

bool measureWatch(const QString &cli, Kind kind, const Variant &variant, const QByteArray &nonce, int edits, WatchRun *run)
{
    QTemporaryDir source, build;
    const SaveLiveWorkspace workspace(kind, source.path(), nonce + "-" + variant.name.toUtf8());
    QStringList sdkSettings;
    QStringList arguments{QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--build-dir"), build.path()};
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &setting : variant.settings) {
        if (setting.startsWith(QLatin1String("env:")))
            environment.insert(setting.mid(4).section(QLatin1Char('='), 0, 0), setting.section(QLatin1Char('='), 1));
        else
            (setting.startsWith(QLatin1String("--")) ? arguments : sdkSettings).append(setting);
    }
    if (!workspace.writeRelive(sdkSettings))
        return false;
    WatchReader watch;
    watch.process.setProcessEnvironment(environment);
    watch.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    watch.process.start(cli, arguments << source.path());
    bool ok = watch.waitForEdit(0);
    for (int i = 1; ok && i <= edits; ++i) {
        QThread::msleep(pauseMs);
        watch.poll();
        QElapsedTimer timer;
        timer.start();
        workspace.saveEdit(i);
        ok = watch.waitForEdit(i);
        if (ok) {
            run->saveToLive.add(double(timer.nsecsElapsed()) / 1e6);
            run->build.add(watch.lastMs.value(QStringLiteral("build")).toDouble());
            run->probe.add(watch.lastMs.value(QStringLiteral("probe")).toDouble());
        }
    }
    if (!ok)
        std::fprintf(stderr, "%s, %s: an edit never went live %s\n", qPrintable(SaveLiveWorkspace::name(kind)),
                     qPrintable(variant.name), qPrintable(watch.failure));
    watch.process.terminate();
    watch.process.waitForFinished(10000);
    run->buildFolderBytes = folderBytes(build.path());
    return ok && measureBare(workspace, build.path(), edits, &run->bare);
}

/*! The naive way: edit, `cmake --build` of the plain project, then a new `relive-cli load`. */
bool measureNaive(const QString &cli, Kind kind, const QByteArray &nonce, int edits, BenchStats *naive)
{
    QTemporaryDir source, build;
    const SaveLiveWorkspace workspace(kind, source.path(), nonce + "-naive");
    const QString qt = QStringLiteral("Qt%1").arg(QT_VERSION_MAJOR);
    const QString configure = QStringLiteral("cmake -S '%1' -B '%2' -DRelive_DIR='%3' -DRELIVE_QT_MAJOR=%4 > /dev/null")
                                  .arg(source.path(), build.path(), Relive::LiveSession::defaultPackageDirectory())
                                  .arg(QT_VERSION_MAJOR);
    const QString buildCommand = QStringLiteral("cmake --build '%1' > /dev/null").arg(build.path());
    const QString load = QStringLiteral("'%1' load '%2/edited.so' > /dev/null").arg(cli, build.path());
    if (!workspace.writeNaive(qt) || !ShellCommand::run(configure, source.path(), timeoutMs) || !ShellCommand::run(buildCommand, source.path(), timeoutMs))
        return false;
    for (int i = 1; i <= edits; ++i) {
        QThread::msleep(pauseMs);
        QElapsedTimer timer;
        timer.start();
        workspace.saveEdit(i);
        if (!ShellCommand::run(buildCommand, source.path(), timeoutMs) || !ShellCommand::run(load, source.path(), timeoutMs))
            return false;
        naive->add(double(timer.nsecsElapsed()) / 1e6);
    }
    return true;
}

QList<Variant> parseVariants(const QStringList &values)
{
    QList<Variant> variants{{QStringLiteral("default"), {}}};
    for (const QString &value : values)
        variants.append({value.section(QLatin1Char(':'), 0, 0),
                         value.section(QLatin1Char(':'), 1).split(QLatin1Char(','), Qt::SkipEmptyParts)});
    return variants;
}

/*! Runs \a command in a loop in a process group of its own until the returned process ends. */
QProcess *startBeside(const QString &command)
{
    auto *process = new QProcess;
    process->setStandardOutputFile(QProcess::nullDevice());
    process->setStandardErrorFile(QProcess::nullDevice());
    process->start(QStringLiteral("setsid"), {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                              QStringLiteral("while :; do %1; done").arg(command)});
    process->waitForStarted();
    return process;
}

void report(Kind kind, const Variant &variant, const WatchRun &run, const BenchStats &naive)
{
    const QString label = SaveLiveWorkspace::name(kind) + QStringLiteral(", ") + variant.name;
    BenchOutput::line(QStringLiteral("%1, ms, median / p90 / max:").arg(label));
    BenchOutput::line(QStringLiteral("  save to live (watch)  %1").arg(run.saveToLive.summary()));
    BenchOutput::line(QStringLiteral("  of which build        %1").arg(run.build.summary()));
    BenchOutput::line(QStringLiteral("  of which probe        %1").arg(run.probe.summary()));
    BenchOutput::line(QStringLiteral("  bare compile          %1").arg(run.bare.summary()));
    BenchOutput::line(QStringLiteral("  save to live / bare compile at the median: %1x; naive / save to live: %2x")
                          .arg(run.saveToLive.median() / run.bare.median(), 0, 'f', 2)
                          .arg(naive.median() / run.saveToLive.median(), 0, 'f', 2));
    BenchOutput::line(QStringLiteral("  build folder: %1 MB").arg(double(run.buildFolderBytes) / 1e6, 0, 'f', 1));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Save -> live without a pause, against the bare compile and the naive way."));
    parser.addHelpOption();
    const QCommandLineOption editsOption(QStringLiteral("edits"), QStringLiteral("Edits per way."), QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption cliOption(QStringLiteral("cli"), QStringLiteral("relive-cli."), QStringLiteral("path"));
    const QCommandLineOption variantOption(QStringLiteral("variant"), QStringLiteral("Also NAME:VAR=VALUE,... (SDK settings; --option: of the watch; env:VAR=VALUE: its environment)."), QStringLiteral("spec"));
    const QCommandLineOption besideOption(QStringLiteral("beside"), QStringLiteral("A command run in a loop beside it all."), QStringLiteral("command"));
    const QCommandLineOption noNaiveOption(QStringLiteral("no-naive"), QStringLiteral("Skip the naive way."));
    const QCommandLineOption pauseOption(QStringLiteral("pause"), QStringLiteral("The pause between saves (1100 ms)."), QStringLiteral("ms"));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("one-file or several-file only."), QStringLiteral("kind"));
    parser.addOptions({editsOption, cliOption, variantOption, besideOption, noNaiveOption, onlyOption, pauseOption});
    parser.process(app);
    if (parser.isSet(pauseOption))
        pauseMs = parser.value(pauseOption).toInt();
    const int edits = parser.value(editsOption).toInt();
    const QString cli = QFileInfo(parser.value(cliOption)).absoluteFilePath();
    if (!QFileInfo(cli).isExecutable()) {
        std::fprintf(stderr, "give relive-cli with --cli\n");
        return 2;
    }
    const QByteArray nonce = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    BenchOutput::machine();
    BenchOutput::line(QStringLiteral("nonce of this run: %1 (in every edit's text)").arg(QString::fromLatin1(nonce)));
    QProcess *beside = nullptr;
    if (parser.isSet(besideOption)) {
        BenchOutput::line(QStringLiteral("beside, in a loop: %1").arg(parser.value(besideOption)));
        beside = startBeside(parser.value(besideOption));
    }
    const QList<Variant> variants = parseVariants(parser.values(variantOption));
    int status = 0;
    for (Kind kind : {Kind::OneFile, Kind::SeveralFiles}) {
        if (parser.isSet(onlyOption) && parser.value(onlyOption) != SaveLiveWorkspace::name(kind))
            continue;
        BenchStats naive;
        if (!parser.isSet(noNaiveOption) && !measureNaive(cli, kind, nonce, edits, &naive)) {
            std::fprintf(stderr, "the naive way failed\n");
            status = 1;
            break;
        }
        if (naive.count() > 0)
            BenchOutput::line(QStringLiteral("%1, naive way (CMake defaults, then relive-cli load): %2")
                                  .arg(SaveLiveWorkspace::name(kind), naive.summary()));
        for (const Variant &variant : variants) {
            WatchRun run;
            if (!measureWatch(cli, kind, variant, nonce, edits, &run)) {
                status = 1;
                continue;
            }
            report(kind, variant, run, naive);
        }
    }
    if (beside) {
        ::kill(-pid_t(beside->processId()), SIGTERM);
        beside->waitForFinished(10000);
        delete beside;
    }
    return status;
}
