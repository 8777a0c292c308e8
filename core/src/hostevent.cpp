#include "relive/hostevent.h"

#include <QtCore/QJsonDocument>

namespace Relive {

HostEvent HostEvent::fromAttempt(const QString &plugin, const LoadAttempt &attempt)
{
    HostEvent event;
    event.plugin = plugin;
    event.generation = attempt.generation;
    if (attempt.failed()) {
        event.type = attempt.isReplacement() ? Type::ReloadFailed : Type::LoadFailed;
        event.error = attempt.error;
        event.failure = attempt.failure;
        return event;
    }
    event.type = attempt.rollbackOf > 0 ? Type::RolledBack : (attempt.isReplacement() ? Type::Reloaded : Type::Loaded);
    event.version = attempt.version;
    event.timing = attempt.timing;
    event.fromGeneration = attempt.previousGeneration;
    event.toGeneration = attempt.rollbackOf;
    event.state = attempt.state;
    event.hasState = attempt.hasState;
    event.error = attempt.stateError;
    return event;
}

HostEvent HostEvent::fromRetired(const ModuleRecord &record)
{
    HostEvent event;
    event.type = record.state == ModuleRecord::State::Pinned ? Type::Pinned : Type::Unloaded;
    event.plugin = record.name;
    event.generation = record.generation;
    event.version = record.version;
    event.error = record.errorString;
    event.failure = record.failure;
    return event;
}

QString HostEvent::typeName(Type type)
{
    switch (type) {
    case Type::BuildStarted:
        return QStringLiteral("build-started");
    case Type::BuildFinished:
        return QStringLiteral("build-finished");
    case Type::BuildFailed:
        return QStringLiteral("build-failed");
    case Type::Loaded:
        return QStringLiteral("loaded");
    case Type::Reloaded:
        return QStringLiteral("reloaded");
    case Type::LoadFailed:
        return QStringLiteral("load-failed");
    case Type::ReloadFailed:
        return QStringLiteral("reload-failed");
    case Type::RolledBack:
        return QStringLiteral("rolled-back");
    case Type::Unloaded:
        return QStringLiteral("unloaded");
    case Type::Pinned:
        return QStringLiteral("pinned");
    case Type::Crashed:
        return QStringLiteral("crashed");
    case Type::Stale:
        return QStringLiteral("stale");
    case Type::Unchanged:
        return QStringLiteral("unchanged");
    }
    return QString();
}

QJsonObject HostEvent::toJson() const
{
    QJsonObject json{
        {QStringLiteral("event"), typeName(type)},
        {QStringLiteral("plugin"), plugin},
        {QStringLiteral("generation"), generation},
    };
    if (!version.isEmpty())
        json.insert(QStringLiteral("version"), version);
    if (!error.isEmpty())
        json.insert(QStringLiteral("error"), error);
    if (failure != FailureKind::None)
        json.insert(QStringLiteral("failure"), failureKindName(failure));
    if (hasState)
        json.insert(QStringLiteral("state"), QJsonObject::fromVariantMap(state));
    const QJsonObject ms = timing.toJson();
    if (!ms.isEmpty())
        json.insert(QStringLiteral("ms"), ms);
    if (fromGeneration > 0)
        json.insert(QStringLiteral("from"), fromGeneration);
    if (toGeneration > 0)
        json.insert(QStringLiteral("to"), toGeneration);
    if (type == Type::BuildFailed || !diagnostics.isEmpty())
        json.insert(QStringLiteral("diagnostics"), diagnostics);
    if (!file.isEmpty())
        json.insert(QStringLiteral("file"), file);
    if (type == Type::Stale)
        json.insert(QStringLiteral("plugins"), QJsonArray::fromStringList(plugins));
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

namespace {

ReloadTiming timingFromJson(const QJsonObject &ms)
{
    ReloadTiming timing;
    const auto take = [&ms](const char *key) { return ms.value(QLatin1String(key)).toDouble(-1); };
    timing.buildMs = take("build");
    timing.stageMs = take("stage");
    timing.validateMs = take("validate");
    timing.probeMs = take("probe");
    timing.loadMs = take("load");
    timing.restoreMs = take("restore");
    timing.unloadMs = take("unload");
    timing.totalMs = take("total");
    return timing;
}

FailureKind failureFromName(const QString &name)
{
    for (int kind = 0; kind <= int(FailureKind::StaleLibrary); ++kind) {
        if (!name.isEmpty() && failureKindName(FailureKind(kind)) == name)
            return FailureKind(kind);
    }
    return FailureKind::None;
}

} // namespace

bool HostEvent::fromJson(const QJsonObject &json, HostEvent *event)
{
    *event = HostEvent();
    const QString name = json.value(QStringLiteral("event")).toString();
    bool known = false;
    for (int type = 0; type <= int(Type::Unchanged) && !known; ++type) {
        known = typeName(Type(type)) == name;
        if (known)
            event->type = Type(type);
    }
    if (!known)
        return false;
    static const QStringList keys{QStringLiteral("event"), QStringLiteral("plugin"), QStringLiteral("generation"),
                                  QStringLiteral("version"), QStringLiteral("error"), QStringLiteral("failure"),
                                  QStringLiteral("state"), QStringLiteral("ms"), QStringLiteral("from"),
                                  QStringLiteral("to"), QStringLiteral("diagnostics"), QStringLiteral("file"),
                                  QStringLiteral("plugins")};
    event->plugin = json.value(QStringLiteral("plugin")).toString();
    event->generation = json.value(QStringLiteral("generation")).toInt();
    event->version = json.value(QStringLiteral("version")).toString();
    event->error = json.value(QStringLiteral("error")).toString();
    event->failure = failureFromName(json.value(QStringLiteral("failure")).toString());
    event->hasState = json.value(QStringLiteral("state")).isObject();
    event->state = json.value(QStringLiteral("state")).toObject().toVariantMap();
    event->timing = timingFromJson(json.value(QStringLiteral("ms")).toObject());
    event->fromGeneration = json.value(QStringLiteral("from")).toInt();
    event->toGeneration = json.value(QStringLiteral("to")).toInt();
    event->diagnostics = json.value(QStringLiteral("diagnostics")).toArray();
    event->file = json.value(QStringLiteral("file")).toString();
    for (const QJsonValue &plugin : json.value(QStringLiteral("plugins")).toArray())
        event->plugins << plugin.toString();
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!keys.contains(it.key()))
            event->extra.insert(it.key(), it.value());
    }
    return true;
}

} // namespace Relive
