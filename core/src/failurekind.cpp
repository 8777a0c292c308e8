#include "relive/failurekind.h"

namespace Relive {

QString failureKindName(FailureKind kind)
{
    switch (kind) {
    case FailureKind::None:
        return QString();
    case FailureKind::NotAFile:
        return QStringLiteral("not-a-file");
    case FailureKind::NotARegularFile:
        return QStringLiteral("not-a-regular-file");
    case FailureKind::TooLarge:
        return QStringLiteral("too-large");
    case FailureKind::ReadTimedOut:
        return QStringLiteral("read-timed-out");
    case FailureKind::ChangedWhileRead:
        return QStringLiteral("changed-while-read");
    case FailureKind::WorldWritable:
        return QStringLiteral("world-writable");
    case FailureKind::NotAnElfLibrary:
        return QStringLiteral("not-an-elf-library");
    case FailureKind::NotAQtPlugin:
        return QStringLiteral("not-a-qt-plugin");
    case FailureKind::WrongInterface:
        return QStringLiteral("wrong-interface");
    case FailureKind::OtherQtVersion:
        return QStringLiteral("other-qt-version");
    case FailureKind::BadMetadata:
        return QStringLiteral("bad-metadata");
    case FailureKind::OtherPlugin:
        return QStringLiteral("other-plugin");
    case FailureKind::UniqueSymbols:
        return QStringLiteral("unique-symbols");
    case FailureKind::CannotStage:
        return QStringLiteral("cannot-stage");
    case FailureKind::RefusedByTrialRun:
        return QStringLiteral("refused-by-trial-run");
    case FailureKind::TrialCrashed:
        return QStringLiteral("trial-crashed");
    case FailureKind::TrialHung:
        return QStringLiteral("trial-hung");
    case FailureKind::TrialExited:
        return QStringLiteral("trial-exited");
    case FailureKind::TrialCannotStart:
        return QStringLiteral("trial-cannot-start");
    case FailureKind::LoadFailed:
        return QStringLiteral("load-failed");
    case FailureKind::ConstructorThrew:
        return QStringLiteral("constructor-threw");
    case FailureKind::NoInstance:
        return QStringLiteral("no-instance");
    case FailureKind::NotALivePlugin:
        return QStringLiteral("not-a-live-plugin");
    case FailureKind::SaveStateThrew:
        return QStringLiteral("save-state-threw");
    case FailureKind::RestoreStateThrew:
        return QStringLiteral("restore-state-threw");
    case FailureKind::ShutdownThrew:
        return QStringLiteral("shutdown-threw");
    case FailureKind::CrashedLive:
        return QStringLiteral("crashed-live");
    case FailureKind::Pinned:
        return QStringLiteral("pinned");
    case FailureKind::StaleLibrary:
        return QStringLiteral("stale-library");
    case FailureKind::SetRefused:
        return QStringLiteral("set-refused");
    }
    return QString();
}

} // namespace Relive
