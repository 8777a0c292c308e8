#pragma once

#include "relive/private/crashguard.h"
#include "relive/relive_core_export.h"

#include <QtCore/QJsonArray>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive {

/*!
 * What CrashGuard's handler wrote: the signal, the faulting address, the frames (the faulting
 * pc first) with the generation each lies in, and the generation blamed (the first frame in
 * plugin code; none: Relive's own crash). Read by the re-executed process.
 */
struct RELIVE_CORE_EXPORT CrashRecord
{
    struct Frame
    {
        quintptr pc = 0;
        int module = -1;      //!< index in modules, -1 outside every generation
        bool isReturnAddress = false;
        QString location;     //!< "file:line function", once symbolize() ran
    };

    int signalNumber = 0;
    quintptr address = 0;
    qint64 pid = 0;
    qint64 timeMs = 0;        //!< when it crashed, ms since the epoch
    QList<CrashGuard::Module> modules;
    QList<Frame> frames;
    int culprit = -1;

    bool isValid() const { return signalNumber > 0; }
    bool isPluginCrash() const { return culprit >= 0 && culprit < modules.size(); }
    const CrashGuard::Module &culpritModule() const { return modules.at(culprit); }
    /*! "SIGSEGV" */
    QString signalName() const;
    /*! How long the blamed generation had been live, in ms; -1 for Relive's own crash. */
    qint64 liveMs() const;
    /*! The frames' locations, as "file:line function" (or the bare address). */
    QJsonArray frameList() const;
    /*! The first frame in plugin code, symbolized; empty when there is none. */
    QString pluginLocation() const;

    /*! Parses \a path; an invalid record when it holds none (no crash, or a cut one). */
    static CrashRecord read(const QString &path);
    /*! Symbolizes the frames in generations with their own debug info (llvm-symbolizer or addr2line). */
    void symbolize();
};

} // namespace Relive
