#pragma once

#include "relive/failurekind.h"
#include "relive/relive_core_export.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace Relive {

/*!
 * A shared library a generation runs with: one of its DT_NEEDED names (or theirs, further
 * down), as the dynamic loader resolved it when the generation loaded. Libraries of the
 * system (under /usr and /lib) are not listed. glibc maps a library once per soname: a
 * generation loaded after the file was rebuilt still runs the copy mapped first, which is
 * what this records (the inode mapped, and the hash and build-id of those bytes).
 */
struct RELIVE_CORE_EXPORT LinkedLibrary
{
    QString soname;   //!< the name asked for (DT_NEEDED)
    QString path;     //!< the file the loader mapped
    QString neededBy; //!< who asked for it first: the plugin's file name or a library's soname
    QString sha256;   //!< of the mapped bytes; empty when the file had been replaced already
    QString buildId;  //!< GNU build-id of the mapped bytes, hex
    quint64 inode = 0; //!< of the mapped file
    /*!
     * A library of the workspace runs as a generation of its own: the copy mapped, whose
     * DT_SONAME names that generation (path, sha256 and build-id are then of the built file
     * that was copied). Empty for a library the loader found by itself.
     */
    QString copy;

    /*!
     * Empty while the file at path still holds the bytes that are mapped; else why the running
     * code differs from it (rebuilt, deleted). For a library the loader found by itself a
     * reload cannot change that; a workspace library's generation (copy) is replaced by
     * reloading its dependents.
     */
    QString staleReason() const;
    QJsonObject toJson() const;
};

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
    /*!
     * The code of the file as built (allocated sections, debug info and notes left out), before
     * the host renamed the workspace libraries it needs: the same code built twice compares equal.
     */
    QByteArray codeHash;
    QString buildId;          //!< GNU build-id, hex; empty when it was linked without one
    QList<LinkedLibrary> libraries; //!< what it runs with besides the system's, as mapped at load
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
