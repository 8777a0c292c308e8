#include "relive/private/crashjournal.h"

#include "journalwriter.h"
#include "relive/pluginhost.h"
#include "relive/private/crashguard.h"
#include "relive/reloadtiming.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>

namespace Relive {

namespace {
const int keptInJournal = 8; // generations per plugin
QString key(const char *name)
{
    return QString::fromLatin1(name);
}
} // namespace

CrashJournal::CrashJournal(PluginHost *host, const QString &path, int periodMs, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_path(path)
    , m_writer(new JournalWriter(path))
{
    m_journal.insert(key("plugins"), QJsonObject());
    connect(host, &PluginHost::generationLive, this, &CrashJournal::onGenerationLive);
    connect(host, &PluginHost::generationRetired, this, &CrashJournal::onRetired);
    connect(&m_timer, &QTimer::timeout, this, &CrashJournal::saveStates);
    setPeriod(periodMs);
    write();
}

CrashJournal::~CrashJournal() = default;

void CrashJournal::setPeriod(int ms)
{
    m_timer.start(qMax(10, ms));
}

void CrashJournal::setRestoring(const QString &plugin)
{
    if (plugin.isEmpty())
        m_journal.remove(key("restoring"));
    else
        m_journal.insert(key("restoring"), plugin);
    write();
    // The mark must be there if the restore crashes: on disk before the restore starts.
    flush();
}

void CrashJournal::setCrashes(const QJsonArray &crashes)
{
    m_journal.insert(key("crashes"), crashes);
    write();
}

void CrashJournal::setOwnCrashRestarts(int count)
{
    m_journal.insert(key("ownCrashRestarts"), count);
    m_journal.insert(key("startedAt"), QDateTime::currentMSecsSinceEpoch());
    write();
}

void CrashJournal::markRestored(const QString &plugin, int generation)
{
    QJsonObject plugins = m_journal.value(key("plugins")).toObject();
    QJsonObject entry = plugins.value(plugin).toObject();
    QJsonArray generations = entry.value(key("generations")).toArray();
    for (int i = 0; i < generations.size(); ++i) {
        QJsonObject kept = generations.at(i).toObject();
        if (kept.value(key("generation")).toInt() == generation) {
            kept.insert(key("restoredAfterCrash"), true);
            generations[i] = kept;
        }
    }
    entry.insert(key("generations"), generations);
    plugins.insert(plugin, entry);
    m_journal.insert(key("plugins"), plugins);
    write();
}

void CrashJournal::onGenerationLive(const QString &name, const LoadAttempt &attempt)
{
    const ModuleRecord record = m_host->record(name, attempt.generation);
    QJsonObject plugins = m_journal.value(key("plugins")).toObject();
    QJsonObject entry = plugins.value(name).toObject();
    QJsonArray generations = entry.value(key("generations")).toArray();
    generations.prepend(QJsonObject{
        {key("generation"), record.generation},
        {key("shadowPath"), record.shadowPath},
        {key("artifactPath"), record.artifactPath},
        {key("sha256"), record.sha256},
        {key("codeHash"), QString::fromLatin1(record.codeHash.toHex())},
        {key("version"), record.version},
        {key("liveSince"), QDateTime::currentMSecsSinceEpoch()},
    });
    while (generations.size() > keptInJournal)
        generations.removeLast();
    entry.insert(key("generations"), generations);
    entry.insert(key("live"), record.generation);
    plugins.insert(name, entry);
    m_journal.insert(key("plugins"), plugins);
    updateGuardTable();
    saveStates(); // writes, the new state included
    write();
}

void CrashJournal::onRetired(const ModuleRecord &record, int successor)
{
    if (successor)
        return; // the successor's generationLive() follows
    QJsonObject plugins = m_journal.value(key("plugins")).toObject();
    QJsonObject entry = plugins.value(record.name).toObject();
    entry.insert(key("live"), 0);
    plugins.insert(record.name, entry);
    m_journal.insert(key("plugins"), plugins);
    updateGuardTable();
    write();
}

void CrashJournal::updateGuardTable()
{
    QList<CrashGuard::Module> modules;
    const QJsonObject plugins = m_journal.value(key("plugins")).toObject();
    for (auto it = plugins.begin(); it != plugins.end(); ++it) {
        if (!m_host->isLoaded(it.key()))
            continue;
        const ModuleRecord live = m_host->record(it.key());
        const QJsonObject newest = it.value().toObject().value(key("generations")).toArray().at(0).toObject();
        modules << CrashGuard::moduleFor(it.key(), live.generation, live.shadowPath,
                                         qint64(newest.value(key("liveSince")).toDouble()));
    }
    CrashGuard::setModules(modules);
}

void CrashJournal::saveStates()
{
    QElapsedTimer timer;
    timer.start();
    QJsonObject plugins = m_journal.value(key("plugins")).toObject();
    bool changed = false;
    for (auto it = plugins.begin(); it != plugins.end(); ++it) {
        if (!m_host->isLoaded(it.key()) || !m_host->liveState(it.key()))
            continue;
        QString error;
        const QJsonObject state = QJsonObject::fromVariantMap(m_host->saveState(it.key(), &error));
        QJsonObject entry = it.value().toObject();
        const int generation = m_host->record(it.key()).generation;
        if (!error.isEmpty() || (entry.value(key("state")).toObject() == state
                                 && entry.value(key("stateGeneration")).toInt() == generation))
            continue;
        entry.insert(key("state"), state);
        entry.insert(key("stateAt"), QDateTime::currentMSecsSinceEpoch());
        entry.insert(key("stateGeneration"), generation);
        it.value() = entry;
        changed = true;
    }
    if (changed) {
        m_journal.insert(key("plugins"), plugins);
        write();
    }
    m_lastSaveMs = elapsedMs(timer);
}

void CrashJournal::write()
{
    m_writer->post(m_journal);
}

void CrashJournal::flush()
{
    m_writer->flush();
}

int CrashJournal::writes() const
{
    return m_writer->writes();
}

double CrashJournal::lastWriteMs() const
{
    return m_writer->lastWriteMs();
}

QJsonObject CrashJournal::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QJsonObject();
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace Relive
