#pragma once

// The JSON event schema of `relive-cli watch --json` (README, "JSON events"), pinned: for each
// event type the keys it always has and the keys it may have, with their JSON types. Scripts
// and editors depend on it, and the README promises that it "only grows by new optional keys":
// a key that goes, changes type or appears unlisted fails here. A new key is a schema change:
// add it below as optional, and to the README's table.

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace TestSupport {

using JsonKeys = QMap<QString, QJsonValue::Type>;

struct EventSchema
{
    JsonKeys required;
    JsonKeys optional;
};

inline const QMap<QString, EventSchema> &eventSchemas()
{
    static const QMap<QString, EventSchema> schemas = [] {
        const auto S = QJsonValue::String;
        const auto N = QJsonValue::Double;
        const auto O = QJsonValue::Object;
        const auto A = QJsonValue::Array;
        const auto B = QJsonValue::Bool;
        const JsonKeys common{{QStringLiteral("event"), S}, {QStringLiteral("plugin"), S}, {QStringLiteral("generation"), N}};
        const auto with = [&common](JsonKeys extra) {
            for (auto it = common.constBegin(); it != common.constEnd(); ++it)
                extra.insert(it.key(), it.value());
            return extra;
        };
        const JsonKeys failed{{QStringLiteral("error"), S}, {QStringLiteral("failure"), S}};
        QMap<QString, EventSchema> map;
        map.insert(QStringLiteral("loaded"),
                   {with({{QStringLiteral("version"), S}, {QStringLiteral("state"), O}, {QStringLiteral("ms"), O}}), {}});
        map.insert(QStringLiteral("reloaded"),
                   {with({{QStringLiteral("version"), S}, {QStringLiteral("state"), O}, {QStringLiteral("ms"), O},
                          {QStringLiteral("from"), N}}),
                    {}});
        // After a crash, the last good generation comes back with nothing live to replace: no "from".
        map.insert(QStringLiteral("rolled-back"),
                   {with({{QStringLiteral("version"), S}, {QStringLiteral("state"), O}, {QStringLiteral("ms"), O},
                          {QStringLiteral("to"), N}}),
                    {{QStringLiteral("from"), N}}});
        // A file refused before its metadata was read has no version.
        map.insert(QStringLiteral("load-failed"), {with(failed), {{QStringLiteral("version"), S}, {QStringLiteral("ms"), O}}});
        map.insert(QStringLiteral("reload-failed"), {with(failed), {{QStringLiteral("version"), S}, {QStringLiteral("ms"), O}}});
        map.insert(QStringLiteral("unloaded"), {with({{QStringLiteral("version"), S}}), failed});
        map.insert(QStringLiteral("pinned"), {with(failed), {{QStringLiteral("version"), S}}});
        map.insert(QStringLiteral("build-started"),
                   {with({}), {{QStringLiteral("toolchain"), S}, {QStringLiteral("configure"), B}}});
        map.insert(QStringLiteral("build-finished"), {with({}), {{QStringLiteral("ms"), O}, {QStringLiteral("diagnostics"), A}}});
        map.insert(QStringLiteral("build-failed"),
                   {with({{QStringLiteral("diagnostics"), A}}), {{QStringLiteral("error"), S}, {QStringLiteral("ms"), O}}});
        // A crash the process came back from (issue 18); a crash of Relive's own has no plugin code.
        map.insert(QStringLiteral("crashed"),
                   {with({{QStringLiteral("error"), S}, {QStringLiteral("failure"), S}, {QStringLiteral("signal"), S},
                          {QStringLiteral("frames"), A}, {QStringLiteral("at"), S}, {QStringLiteral("own"), B},
                          {QStringLiteral("restored"), A}, {QStringLiteral("messages"), A}}),
                    {{QStringLiteral("liveMs"), N}, {QStringLiteral("leftOut"), A}}});
        // Loaded code that differs from what the build produced and was not swapped (issue 12).
        map.insert(QStringLiteral("stale"),
                   {with({{QStringLiteral("file"), S}, {QStringLiteral("plugins"), A}, {QStringLiteral("error"), S},
                          {QStringLiteral("failure"), S}}),
                    {{QStringLiteral("version"), S}}});
        // A build that rewrote a live plugin's file with the same code: no new generation.
        map.insert(QStringLiteral("unchanged"), {with({{QStringLiteral("file"), S}}), {{QStringLiteral("version"), S}}});
        return map;
    }();
    return schemas;
}

// Each diagnostic of build-failed (and of its notes).
inline const EventSchema &diagnosticSchema()
{
    static const EventSchema schema{
        {{QStringLiteral("file"), QJsonValue::String},
         {QStringLiteral("line"), QJsonValue::Double},
         {QStringLiteral("column"), QJsonValue::Double},
         {QStringLiteral("severity"), QJsonValue::String},
         {QStringLiteral("message"), QJsonValue::String},
         {QStringLiteral("kind"), QJsonValue::String}},
        {{QStringLiteral("notes"), QJsonValue::Array}, {QStringLiteral("includedFrom"), QJsonValue::Array}}};
    return schema;
}

inline QString keysViolation(const QJsonObject &object, const EventSchema &schema, const QString &what)
{
    QStringList problems;
    for (auto it = schema.required.constBegin(); it != schema.required.constEnd(); ++it) {
        if (!object.contains(it.key()))
            problems << QStringLiteral("no \"%1\"").arg(it.key());
        else if (object.value(it.key()).type() != it.value())
            problems << QStringLiteral("\"%1\" has the wrong type").arg(it.key());
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (schema.required.contains(it.key()))
            continue;
        if (!schema.optional.contains(it.key()))
            problems << QStringLiteral("\"%1\" is not in the schema").arg(it.key());
        else if (it.value().type() != schema.optional.value(it.key()))
            problems << QStringLiteral("\"%1\" has the wrong type").arg(it.key());
    }
    return problems.isEmpty() ? QString() : what + QStringLiteral(": ") + problems.join(QStringLiteral(", "));
}

// Empty when \a event follows the pinned schema, else what is wrong with it.
inline QString eventSchemaViolation(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("event")).toString();
    const auto schema = eventSchemas().constFind(type);
    if (schema == eventSchemas().constEnd())
        return QStringLiteral("unknown event type \"%1\"").arg(type);
    QString violation = keysViolation(event, schema.value(), type);
    if (!violation.isEmpty())
        return violation;
    QJsonArray diagnostics = event.value(QStringLiteral("diagnostics")).toArray();
    for (int i = 0; i < diagnostics.size(); ++i) {
        const QJsonObject diagnostic = diagnostics.at(i).toObject();
        violation = keysViolation(diagnostic, diagnosticSchema(), type + QStringLiteral(" diagnostic"));
        if (!diagnostics.at(i).isObject())
            violation = type + QStringLiteral(": a diagnostic is not an object");
        if (!violation.isEmpty())
            return violation;
        for (const QJsonValue &note : diagnostic.value(QStringLiteral("notes")).toArray())
            diagnostics.append(note); // checked as diagnostics in turn
    }
    return QString();
}

} // namespace TestSupport
