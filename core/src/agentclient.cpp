#include "relive/agentclient.h"

#include "relive/agentprotocol.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QJsonDocument>
#include <QtNetwork/QLocalSocket>

namespace Relive {

namespace {
// A list reply of many plugins with their states is larger than any request.
constexpr int maxReplyBytes = 64 * 1024 * 1024;
} // namespace

class AgentClientPrivate
{
public:
    QLocalSocket *socket = nullptr;
    AgentProtocol::LineReader reader{maxReplyBytes};
    qint64 nextId = 1;
};

AgentClient::AgentClient(QObject *parent)
    : QObject(parent)
    , d(new AgentClientPrivate)
{
    d->socket = new QLocalSocket(this);
    connect(d->socket, &QLocalSocket::disconnected, this, &AgentClient::disconnected);
    connect(d->socket, &QLocalSocket::readyRead, this, [this] {
        d->reader.append(d->socket->readAll());
        QByteArray line;
        bool tooLarge = false;
        while (d->reader.takeLine(&line, &tooLarge)) {
            const QJsonObject reply = tooLarge ? QJsonObject{{QStringLiteral("ok"), false},
                                                             {QStringLiteral("error"), QStringLiteral("a reply too large to read")}}
                                               : QJsonDocument::fromJson(line).object();
            const QJsonValue id = reply.value(QStringLiteral("id"));
            Q_EMIT replied(id.isDouble() ? qint64(id.toDouble()) : -1, reply);
        }
    });
}

AgentClient::~AgentClient() = default;

bool AgentClient::connectTo(const QString &socketPath, int timeoutMs, QString *error)
{
    d->socket->abort();
    d->reader = AgentProtocol::LineReader(maxReplyBytes);
    d->socket->connectToServer(socketPath);
    if (!d->socket->waitForConnected(timeoutMs)) {
        *error = QStringLiteral("cannot connect to %1: %2").arg(socketPath, d->socket->errorString());
        return false;
    }
    return true;
}

void AgentClient::disconnectFromAgent()
{
    d->socket->disconnectFromServer();
}

bool AgentClient::isConnected() const
{
    return d->socket->state() == QLocalSocket::ConnectedState;
}

qint64 AgentClient::send(const QString &command, const QJsonObject &fields)
{
    const qint64 id = d->nextId++;
    d->socket->write(AgentProtocol::requestLine(id, command, fields));
    d->socket->flush();
    return id;
}

QJsonObject AgentClient::request(const QString &command, const QJsonObject &fields, int timeoutMs, QString *error)
{
    const qint64 id = send(command, fields);
    QJsonObject answer;
    bool answered = false;
    const QMetaObject::Connection connection = connect(this, &AgentClient::replied, this,
                                                       [&](qint64 replyId, const QJsonObject &reply) {
        if (!answered && (replyId == id || replyId == -1)) {
            answer = reply;
            answered = true;
        }
    });
    const QDeadlineTimer deadline(timeoutMs);
    while (!answered && d->socket->state() == QLocalSocket::ConnectedState && !deadline.hasExpired())
        d->socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    if (!answered && d->socket->bytesAvailable() > 0)
        Q_EMIT d->socket->readyRead(); // the last bytes came with the close
    disconnect(connection);
    if (!answered)
        *error = d->socket->state() == QLocalSocket::ConnectedState
                     ? QStringLiteral("no reply to '%1' within %2 ms").arg(command).arg(timeoutMs)
                     : QStringLiteral("the agent closed the connection");
    return answer;
}

} // namespace Relive
