#include "relive/diagnostic.h"

#include <QtCore/QJsonArray>

namespace Relive {

QString Diagnostic::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Note:
        return QStringLiteral("note");
    }
    return QString();
}

QString Diagnostic::toLine() const
{
    QString place = file;
    if (line > 0)
        place += QStringLiteral(":%1").arg(line);
    if (line > 0 && column > 0)
        place += QStringLiteral(":%1").arg(column);
    const QString text = QStringLiteral("%1: %2").arg(severityName(severity), message);
    return place.isEmpty() ? text : place + QStringLiteral(": ") + text;
}

QJsonObject Diagnostic::toJson() const
{
    QJsonObject json{
        {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("file"), file},
        {QStringLiteral("line"), line},
        {QStringLiteral("column"), column},
        {QStringLiteral("message"), message},
        {QStringLiteral("kind"), kind},
    };
    if (!notes.isEmpty()) {
        QJsonArray array;
        for (const Diagnostic &note : notes)
            array.append(note.toJson());
        json.insert(QStringLiteral("notes"), array);
    }
    if (!includeChain.isEmpty())
        json.insert(QStringLiteral("includedFrom"), QJsonArray::fromStringList(includeChain));
    return json;
}

bool Diagnostic::operator==(const Diagnostic &other) const
{
    return severity == other.severity && file == other.file && line == other.line && column == other.column
        && message == other.message && kind == other.kind && notes == other.notes
        && includeChain == other.includeChain;
}

} // namespace Relive
