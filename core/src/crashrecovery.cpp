#include "relive/private/crashrecovery.h"

#include "relive/pluginhost.h"
#include "relive/private/crashjournal.h"
#include "relive/private/crashrecord.h"
#include "relive/runtimefolder.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>

namespace Relive {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

/*! "SIGSEGV at file:line function, 1.2 s after it went live" */
QString describeCrash(const CrashRecord &record)
{
    QString text = record.signalName();
    const QString where = record.pluginLocation();
    if (!where.isEmpty())
        text += QStringLiteral(" at ") + where;
    if (record.liveMs() >= 0)
        text += QStringLiteral(", %1 s after it went live").arg(double(record.liveMs()) / 1000.0, 0, 'f', 1);
    return text;
}

/*! The newest kept generation of \a entry that is not \a crashed and has not crashed before. */
QJsonObject lastGoodGeneration(const QJsonObject &entry, int crashed, const QJsonArray &crashes, const QString &plugin)
{
    const QJsonArray generations = entry.value(key("generations")).toArray();
    for (const QJsonValue &value : generations) {
        const QJsonObject generation = value.toObject();
        const QString sha = generation.value(key("sha256")).toString();
        const QString code = generation.value(key("codeHash")).toString();
        bool crashedBefore = generation.value(key("generation")).toInt() == crashed;
        for (const QJsonValue &value : crashes) {
            const QJsonObject crash = value.toObject();
            crashedBefore = crashedBefore
                || (crash.value(key("plugin")).toString() == plugin
                    && (crash.value(key("sha256")).toString() == sha
                        || (!code.isEmpty() && crash.value(key("codeHash")).toString() == code)));
        }
        if (!crashedBefore && QFileInfo::exists(generation.value(key("shadowPath")).toString()))
            return generation;
    }
    return QJsonObject();
}

QJsonObject generationEntry(const QJsonObject &entry, int generation)
{
    const QJsonArray generations = entry.value(key("generations")).toArray();
    for (const QJsonValue &value : generations) {
        if (value.toObject().value(key("generation")).toInt() == generation)
            return value.toObject();
    }
    return QJsonObject();
}

/*! Keeps the crashed generation in \a host's history, and returns it for the journal. */
QJsonObject markCrashed(PluginHost *host, const QString &plugin, const QJsonObject &generation, const CrashRecord &record)
{
    ModuleRecord crashed;
    crashed.name = plugin;
    crashed.generation = generation.value(key("generation")).toInt();
    crashed.version = generation.value(key("version")).toString();
    crashed.sha256 = generation.value(key("sha256")).toString();
    crashed.codeHash = QByteArray::fromHex(generation.value(key("codeHash")).toString().toLatin1());
    crashed.artifactPath = generation.value(key("artifactPath")).toString();
    crashed.errorString = describeCrash(record);
    host->markCrashed(crashed);
    return QJsonObject{{key("plugin"), plugin},
                       {key("generation"), crashed.generation},
                       {key("sha256"), crashed.sha256},
                       {key("codeHash"), QString::fromLatin1(crashed.codeHash.toHex())},
                       {key("error"), crashed.errorString},
                       {key("at"), record.timeMs}};
}

struct Restorer
{
    PluginHost *host;
    CrashJournal *journal;
    const CrashRecord &record;
    QJsonObject old;
    CrashRecovery::Outcome outcome;
    QJsonArray restored;
    QJsonArray crashes;

