#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>

namespace Relive {

/*! The time since \a timer was started, in milliseconds, to the nanosecond the clock gives. */
inline double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

/*!
 * Where the time of one load or reload went, in milliseconds.
 * A phase that did not run is negative and left out of toJson().
 */
struct RELIVE_CORE_EXPORT ReloadTiming
{
    double buildMs = -1;    //!< compile and link (set by a build pipeline, not by PluginHost)
    double stageMs = -1;    //!< shadow copy and hash
    double validateMs = -1; //!< file checks, UNIQUE symbols, metadata
    double probeMs = -1;    //!< out-of-process trial load
    double loadMs = -1;     //!< dlopen, static constructors, instance
    double restoreMs = -1;  //!< saveState of the old generation + restoreState of the new one
    double unloadMs = -1;   //!< ordered unload of the old generation, verified
    double totalMs = -1;

    QJsonObject toJson() const;
};

} // namespace Relive
