#pragma once

#include "relive/loadattempt.h"
#include "relive/relive_core_export.h"

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace Relive {

/*!
 * Where one plugin stands in a PluginHost (PluginHost::status()): which generation is live,
 * how the newest attempt to bring one in ended, and which older generations could not be
 * unloaded. A view can show it as it is, without reading the history.
 */
struct RELIVE_CORE_EXPORT PluginStatus
{
    QString name;
    int liveGeneration = 0;    //!< 0: nothing is live
    /*! The live generation, else the newest that was live (unloaded or pinned now); 0 if none ran. */
    int lastRunGeneration = 0;
    /*!
     * The newest load, reload or rollback since the last unload() (an unload supersedes what
     * was tried before it); none (generation 0 and no failure) before the first or after one.
     */
    LoadAttempt lastAttempt;
    QList<int> pinnedGenerations; //!< still mapped after their unload, newest first
    QString pinnedError;          //!< why the newest of them is pinned
    /*!
     * Non-empty when the live generation runs code that differs from what its files hold now
     * and that no reload of it can change: a library it runs with was rebuilt (LinkedLibrary::
     * staleReason()). Only a restart runs the new code.
     */
    QString staleReason;

    bool isLive() const { return liveGeneration > 0; }
    /*! The newest attempt failed; whatever was live before it still is. */
    bool lastAttemptFailed() const { return lastAttempt.failed(); }
    bool isPinned(int generation) const { return pinnedGenerations.contains(generation); }
    bool isStale() const { return !staleReason.isEmpty(); }
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::PluginStatus)
