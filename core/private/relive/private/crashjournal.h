#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <memory>

namespace Relive {

class JournalWriter;
class PluginHost;
struct LoadAttempt;
struct ModuleRecord;

/*!
 * The state journal of a host process, for CrashRecovery: which generations of each plugin
 * went live (with their kept shadow copies) and each live plugin's saveState(), written
 * atomically (AtomicFile) at every load, reload and rollback, and every period() while a
 * state changes. saveState() runs on the plugin's (this object's) thread; the file is written
 * on a thread of its own (JournalWriter), so its fsync never stalls the GUI. It also keeps
 * CrashGuard's table of loaded generations up to date.
 *
 * The file: {"plugins": {name: {"live", "generations": [...], "state", "stateAt",
 * "stateGeneration"}}, "crashes": [...], "restoring", "ownCrashRestarts"}.
 */
class RELIVE_CORE_EXPORT CrashJournal : public QObject
{
    Q_OBJECT

public:
    /*! Journals \a host into \a path, every \a periodMs while a state changes. */
    CrashJournal(PluginHost *host, const QString &path, int periodMs, QObject *parent = nullptr);
    /*! Writes what is pending first. */
    ~CrashJournal() override;

    QString path() const { return m_path; }
    int period() const { return m_timer.interval(); }
    void setPeriod(int ms);

    /*! The plugin being restored now: a crash before it is cleared blames the restore. On disk on return. */
    void setRestoring(const QString &plugin);
    /*! Crashes carried over from before (each {"plugin", "generation", "sha256", "at"...}). */
    void setCrashes(const QJsonArray &crashes);
    void setOwnCrashRestarts(int count);
    /*! Marks the live generation of \a plugin as brought back after a crash. */
    void markRestored(const QString &plugin, int generation);

    /*! Saves every live plugin's state now and has the file written if anything changed. */
    void saveStates();
    /*! Waits until every write asked for so far is on disk. */
    void flush();
    /*!
     * How many times the file was written; the time the last saveStates() took on this
     * thread, in ms; the time the last write took on the writer's thread, in ms.
     */
    int writes() const;
    double lastSaveMs() const { return m_lastSaveMs; }
    double lastWriteMs() const;

    static QJsonObject read(const QString &path);

private:
    void onGenerationLive(const QString &name, const LoadAttempt &attempt);
    void onRetired(const ModuleRecord &record, int successor);
    void updateGuardTable();
    void write();

    PluginHost *m_host;
    QString m_path;
    QTimer m_timer;
    QJsonObject m_journal;
    std::unique_ptr<JournalWriter> m_writer;
    double m_lastSaveMs = 0;
};

} // namespace Relive
