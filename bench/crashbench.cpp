// Crash recovery: from a plugin's crash in `relive-cli watch` (a generation whose member timer
// dereferences null 1 s after it went live) to the previous generation live again, with its
// journaled state: median and p90 over --runs crashes, and the state's age at the crash.
// In the same run, the naive way: restart the watch by hand (a new process loading the good
// file, its state lost) after rebuilding the plugin (--rebuild-dir: `cmake --build` of a
// configured build folder after touching --touch).
//
// relive-crash-bench --cli build/qt6/cli/relive-cli --rebuild-dir build/qt6 --rebuild-target counter
//     --touch plugins/counter/counterplugin.cpp build/qt6/fixtures/fixture_ticking.so build/qt6/fixtures/fixture_crash_later.so
#include "benchoutput.h"
#include "benchstats.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonArray>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>

#include <cstdio>

namespace {

const int eventTimeoutMs = 30000;

/*! A running watch --json, read line by line. */
struct Watch
{
    QProcess process;
    QByteArray pending;

    /*! Waits for an event of \a type; its JSON with "arrived" (ms since the epoch), or empty. */
    QJsonObject waitFor(const QString &type)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < eventTimeoutMs) {
            int newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                QJsonObject event = QJsonDocument::fromJson(pending.left(newline)).object();
                pending.remove(0, newline + 1);
                event.insert(QStringLiteral("arrived"), double(QDateTime::currentMSecsSinceEpoch()));
                if (event.value(QStringLiteral("event")).toString() == type)
                    return event;
            }
            process.waitForReadyRead(100);
            pending += process.readAllStandardOutput();
        }
        return QJsonObject();
    }
    void stop()
    {
        process.terminate();
        process.waitForFinished(eventTimeoutMs);
    }
};

bool replace(const QString &path, const QString &from)
{
    const QString temporary = path + QStringLiteral(".new");
    QFile::remove(temporary);
    return QFile::copy(from, temporary) && QFile::setPermissions(temporary, QFile::ReadOwner | QFile::WriteOwner)
        && std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) == 0;
}

/*! One crash and its recovery; adds ms to \a recovery and the state's age to \a stateAge. */
bool crashOnce(const QString &cli, const QString &good, const QString &crashing, const QString &period,
               BenchStats *recovery, BenchStats *stateAge)
{
    QTemporaryDir folder;
    const QString artifact = folder.filePath(QStringLiteral("plugin.so"));
    Watch watch;
    if (!QFile::copy(good, artifact) || !QFile::setPermissions(artifact, QFile::ReadOwner | QFile::WriteOwner))
        return false;
    watch.process.start(cli, {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--journal-period"), period, artifact});
    if (watch.waitFor(QStringLiteral("loaded")).isEmpty() || !replace(artifact, crashing)
        || watch.waitFor(QStringLiteral("reloaded")).isEmpty())
        return false;
    const QJsonObject back = watch.waitFor(QStringLiteral("rolled-back"));
    const QJsonObject crashed = watch.waitFor(QStringLiteral("crashed"));
    watch.stop();
    if (back.isEmpty() || crashed.isEmpty())
        return false;
    const double at = double(QDateTime::fromString(crashed.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch());
    recovery->add(back.value(QStringLiteral("arrived")).toDouble() - at);
    const QJsonObject restored = crashed.value(QStringLiteral("restored")).toArray().at(0).toObject();
    stateAge->add(restored.value(QStringLiteral("stateAgeMs")).toDouble());
    return true;
}

/*! The naive way: rebuild, then a fresh watch until its plugin is loaded (state lost). */
bool restartByHand(const QString &cli, const QString &good, const QStringList &rebuild, const QString &touch,
                   BenchStats *restart)
{
    QElapsedTimer timer;
    timer.start();
    if (!rebuild.isEmpty()) {
        QFile source(touch);
        if (!source.open(QIODevice::ReadWrite))
            return false;
        const QByteArray text = source.readAll();
        source.seek(0);
        source.write(text); // rewritten: a new mtime, the same content
        source.close();
        if (QProcess::execute(QStringLiteral("cmake"), rebuild) != 0)
            return false;
    }
    Watch watch;
    watch.process.start(cli, {QStringLiteral("watch"), QStringLiteral("--json"), good});
    const bool loaded = !watch.waitFor(QStringLiteral("loaded")).isEmpty();
    restart->add(double(timer.elapsed()));
    watch.stop();
    return loaded;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{QStringLiteral("cli"), QStringLiteral("relive-cli"), QStringLiteral("path")},
                       {QStringLiteral("runs"), QStringLiteral("crashes to measure (10)"), QStringLiteral("n"), QStringLiteral("10")},
                       {QStringLiteral("journal-period"), QStringLiteral("seconds (2)"), QStringLiteral("s"), QStringLiteral("2")},
                       {QStringLiteral("rebuild-dir"), QStringLiteral("a configured build folder"), QStringLiteral("dir")},
                       {QStringLiteral("rebuild-target"), QStringLiteral("its plugin target"), QStringLiteral("target")},
                       {QStringLiteral("touch"), QStringLiteral("the source rewritten before the rebuild"), QStringLiteral("file")}});
    parser.addPositionalArgument(QStringLiteral("good"), QStringLiteral("the plugin that keeps running (fixture_ticking.so)"));
    parser.addPositionalArgument(QStringLiteral("crashing"), QStringLiteral("the one that crashes once live (fixture_crash_later.so)"));
    parser.process(app);
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2 || !parser.isSet(QStringLiteral("cli"))) {
        std::fprintf(stderr, "usage: relive-crash-bench --cli PATH GOOD.so CRASHING.so (see --help)\n");
        return 2;
    }
    QStringList rebuild;
    if (parser.isSet(QStringLiteral("rebuild-dir"))) {
        rebuild = QStringList{QStringLiteral("--build"), parser.value(QStringLiteral("rebuild-dir")), QStringLiteral("--target"),
                              parser.value(QStringLiteral("rebuild-target"))};
    }
    BenchOutput::machine();
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    BenchStats recovery, stateAge, restart;
    for (int i = 0; i < runs; ++i) {
        if (!crashOnce(parser.value(QStringLiteral("cli")), files.at(0), files.at(1), parser.value(QStringLiteral("journal-period")),
                       &recovery, &stateAge)) {
            std::fprintf(stderr, "run %d: the watch did not come back\n", i + 1);
            return 1;
        }
        if (!restartByHand(parser.value(QStringLiteral("cli")), files.at(0), rebuild, parser.value(QStringLiteral("touch")), &restart)) {
            std::fprintf(stderr, "run %d: the restart by hand failed\n", i + 1);
            return 1;
        }
    }
    BenchOutput::line(QStringLiteral("journal period: %1 s").arg(parser.value(QStringLiteral("journal-period"))));
    BenchOutput::line(QStringLiteral("crash -> previous generation live with its state (ms): %1").arg(recovery.summary(0)));
    BenchOutput::line(QStringLiteral("age of the restored state at the crash (ms):          %1").arg(stateAge.summary(0)));
    BenchOutput::line(QStringLiteral("naive: %1 + restart until loaded, state lost (ms): %2")
                          .arg(rebuild.isEmpty() ? QStringLiteral("no rebuild") : QStringLiteral("rebuild"), restart.summary(0)));
    BenchOutput::line(QStringLiteral("ratio (median): %1x").arg(restart.median() / qMax(1.0, recovery.median()), 0, 'f', 1));
    return 0;
}
