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

} // namespace Relive
