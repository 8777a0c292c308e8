#include "pluginhost_p.h"

#include "logging.h"
#include "plugincall.h"
#include "pluginmetatypes.h"
#include "reloadattempt.h"
#include "relive/hostevent.h"
#include "relive/private/librarymappings.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>

#include <algorithm>
#include <vector>

namespace Relive {

namespace {
constexpr int historyLimit = 100;
} // namespace

PluginHostPrivate::PluginHostPrivate(PluginHost *host, const QString &iid)
    : q(host)
    , iid(iid)
{
}

PluginProbe::Settings PluginHostPrivate::probeSettingsFor(const QString &pluginIid) const
{
    PluginProbe::Settings settings = probeSettings;
    if (alsoAccepted.contains(pluginIid))
        settings.iid = pluginIid;
    return settings;
}

bool PluginHostPrivate::bringIn(const BringInRequest &request)
{
    ReloadAttempt attempt(*this, request);
    return attempt.run();
}

// All or nothing: every member is staged, bound and tried before any of them loads here.
bool PluginHostPrivate::bringInTogether(const QList<BringInRequest> &requests)
{
    std::vector<std::unique_ptr<ReloadAttempt>> attempts;
    int refused = -1;
    for (const BringInRequest &request : requests) {
        attempts.push_back(std::make_unique<ReloadAttempt>(*this, request));
        if (!attempts.back()->prepare()) {
            refused = int(attempts.size()) - 1;
            break;
        }
    }
    if (refused >= 0) {
        const ReloadAttempt &cause = *attempts.at(size_t(refused));
        for (int i = 0; i < refused; ++i) {
            attempts.at(size_t(i))->abandon(FailureKind::SetRefused,
                                            QStringLiteral("not reloaded: it reloads together with %1, which was refused: %2")
                                                .arg(cause.name(), cause.errorString()));
        }
        for (int i = refused + 1; i < requests.size(); ++i) {
            ReloadAttempt skipped(*this, requests.at(i));
            skipped.abandon(FailureKind::SetRefused, QStringLiteral("not reloaded: it reloads together with %1, which was refused: %2")
                                                         .arg(cause.name(), cause.errorString()));
        }
        return false;
    }
    bool ok = true;
    for (const auto &attempt : attempts)
        ok = attempt->finish() && ok;
    return ok;
}

void PluginHostPrivate::checkLibrariesReleased(ModuleRecord &retired, const LoadedGeneration *retiring,
                                               const LoadedGeneration *successor) const
{
    const auto uses = [](const LoadedGeneration *generation, const LinkedLibrary &library) {
        return generation && std::any_of(generation->record.libraries.cbegin(), generation->record.libraries.cend(),
                                         [&library](const LinkedLibrary &other) { return other.copy == library.copy; });
    };
    for (const LinkedLibrary &library : std::as_const(retired.libraries)) {
        // The successor maps the same copy when the library did not change: that is no leak.
        bool used = uses(successor, library);
        for (const auto &entry : plugins) {
            const LoadedGeneration *live = entry.second.live.get();
            used = used || (live != retiring && uses(live, library));
        }
        if (library.copy.isEmpty() || used || retired.state == ModuleRecord::State::Pinned
            || !LibraryMappings::isMapped(library.copy))
            continue;
        retired.state = ModuleRecord::State::Pinned;
        retired.failure = FailureKind::Pinned;
        retired.errorString = QStringLiteral("generation %1 is unloaded, but its library generation %2 (of %3) is still "
                                             "mapped: that code stays in memory until the process exits (restart to drop it)")
                                  .arg(retired.generation).arg(library.copy, library.path);
    }
}

const ModuleRecord *PluginHostPrivate::crashedAs(const QString &sha256, const QByteArray &code) const
{
    const auto bytes = crashedBytes.constFind(sha256);
    if (bytes != crashedBytes.constEnd())
        return &*bytes;
    const auto same = code.isEmpty() ? crashedCode.constEnd() : crashedCode.constFind(code);
    return same == crashedCode.constEnd() ? nullptr : &*same;
}

const PluginSlot *PluginHostPrivate::find(const QString &name) const
{
    const auto it = plugins.find(name);
    return it == plugins.end() ? nullptr : &it->second;
}

const LoadedGeneration *PluginHostPrivate::liveGeneration(const QString &name) const
{
    const PluginSlot *slot = find(name);
    return slot ? slot->live.get() : nullptr;
}

PluginStatus PluginHostPrivate::status(const QString &name) const
{
    PluginStatus status;
    status.name = name;
    status.lastAttempt = lastAttempts.value(name);
    const PluginSlot *slot = find(name);
    if (!slot)
        return status;
    if (slot->live) {
        status.liveGeneration = slot->live->record.generation;
        for (const LinkedLibrary &library : slot->live->record.libraries) {
            status.staleReason = library.staleReason();
            if (!status.staleReason.isEmpty())
                break;
        }
    }
    // Newest first: the first generation that ran is the live one, or the last that was.
    for (const ModuleRecord &record : slot->history) {
        if (record.state == ModuleRecord::State::Failed)
            continue;
        if (!status.lastRunGeneration)
            status.lastRunGeneration = record.generation;
        if (record.state != ModuleRecord::State::Pinned)
            continue;
        status.pinnedGenerations.append(record.generation);
        if (status.pinnedError.isEmpty())
            status.pinnedError = record.errorString;
    }
    return status;
}

void PluginHostPrivate::reportAttempt(const QString &name, const LoadAttempt &attempt)
{
    lastAttempts.insert(name, attempt);
    errorString = attempt.error;
    if (attempt.failed()) {
        qCDebug(lcHost).noquote() << name << attempt.error; // delivered through the signals and errorString()
        Q_EMIT q->attemptFailed(name, attempt);
    } else {
        qCDebug(lcHost).noquote() << name << "generation" << attempt.generation << "live in" << attempt.timing.totalMs << "ms";
        Q_EMIT q->generationLive(name, attempt);
    }
    Q_EMIT q->hostEvent(HostEvent::fromAttempt(name, attempt));
    Q_EMIT q->statusChanged(name);
}

void PluginHostPrivate::reportRetired(const ModuleRecord &record, int successor)
{
    Q_EMIT q->generationRetired(record, successor);
    // A generation replaced as it should be is said by the reload's own event; one whose
    // shutdown() threw is said on its own, so that the throw is not only in the log.
    if (successor == 0 || record.state == ModuleRecord::State::Pinned || record.failure == FailureKind::ShutdownThrew)
        Q_EMIT q->hostEvent(HostEvent::fromRetired(record));
}

void PluginHostPrivate::remember(PluginSlot &slot, const ModuleRecord &record)
{
    for (ModuleRecord &kept : slot.history) {
        if (kept.generation == record.generation) {
            kept = record;
            return;
        }
    }
    slot.history.prepend(record);
    while (slot.history.size() > historyLimit)
        slot.history.removeLast();
}

void PluginHostPrivate::pruneKeptCopies(PluginSlot &slot)
{
    int kept = 0;
    for (ModuleRecord &record : slot.history) {
        if (!record.restorable || record.state == ModuleRecord::State::Loaded)
            continue;
        if (++kept <= keptGenerations)
            continue;
        QFile::remove(record.shadowPath);
        record.restorable = false;
    }
}

QVariantMap PluginHostPrivate::savedState(const LoadedGeneration &generation, QString *error) const
{
    QVariantMap state;
    *error = guarded(QStringLiteral("saveState() of generation %1").arg(generation.record.generation),
                     [&] { state = detached(generation.live->saveState()); });
    return state;
}

void PluginHostPrivate::retire(const QString &name, LoadedGeneration &generation, const LoadedGeneration *successor)
{
    ModuleRecord &record = generation.record;
    if (generation.live) {
        const QString error = guarded(QStringLiteral("shutdown()"), [&] { generation.live->shutdown(); });
        if (!error.isEmpty()) {
            qCWarning(lcHost).noquote() << name << error;
            // Kept unless the unload goes wrong too; the probe refuses on it.
            record.errorString = error;
            record.failure = FailureKind::ShutdownThrew;
        }
    }
    Q_EMIT q->aboutToUnload(name, record.generation);
    // Objects the plugin deleteLater()'d run their destructors in its code: before unload.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (generation.loader && generation.loader->isLoaded()) {
        const PluginMetaTypes::Taken types = PluginMetaTypes::take(record.shadowPath, generation.metaTypesFrom,
                                                                   generation.metaTypesTo);
        if (!types.names.isEmpty())
            qCDebug(lcHost).noquote() << name << "generation" << record.generation << "unregistered metatypes" << types.names;
        generation.stuckMetaTypes += types.stuck;
        generation.stuckMetaTypes.removeDuplicates();
    }

