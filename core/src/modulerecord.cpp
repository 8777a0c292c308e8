#include "relive/modulerecord.h"

#include <QtCore/QJsonArray>

namespace Relive {

QString ModuleRecord::stateName(State state)
{
    switch (state) {
    case State::Loaded:
        return QStringLiteral("loaded");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Unloaded:
        return QStringLiteral("unloaded");
    case State::Pinned:
        return QStringLiteral("pinned");
    }
    return QString();
}

QJsonObject ModuleRecord::toJson() const
{
    const auto time = [](const QDateTime &t) {
        return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    QJsonObject json{
        {QStringLiteral("name"), name},
        {QStringLiteral("version"), version},
        {QStringLiteral("compatVersion"), compatVersion},
        {QStringLiteral("vendor"), vendor},
        {QStringLiteral("description"), description},
        {QStringLiteral("iid"), iid},
        {QStringLiteral("className"), className},
        {QStringLiteral("qtVersion"), qtVersion},
        {QStringLiteral("generation"), generation},
        {QStringLiteral("artifactPath"), artifactPath},
        {QStringLiteral("shadowPath"), shadowPath},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("buildId"), buildId},
        {QStringLiteral("size"), size},
        {QStringLiteral("artifactModified"), time(artifactModified)},
        {QStringLiteral("loadedAt"), time(loadedAt)},
        {QStringLiteral("loadMs"), loadMs},
        {QStringLiteral("state"), stateName(state)},
        {QStringLiteral("error"), errorString},
        {QStringLiteral("restorable"), restorable},
        {QStringLiteral("metaData"), metaData},
    };
    QJsonArray linked;
    for (const LinkedLibrary &library : libraries)
        linked.append(library.toJson());
    json.insert(QStringLiteral("libraries"), linked);
    if (rolledBackFrom > 0)
        json.insert(QStringLiteral("rolledBackFrom"), rolledBackFrom);
    if (failure != FailureKind::None)
        json.insert(QStringLiteral("failure"), failureKindName(failure));
    return json;
}

} // namespace Relive
