#pragma once

#include "pluginhost_p.h"
#include "pluginmetatypes.h"
#include "relive/loadattempt.h"
#include "stagedartifact.h"

#include <QtCore/QElapsedTimer>

#include <memory>

namespace Relive {

/*!
 * One try at bringing a generation in (a load, reload or rollback), in the steps of the reload
 * rules: stage → validate → probe → load → hand the state over → commit. Nothing of the
 * plugin runs before load(); the old generation stays live, with its state, until commit().
 * The first step that fails refuses the generation, says why, and leaves the live one as it was.
 */
class ReloadAttempt
{
public:
    ReloadAttempt(PluginHostPrivate &host, const BringInRequest &request);

    ReloadAttempt(const ReloadAttempt &) = delete;
    ReloadAttempt &operator=(const ReloadAttempt &) = delete;

    /*! Runs every step; true when the new generation went live. Reports either way. */
    bool run();
    /*! The steps before any of its code runs here (up to the probe); reports only a refusal. */
    bool prepare();
    /*! The rest, after prepare(): load, state, commit. Reports either way. */
    bool finish();
    /*! Refuses a prepared generation for a reason outside it (another of its set was refused). */
    bool abandon(FailureKind kind, const QString &error);
    /*! The name of the plugin (once validated) and why it was refused, after a refusal. */
    QString name() const { return m_generation ? m_generation->record.name : m_label; }
    QString errorString() const { return m_attempt.error; }

private:
    bool stage();         //!< reads, checks and copies the file into the runtime folder (rules 1, 3)
    bool validate();      //!< metadata and symbols (rule 4); numbers the generation, names its copy
    bool bindLibraries(); //!< the copy asks for its workspace libraries' newest generations
    bool probe();         //!< a trial run in a child process, when probing is on
    bool load();          //!< the first moment any of the plugin's code runs here
    bool handOverState(); //!< old saveState() into new restoreState() (rule 8)
    bool commit();        //!< retires the old generation, makes the new one live, reports

    void describe(const PluginMetadata &metadata);
    /*! Refuses a file before it was numbered as a generation: only the report. */
    bool refuse(const QString &name, FailureKind kind, const QString &error);
    /*! Refuses the numbered generation: unloads whatever of it ran, keeps its record, reports. */
    bool reject(FailureKind kind, const QString &error);
    /*! The time since the last step ended, in ms; the next step's time starts now. */
    double lap();

    PluginHostPrivate &d;
    const BringInRequest &m_request;
    QElapsedTimer m_total;
    QElapsedTimer m_phase;
    QString m_label;                 //!< what a report names before the metadata was read
    LoadAttempt m_attempt;
    StagedArtifact m_staged;
    QByteArray m_codeHash; //!< of the staged file
    PluginSlot *m_slot = nullptr;
    LoadedGeneration *m_old = nullptr; //!< the live generation it would replace
    std::unique_ptr<LoadedGeneration> m_generation;
    PluginMetaTypes::Taken m_oldMetaTypes; //!< the old generation's, while the new one loads
    QStringList m_libraries;               //!< library generation copies to load first
};

} // namespace Relive
