#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace Relive {

/*!
 * Why a generation did not go live (or did not go away), as a value to decide on; the error
 * text next to it says the same for people. Set where the failure happens, never read from
 * the text. In the order the host meets them: file, ELF, metadata, trial run, load, state.
 */
enum class FailureKind {
    None,              //!< no failure
    NotAFile,          //!< missing, a folder, or unreadable
    NotARegularFile,   //!< a named pipe, a device or a socket (or a link to one): never opened
    TooLarge,          //!< larger than the host's size limit (PluginHost::setMaxFileSize())
    ReadTimedOut,      //!< reading it took longer than the host allows (a stalled file system)
    ChangedWhileRead,  //!< written to while the host read it (a build still writing it)
    WorldWritable,     //!< the file or its folder may be swapped by others between check and load
    NotAnElfLibrary,   //!< empty, truncated, not ELF, for another machine, or not a shared object
    NotAQtPlugin,      //!< a shared library without Qt plugin metadata
    WrongInterface,    //!< a Qt plugin for another IID than the host loads
    OtherQtVersion,    //!< built against the other Qt major, or a newer Qt than the host's
    BadMetadata,       //!< no "Name", no "Version", or a malformed Version / CompatVersion
    OtherPlugin,       //!< the file holds another plugin than the one to reload
    UniqueSymbols,     //!< exports STB_GNU_UNIQUE symbols: it could never be unloaded
    CannotStage,       //!< the host could not make its shadow copy (runtime folder, disk)
    RefusedByTrialRun, //!< the trial run (a child process) refused it: it failed to load, or a call threw
    TrialCrashed,      //!< the trial run crashed (a signal) in the plugin's code
    TrialHung,         //!< the trial run did not finish within its timeout and was killed
    TrialExited,       //!< the plugin ended the trial run's process (exit())
    TrialCannotStart,  //!< the trial run's program (relive-probe) could not be started
    LoadFailed,        //!< the dynamic loader refused it (an undefined symbol...)
    ConstructorThrew,  //!< the plugin's constructor threw
    NoInstance,        //!< it loaded but made no plugin instance
    NotALivePlugin,    //!< right IID, but the instance does not implement Relive::LivePlugin
    SaveStateThrew,    //!< the old generation's saveState() threw: there is no state to hand over
    RestoreStateThrew, //!< the new generation's restoreState() threw
    ShutdownThrew,     //!< the shutdown() of a generation being unloaded threw (its unload went on)
    CrashedLive,       //!< crashed the host (a signal) while live; the host came back without it
    Pinned,            //!< unloaded, but its library is still mapped: its code stays until exit
    StaleLibrary,      //!< a library the live code runs with was rebuilt; the old copy stays mapped
    SetRefused,        //!< reloads as a set (a rebuilt library's dependents), and another of the set was refused
};

/*! A stable, lower-case name: "wrong-interface"; the "failure" key of the CLI's JSON. */
RELIVE_CORE_EXPORT QString failureKindName(FailureKind kind);

} // namespace Relive

Q_DECLARE_METATYPE(Relive::FailureKind)