    QString why;
    if (!generation.stuckMetaTypes.isEmpty()) {
        // Qt would call into the code of these types after an unload: keep it, say so (below).
        delete generation.instance; // what unload() would have destroyed
        why = QStringLiteral("Qt 5 cannot unregister the metatypes it declared with Q_DECLARE_METATYPE (%1), "
                             "so its code must stay")
                  .arg(generation.stuckMetaTypes.join(QStringLiteral(", ")));
    } else if (generation.loader && !generation.loader->unload()) {
        why = generation.loader->errorString();
    }
    generation.loader.reset(); // never unloads by itself
    generation.instance = nullptr;
    generation.live = nullptr;
    generation.widgets = nullptr;

    // Trust the process, not the return value (rule 6).
    const bool mapped = LibraryMappings::isMapped(record.shadowPath);
    const bool resident = LibraryMappings::isLoaderResident(record.shadowPath);
    if (mapped || resident) {
        record.state = ModuleRecord::State::Pinned;
        record.failure = FailureKind::Pinned;
        record.errorString = QStringLiteral("generation %1 is still %2 after unload%3: its code stays in memory "
                                            "until the process exits (restart Relive to drop it)")
                                 .arg(record.generation)
                                 .arg(mapped ? QStringLiteral("mapped") : QStringLiteral("known to the loader"))
                                 .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
    } else {
        record.state = ModuleRecord::State::Unloaded;
    }
    checkLibrariesReleased(record, &generation, successor);
}

} // namespace Relive
