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

    bool isLive() const { return liveGeneration > 0; }
    /*! The newest attempt failed; whatever was live before it still is. */
    bool lastAttemptFailed() const { return lastAttempt.failed(); }
    bool isPinned(int generation) const { return pinnedGenerations.contains(generation); }
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::PluginStatus)
