#pragma once

#include "relive/failurekind.h"
#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"

#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace Relive {

/*!
 * How one PluginHost::load(), reload() or rollback() ended: the generation it made live, or
 * why it did not. PluginHost::generationLive() and attemptFailed() carry it, and
 * PluginStatus::lastAttempt keeps the newest one.
 */
struct RELIVE_CORE_EXPORT LoadAttempt
{
    /*! The generation it made or tried; 0 when it was refused before one was numbered. */
    int generation = 0;
    /*!
     * The generation that was live when it was tried, 0 if none: replaced when this one went
     * live, still live when it failed.
     */
    int previousGeneration = 0;
    int rollbackOf = 0;       //!< a rollback: the kept generation whose artifact it brought back
    FailureKind failure = FailureKind::None; //!< None: it went live
    QString error;            //!< why it failed: the cause and what to do; empty when it went live

    // Only when it went live:
    QString version;          //!< the new generation's Version
    ReloadTiming timing;      //!< where the time went
    QVariantMap state;        //!< the new generation's saveState(), detached from its code
    bool hasState = false;    //!< false for a plugin without LivePlugin, or when saveState() threw
    QString stateError;       //!< saveState() threw: what it said

    bool wentLive() const { return generation > 0 && failure == FailureKind::None; }
    bool failed() const { return failure != FailureKind::None; }
    /*! Whether it was meant to replace a live generation (a reload or rollback). */
    bool isReplacement() const { return previousGeneration > 0; }
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::LoadAttempt)
