#pragma once

#include "relive/hostevent.h"
#include "relive/relive_core_export.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

class CrashJournal;
class PluginHost;

/*!
 * After CrashGuard re-executed a crashed host: reads the crash record and the state journal
 * the process before left in its runtime folder, symbolizes the frames, brings every plugin
 * back at its last generation that did not crash (from the kept shadow copy) with its
 * journaled state, keeps the crashed generation in the history as crashed, and removes the
 * old folder. No crash loop: a restored generation that crashes again soon, or a crash during
 * a restore, leaves that plugin out; Relive's own crash that repeats at start stops.
 */
class RELIVE_CORE_EXPORT CrashRecovery
{
public:
    /*! A restored generation that crashes within this time after coming back is left out. */
    static constexpr qint64 loopWindowMs = 30000;

    struct Outcome
    {
        HostEvent event;      //!< crashed: what, where, what was restored and from when
        bool stop = false;    //!< Relive's own crash repeated: do not go on
        QStringList messages; //!< for people: what was restored, left out and why
        QStringList leftOut;  //!< plugins started without
    };

    static QString journalPath(const QString &runtimeFolder);
    static QString recordPath(const QString &runtimeFolder);

    /*! Restores into \a host, journaled by \a journal, what \a previousFolder holds. */
    static Outcome restore(const QString &previousFolder, PluginHost *host, CrashJournal *journal);
};

} // namespace Relive