    /*! Why \a plugin must start without being loaded, or empty. */
    QString reasonToLeaveOut(const QString &plugin, const QJsonObject &entry) const;
    void restorePlugin(const QString &plugin, const QJsonObject &entry);
};

QString Restorer::reasonToLeaveOut(const QString &plugin, const QJsonObject &entry) const
{
    if (old.value(key("restoring")).toString() == plugin)
        return QStringLiteral("restoring %1 after a crash crashed too (%2)").arg(plugin, describeCrash(record));
    if (record.isPluginCrash() && record.culpritModule().plugin == plugin) {
        const QJsonObject crashed = generationEntry(entry, record.culpritModule().generation);
        if (crashed.value(key("restoredAfterCrash")).toBool() && record.liveMs() < CrashRecovery::loopWindowMs) {
            return QStringLiteral("generation %1 of %2, brought back after a crash, crashed again (%3)")
                .arg(record.culpritModule().generation).arg(plugin, describeCrash(record));
        }
    }
    return QString();
}

void Restorer::restorePlugin(const QString &plugin, const QJsonObject &entry)
{
    const bool culprit = record.isPluginCrash() && record.culpritModule().plugin == plugin;
    const int crashedGeneration = culprit ? record.culpritModule().generation : 0;
    if (culprit)
        crashes.append(markCrashed(host, plugin, generationEntry(entry, crashedGeneration), record));
    else if (entry.value(key("live")).toInt() == 0)
        return; // not loaded when it crashed
    QString why = reasonToLeaveOut(plugin, entry);
    const QJsonObject good = lastGoodGeneration(entry, crashedGeneration, crashes, plugin);
    if (why.isEmpty() && good.isEmpty())
        why = QStringLiteral("no earlier generation of %1 is kept").arg(plugin);
    if (!why.isEmpty()) {
        outcome.leftOut << plugin;
        outcome.messages << QStringLiteral("%1: starting without it; fix it and rebuild").arg(why);
        return;
    }
    const int generation = good.value(key("generation")).toInt();
    const QJsonObject state = entry.value(key("state")).toObject();
    const qint64 stateAt = qint64(entry.value(key("stateAt")).toDouble());
    journal->setRestoring(plugin);
    if (!host->restoreKept(plugin, generation, good.value(key("shadowPath")).toString(),
                           good.value(key("artifactPath")).toString(), state.toVariantMap(), entry.contains(key("state")))) {
        journal->setRestoring(QString());
        outcome.leftOut << plugin;
        outcome.messages << QStringLiteral("%1 generation %2 could not be loaded again: %3").arg(plugin).arg(generation).arg(host->errorString());
        return;
    }
    const int now = host->record(plugin).generation;
    journal->markRestored(plugin, now);
    journal->setRestoring(QString());
    journal->saveStates();
    QJsonObject done{{key("plugin"), plugin}, {key("generation"), generation}, {key("as"), now}};
    if (entry.contains(key("state"))) {
        done.insert(key("state"), state);
        done.insert(key("stateFrom"), QDateTime::fromMSecsSinceEpoch(stateAt).toString(Qt::ISODateWithMs));
        done.insert(key("stateAgeMs"), record.timeMs - stateAt);
    }
    restored.append(done);
    outcome.messages << QStringLiteral("%1: generation %2 is live again as generation %3%4").arg(plugin).arg(generation).arg(now)
                            .arg(done.contains(key("stateAgeMs")) ? QStringLiteral(", with its state of %1 s before the crash")
                                                                         .arg(double(record.timeMs - stateAt) / 1000.0, 0, 'f', 1)
                                                                   : QString());
}

void fillEvent(HostEvent &event, const CrashRecord &record, const QJsonArray &restored)
{
    event.type = HostEvent::Type::Crashed;
    event.plugin = record.isPluginCrash() ? record.culpritModule().plugin : QString();
    event.generation = record.isPluginCrash() ? record.culpritModule().generation : 0;
    event.failure = FailureKind::CrashedLive;
    event.error = (record.isPluginCrash() ? QString() : QStringLiteral("Relive itself crashed: ")) + describeCrash(record);
    event.extra.insert(key("signal"), record.signalName());
    event.extra.insert(key("frames"), record.frameList());
    event.extra.insert(key("at"), QDateTime::fromMSecsSinceEpoch(record.timeMs).toString(Qt::ISODateWithMs));
    event.extra.insert(key("own"), !record.isPluginCrash());
    if (record.liveMs() >= 0)
        event.extra.insert(key("liveMs"), record.liveMs());
    event.extra.insert(key("restored"), restored);
}

} // namespace

QString CrashRecovery::journalPath(const QString &runtimeFolder)
{
    return runtimeFolder + QStringLiteral("/journal.json");
}

QString CrashRecovery::recordPath(const QString &runtimeFolder)
{
    return runtimeFolder + QStringLiteral("/crash.record");
}

CrashRecovery::Outcome CrashRecovery::restore(const QString &previousFolder, PluginHost *host, CrashJournal *journal)
{
    CrashRecord record = CrashRecord::read(recordPath(previousFolder));
    Restorer restorer{host, journal, record, CrashJournal::read(journalPath(previousFolder)), {}, {}, {}};
    restorer.crashes = restorer.old.value(key("crashes")).toArray();
    if (!record.isValid()) {
        restorer.outcome.messages << QStringLiteral("no crash record in %1: starting afresh").arg(previousFolder);
        return restorer.outcome;
    }
    record.symbolize();
    const int ownRestarts = restorer.old.value(key("ownCrashRestarts")).toInt();
    const qint64 startedAt = qint64(restorer.old.value(key("startedAt")).toDouble());
    const bool own = !record.isPluginCrash() && restorer.old.value(key("restoring")).toString().isEmpty();
    if (own && ownRestarts > 0 && record.timeMs - startedAt < loopWindowMs) {
        restorer.outcome.stop = true;
        restorer.outcome.messages << QStringLiteral("Relive crashed again (%1) %2 s after it restarted from a crash of "
                                                    "its own: not restarting again. Start it by hand; if it keeps crashing, "
                                                    "report it with this message.")
                                         .arg(describeCrash(record)).arg(double(record.timeMs - startedAt) / 1000.0, 0, 'f', 1);
    } else {
        const QJsonObject plugins = restorer.old.value(key("plugins")).toObject();
        for (auto it = plugins.begin(); it != plugins.end(); ++it)
            restorer.restorePlugin(it.key(), it.value().toObject());
        journal->setCrashes(restorer.crashes);
        journal->setOwnCrashRestarts(own ? ownRestarts + 1 : 0);
    }
    fillEvent(restorer.outcome.event, record, restorer.restored);
    if (!restorer.outcome.leftOut.isEmpty())
        restorer.outcome.event.extra.insert(key("leftOut"), QJsonArray::fromStringList(restorer.outcome.leftOut));
    restorer.outcome.event.extra.insert(key("messages"), QJsonArray::fromStringList(restorer.outcome.messages));
    // The old runtime folder held the kept copies and the journal; it is ours (same parent) to remove.
    const QFileInfo folder(previousFolder);
    if (folder.absolutePath() == QFileInfo(host->runtimeFolder().path()).absolutePath()
        && folder.absoluteFilePath() != QFileInfo(host->runtimeFolder().path()).absoluteFilePath())
        QDir(folder.absoluteFilePath()).removeRecursively();
    return restorer.outcome;
}

} // namespace Relive
