// What the crash journal costs the host: a plugin is loaded in this process, as `relive-cli
// watch` and the app load it, and CrashJournal::saveStates() runs --saves times, each after the
// plugin's state changed (the fixture counts every 50 ms), so each one writes the journal.
// Reported: the time one save takes on the GUI thread (saveState(), handing the journal to
// the writer's thread), median / p90 / max; the time the write takes on the writer's thread
// (JSON, an atomic write with fsync), which the GUI thread no longer waits for; the file's
// size; and what the GUI thread's part costs per second of a running session at --period (the
// default is the journal period of `watch` and the app, 2 s): median × (1000 / period).
// In the same run, the naive way against which it is measured: nothing is journaled (0 ms), and
// a crash loses the state.
//
// relive-journal-bench --saves 200 --period 2 build/qt6/fixtures/fixture_ticking.so
#include "benchcommandline.h"
#include "benchoutput.h"
#include "benchstats.h"

#include <relive/pluginhost.h>
#include <relive/private/crashjournal.h>
#include <relive/private/crashrecovery.h>
#include <relive/runtimefolder.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QFileInfo>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>

int main(int argc, char *argv[])
{
    BenchCommandLine::useOffscreenByDefault();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the crash journal's saves of a live plugin's state."));
    const QCommandLineOption saves(QStringLiteral("saves"), QStringLiteral("Saves to time (default 200)."),
                                   QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption period(QStringLiteral("period"), QStringLiteral("The journal period to cost, in s (default 2)."),
                                    QStringLiteral("s"), QStringLiteral("2"));
    parser.addOptions({saves, period});
    const QString plugin = BenchCommandLine::processWithPlugin(parser, app);
    const int count = qMax(1, parser.value(saves).toInt());
    const double periodMs = qMax(0.01, parser.value(period).toDouble()) * 1000;

    Relive::PluginHost host;
    const QString path = Relive::CrashRecovery::journalPath(host.runtimeFolder().path());
    // Before the load, which it journals; a period longer than the run: only the saves timed
    // here write.
    Relive::CrashJournal journal(&host, path, 24 * 3600 * 1000);
    if (!host.load(plugin)) {
        BenchOutput::line(QStringLiteral("cannot load %1: %2").arg(plugin, host.errorString()));
        return 1;
    }
    BenchStats saveMs;
    BenchStats writeMs;
    journal.flush();
    const int writesBefore = journal.writes();
    for (int i = 0; i < count; ++i) {
        QTest::qWait(60); // the fixture's state changes every 50 ms
        journal.saveStates();
        saveMs.add(journal.lastSaveMs());
        journal.flush(); // not timed: each save's own write, one at a time
        writeMs.add(journal.lastWriteMs());
    }
    const int written = journal.writes() - writesBefore;
    BenchOutput::machine();
    BenchOutput::line(QStringLiteral("plugin: %1; journal: %2 bytes; %3 of %4 saves wrote it")
                          .arg(QFileInfo(plugin).fileName()).arg(QFileInfo(path).size()).arg(written).arg(count));
    BenchOutput::line(QStringLiteral("one save on the GUI thread (saveState, handed to the writer), ms: %1").arg(saveMs.summary(3)));
    BenchOutput::line(QStringLiteral("its write on the writer's thread (JSON, atomic write, fsync), ms: %1").arg(writeMs.summary(3)));
    BenchOutput::line(QStringLiteral("GUI-thread cost at a %1 s period: %2 ms per s of session (%3 % of one core); the naive way: 0, "
                                     "and a crash loses the state")
                          .arg(periodMs / 1000)
                          .arg(saveMs.median() * 1000 / periodMs, 0, 'f', 3)
                          .arg(saveMs.median() * 100 / periodMs, 0, 'f', 4));
    host.unloadAll();
    return written == count ? 0 : 1;
}
