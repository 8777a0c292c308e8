#pragma once

#include "relive/failurekind.h"
#include "relive/relive_core_export.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace Relive {

/*!
 * What is known about one generation of one plugin: where it came from, what it declares,
 * and what became of it. PluginHost keeps one per generation (the history).
 */
struct RELIVE_CORE_EXPORT ModuleRecord
{
    enum class State {
        Loaded,   //!< live: its code is mapped and its instance in use
        Failed,   //!< refused or crashed on the way in; never became live
        Unloaded, //!< was live, unloaded and verified gone from the process
        Pinned,   //!< was unloaded, but the library is still mapped (cannot be unloaded)
    };

    QString name;
    QString version;
    QString compatVersion;
    QString vendor;
    QString description;
    QString iid;
    QString className;
    QString qtVersion;        //!< Qt version the plugin was built against, "6.4.2"
    int generation = 0;
    int rolledBackFrom = 0;   //!< generation whose artifact this one reloads; 0 if none
    QString artifactPath;
    QString shadowPath;
    QString sha256;           //!< hex
    qint64 size = 0;
    QDateTime artifactModified;
    QDateTime loadedAt;
    double loadMs = -1;
    State state = State::Failed;
    QString errorString;
    /*!
     * The kind of errorString: why it failed (Failed), ShutdownThrew (Unloaded, its shutdown()
     * threw) or Pinned; None when there is no error.
     */
    FailureKind failure = FailureKind::None;
    QJsonObject metaData;     //!< everything QPluginLoader::metaData() returned
    bool restorable = false;  //!< the shadow copy is still kept, so a rollback can reload it

    static QString stateName(State state);
    QJsonObject toJson() const;
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::ModuleRecord)
