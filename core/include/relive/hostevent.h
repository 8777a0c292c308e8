#pragma once

#include "relive/failurekind.h"
#include "relive/loadattempt.h"
#include "relive/modulerecord.h"
#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

namespace Relive {

/*!
 * One thing that happened to a plugin, in the schema of the CLI's --json output
 * (README, "JSON events"). Keep toJson() stable: editors and scripts parse it.
 *
 * The plugin events are made from what PluginHost reports in its typed signals (fromAttempt(),
 * fromRetired()); PluginHost::hostEvent() is those, converted.
 */
struct RELIVE_CORE_EXPORT HostEvent
{
    enum class Type {
        BuildStarted,
        BuildFinished,
        BuildFailed,
        Loaded,
        Reloaded,
        LoadFailed,
        ReloadFailed,
        RolledBack,
        Unloaded,
        Pinned,
        Crashed, //!< the process crashed and came back (CrashRecovery): what, where, what was restored
        Stale, //!< loaded code differs from what the build produced, and was not swapped
        Unchanged, //!< a build rewrote a live plugin's file with the code already live: no new generation
    };

    Type type = Type::Loaded;
    QString plugin;
    int generation = 0;
    QString version;
    QString error;            //!< *-failed, pinned
    FailureKind failure = FailureKind::None; //!< the kind of error, when it has one
    QVariantMap state;        //!< reloaded, rolled-back: what the new generation's saveState() returns
    bool hasState = false;
    ReloadTiming timing;      //!< reloaded, rolled-back, loaded
    int fromGeneration = 0;   //!< reloaded, rolled-back: the generation replaced
    int toGeneration = 0;     //!< rolled-back: the generation whose artifact is live again
    QJsonArray diagnostics;   //!< build-failed
    QString file;             //!< stale: the file whose new content does not run
    QStringList plugins;      //!< stale: the plugins that run the old content
    QJsonObject extra;        //!< further keys merged into toJson()

    /*!
     * loaded, reloaded or rolled-back for an \a attempt that went live; load-failed or
     * reload-failed (a live generation stayed) for one that failed.
     */
    static HostEvent fromAttempt(const QString &plugin, const LoadAttempt &attempt);
    /*! unloaded or pinned, for a generation the host retired (its record's state says which). */
    static HostEvent fromRetired(const ModuleRecord &record);

    static QString typeName(Type type);
    QJsonObject toJson() const;
    /*!
     * The event \a json describes (toJson()'s output, as a PluginAgent's socket sends it to
     * relive-cli watch --attach); false when "event" names no event type. Keys it does not know
     * go to extra, so toJson() gives them back.
     */
    static bool fromJson(const QJsonObject &json, HostEvent *event);
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::HostEvent)
