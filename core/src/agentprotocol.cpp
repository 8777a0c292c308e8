#include "relive/agentprotocol.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>

#include <utility>

namespace Relive {
namespace AgentProtocol {

namespace {

const struct
{
    Command command;
    const char *name;
} commandNames[] = {
    {Command::Hello, "hello"},
    {Command::List, "list"},
    {Command::Reload, "reload"},
    {Command::BuildFailed, "build-failed"},
};

QByteArray line(QJsonObject object)
{
    object.insert(QStringLiteral("relive"), version);
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None:
        return QString();
    case ErrorCode::Malformed:
        return QStringLiteral("malformed");
    case ErrorCode::Version:
        return QStringLiteral("version");
    case ErrorCode::UnknownCommand:
        return QStringLiteral("unknown-command");
    case ErrorCode::TooLarge:
        return QStringLiteral("too-large");
    case ErrorCode::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorCode::Refused:
        return QStringLiteral("refused");
    case ErrorCode::Superseded:
        return QStringLiteral("superseded");
    }
    return QString();
}

bool Request::parse(const QByteArray &text, Request *request, ErrorCode *code, QString *error)
{
    *request = Request();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *code = ErrorCode::Malformed;
        *error = parseError.error != QJsonParseError::NoError
                     ? QStringLiteral("not JSON (%1 at byte %2): send one JSON object a line")
                           .arg(parseError.errorString()).arg(parseError.offset)
                     : QStringLiteral("not a JSON object: send one object a line");
        return false;
    }
    request->object = document.object();
    request->id = request->object.value(QStringLiteral("id"));
    if (request->id.isUndefined())
        request->id = QJsonValue();
    const QJsonValue relive = request->object.value(QStringLiteral("relive"));
    if (!relive.isDouble() || relive.toDouble() != version) {
        *code = ErrorCode::Version;
        *error = QStringLiteral("this agent speaks protocol %1: send \"relive\":%1").arg(version);
        return false;
    }
    const QJsonValue cmd = request->object.value(QStringLiteral("cmd"));
    if (!cmd.isString()) {
        *code = ErrorCode::Malformed;
        *error = QStringLiteral("\"cmd\" must be a string (hello, list, reload or build-failed)");
        return false;
    }
    for (const auto &known : commandNames) {
        if (cmd.toString() == QLatin1String(known.name)) {
            request->command = known.command;
            *code = ErrorCode::None;
            return true;
        }
    }
    *code = ErrorCode::UnknownCommand;
    *error = QStringLiteral("unknown command '%1' (hello, list, reload or build-failed)").arg(cmd.toString().left(80));
    return false;
}

QByteArray requestLine(qint64 id, const QString &command, const QJsonObject &fields)
{
    QJsonObject object = fields;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("cmd"), command);
    return line(object);
}

QByteArray replyLine(const QJsonValue &id, const QJsonObject &fields)
{
    QJsonObject object = fields;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("ok"), true);
    return line(object);
}

QByteArray errorLine(const QJsonValue &id, ErrorCode code, const QString &error, const QJsonObject &fields)
{
    QJsonObject object = fields;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("ok"), false);
    object.insert(QStringLiteral("code"), errorCodeName(code));
    object.insert(QStringLiteral("error"), error);
    return line(object);
}

void LineReader::append(const QByteArray &bytes)
{
    qsizetype from = 0;
    while (from < bytes.size()) {
        const qsizetype newline = bytes.indexOf('\n', from);
        const qsizetype end = newline < 0 ? bytes.size() : newline;
        if (!m_dropping) {
            if (m_buffer.size() + (end - from) > m_max) {
                // Reported once, now; the rest of the line is dropped as it comes.
                m_dropping = true;
                m_buffer.clear();
                m_ready.append({QByteArray(), true});
            } else {
                m_buffer.append(bytes.constData() + from, int(end - from));
            }
        }
        if (newline < 0)
            return;
        if (!m_dropping)
            m_ready.append({std::exchange(m_buffer, QByteArray()), false});
        m_dropping = false;
        from = newline + 1;
    }
}

bool LineReader::takeLine(QByteArray *text, bool *tooLarge)
{
    if (m_ready.isEmpty())
        return false;
    const QPair<QByteArray, bool> next = m_ready.takeFirst();
    *text = next.first;
    *tooLarge = next.second;
    return true;
}

} // namespace AgentProtocol
} // namespace Relive
