#include "agentserver.h"

#include "logging.h"
#include "relive/artifactreloader.h"
#include "relive/hostevent.h"
#include "relive/pluginagent.h"
#include "relive/pluginhost.h"
#include "stalelibraries.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>
#include <QtNetwork/QLocalServer>
#include <QtCore/QTimer>
#include <QtNetwork/QLocalSocket>

#include <sys/socket.h>
#include <unistd.h>

namespace Relive {

using namespace AgentProtocol;

namespace {

constexpr int maxClients = 16;
// What the server keeps of a client's unread input, and of replies it does not read: a
// client that sends without end or reads nothing costs this much, never a wait.
constexpr qint64 readBufferBytes = 256 * 1024;
constexpr qint64 maxUnsentBytes = 8 * 1024 * 1024;
constexpr int maxSummaryChars = 4096; //!< a build-failed summary is a line or two, not a log

/*! The uid of the process at the other end of \a socket, or -1. */
qint64 peerUid(const QLocalSocket *socket)
{
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0)
        return -1;
    return qint64(credentials.uid);
}

void refuse(QLocalSocket *socket, const QByteArray &line)
{
    socket->write(line);
    socket->flush();
    QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    if (socket->bytesToWrite() > 0) {
        socket->disconnectFromServer(); // after the line is written
        return;
    }
    // Half-closed: the client reads the line, then the end. What it sends meanwhile is read and
    // dropped: after a full close its next write fails, and Qt 5's client then drops the line
    // unread.
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    QObject::connect(socket, &QLocalSocket::readyRead, socket, [socket] { socket->readAll(); });
    QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
}

} // namespace

AgentServer::AgentServer(PluginAgent *agent, PluginHost *host, ArtifactReloader *reloader)
    : QObject(agent)
    , m_agent(agent)
    , m_host(host)
    , m_reloader(reloader)
{
    connect(m_host, &PluginHost::hostEvent, this, [this](const HostEvent &event) {
        if (m_capturing)
            m_capturing->append(event.toJson());
    });
}

AgentServer::~AgentServer()
{
    if (m_server)
        m_server->close();
}

bool AgentServer::listen(const QString &socketPath, QString *error)
{
    if (!m_server) {
        m_server = new QLocalServer(this);
        m_server->setSocketOptions(QLocalServer::UserAccessOption);
        m_server->setMaxPendingConnections(maxClients);
        connect(m_server, &QLocalServer::newConnection, this, &AgentServer::onConnection);
    }
    m_server->close();
    QLocalServer::removeServer(socketPath); // a socket file left in our own private folder
    if (!m_server->listen(socketPath)) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(socketPath, m_server->errorString());
        return false;
    }
    qCInfo(lcAgent).noquote() << "agent listening on" << m_server->fullServerName();
    return true;
}

QString AgentServer::socketPath() const
{
    return m_server && m_server->isListening() ? m_server->fullServerName() : QString();
}

void AgentServer::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        const qint64 uid = peerUid(socket);
        if (uid != qint64(::geteuid())) {
            qCWarning(lcAgent) << "refused a connection from uid" << uid;
            refuse(socket, errorLine(QJsonValue(), ErrorCode::Forbidden,
                                     QStringLiteral("refused: the connecting process runs as uid %1; the agent of pid %2 "
                                                    "serves only its own user (uid %3)")
                                         .arg(uid).arg(QCoreApplication::applicationPid()).arg(::geteuid())));
            continue;
        }
        if (m_clients.size() >= maxClients) {
            refuse(socket, errorLine(QJsonValue(), ErrorCode::Refused,
                                     QStringLiteral("refused: %1 clients are attached already; detach one").arg(maxClients)));
            continue;
        }
        socket->setReadBufferSize(readBufferBytes);
        m_clients.insert(socket, new Client);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            delete m_clients.take(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadable(socket);
    }
}

void AgentServer::onReadable(QLocalSocket *socket)
{
    Client *client = m_clients.value(socket);
    if (!client)
        return;
    client->reader.append(socket->readAll());
    QByteArray line;
    bool tooLarge = false;
    while (m_clients.contains(socket) && client->reader.takeLine(&line, &tooLarge)) {
        if (tooLarge) {
            send(socket, errorLine(QJsonValue(), ErrorCode::TooLarge,
                                   QStringLiteral("a line over %1 bytes was dropped; requests are small").arg(maxLineBytes)));
            continue;
        }
        if (!line.trimmed().isEmpty())
            handle(socket, line);
    }
}

void AgentServer::send(QLocalSocket *socket, const QByteArray &line)
{
    if (socket->state() != QLocalSocket::ConnectedState)
        return;
    if (socket->bytesToWrite() + line.size() > maxUnsentBytes) {
        qCWarning(lcAgent) << "dropping a client that reads none of its replies";
        socket->abort();
        return;
    }
    socket->write(line);
}

void AgentServer::handle(QLocalSocket *socket, const QByteArray &line)
{
    Request request;
    ErrorCode code = ErrorCode::None;
    QString error;
    if (!Request::parse(line, &request, &code, &error)) {
        send(socket, errorLine(request.id, code, error));
        return;
    }
    switch (request.command) {
    case Command::Hello:
        send(socket, replyLine(request.id, hello()));
        break;
    case Command::List:
        send(socket, replyLine(request.id, list()));
        break;
    case Command::Reload:
        reload(socket, request);
        break;
    case Command::BuildFailed:
        buildFailed(socket, request);
        break;
    }
}

QJsonObject AgentServer::hello() const
{
    return {{QStringLiteral("pid"), QCoreApplication::applicationPid()},
            {QStringLiteral("app"), QCoreApplication::applicationName()},
            {QStringLiteral("iid"), m_agent->iid()},
            {QStringLiteral("folder"), m_agent->pluginFolder()},
            {QStringLiteral("socket"), socketPath()}};
}

QJsonObject AgentServer::list() const
{
    QJsonArray plugins;
    for (const QString &name : m_host->pluginNames()) {
        const PluginStatus status = m_host->status(name);
        const ModuleRecord record = m_host->record(name);
        QJsonObject plugin{{QStringLiteral("name"), name},
                           {QStringLiteral("version"), record.version},
                           {QStringLiteral("generation"), status.liveGeneration},
                           {QStringLiteral("artifact"), record.artifactPath}};
        if (status.isLive() && m_host->liveState(name)) {
            QString stateError;
            const QVariantMap state = m_host->saveState(name, &stateError);
            if (stateError.isEmpty())
                plugin.insert(QStringLiteral("state"), QJsonObject::fromVariantMap(state));
        }
        if (status.lastAttemptFailed()) {
            plugin.insert(QStringLiteral("error"), status.lastAttempt.error);
            plugin.insert(QStringLiteral("failure"), failureKindName(status.lastAttempt.failure));
        }
        plugins.append(plugin);
    }
    QJsonObject reply = hello();
    reply.insert(QStringLiteral("plugins"), plugins);
    return reply;
}

void AgentServer::reload(QLocalSocket *socket, const Request &request)
{
    const QJsonValue pathValue = request.object.value(QStringLiteral("path"));
    const QString path = pathValue.toString();
    if (!pathValue.isString() || !QFileInfo(path).isAbsolute()) {
        send(socket, errorLine(request.id, ErrorCode::Malformed, QStringLiteral("reload needs \"path\": a plugin file's absolute path")));
        return;
    }
    if (!QFileInfo(path).isFile()) {
        send(socket, errorLine(request.id, ErrorCode::Refused, QStringLiteral("no plugin file at %1").arg(path)));
        return;
    }
    const Pending older = m_pending.take(path);
    if (older.socket)
        send(older.socket, errorLine(older.id, ErrorCode::Superseded, QStringLiteral("a newer reload of %1 came first").arg(path)));
    m_pending.insert(path, Pending{socket, request.id});
    const double buildMs = request.object.value(QStringLiteral("buildMs")).toDouble(-1);
    const double sinceSaveMs = request.object.value(QStringLiteral("totalMs")).toDouble(-1);
    // The trial run in a child process, in the background: the app keeps running meanwhile.
    m_host->probeInBackground(m_reloader->pluginFor(path), path, this, [this, path, buildMs, sinceSaveMs](double waitedMs) {
        finishReload(path, waitedMs, buildMs, sinceSaveMs);
    });
}

void AgentServer::finishReload(const QString &path, double waitedMs, double buildMs, double sinceSaveMs)
{
    const Pending pending = m_pending.take(path);
    ReloadTiming before;
    before.buildMs = buildMs;
    before.totalMs = qMax(0.0, sinceSaveMs) + waitedMs;
    QJsonArray events;
    m_capturing = &events;
    const bool ok = m_reloader->update(path, before);
    m_capturing = nullptr;
    // The app's loader keeps a library it mapped once: a rebuilt one does not come with the
    // reloaded plugin. Said in the reply, never silent.
    const QString reloaded = m_reloader->pluginFor(path);
    if (!reloaded.isEmpty()) {
        for (const HostEvent &stale : staleLibraryEvents(m_host, {reloaded})) {
            qCWarning(lcAgent).noquote() << "stale:" << stale.error;
            events.append(stale.toJson());
        }
    }
    if (!pending.socket)
        return; // the client went away; the reload still happened
    const QString name = m_reloader->pluginFor(path);
    QJsonObject fields{{QStringLiteral("events"), events}, {QStringLiteral("path"), path}};
    if (!name.isEmpty()) {
        fields.insert(QStringLiteral("plugin"), name);
        fields.insert(QStringLiteral("generation"), m_host->status(name).liveGeneration);
    }
    if (ok) {
        fields.insert(QStringLiteral("unchanged"), events.isEmpty());
        send(pending.socket, replyLine(pending.id, fields));
    } else {
        send(pending.socket, errorLine(pending.id, ErrorCode::Refused, m_host->errorString(), fields));
    }
}

// A failed build sends no plugin: without a word the app would look as if it ran the edit.
void AgentServer::buildFailed(QLocalSocket *socket, const Request &request)
{
    const QJsonValue summaryValue = request.object.value(QStringLiteral("summary"));
    if (!summaryValue.isString()) {
        send(socket, errorLine(request.id, ErrorCode::Malformed, QStringLiteral("build-failed needs \"summary\": a string")));
        return;
    }
    const QString summary = summaryValue.toString().left(maxSummaryChars);
    qCWarning(lcAgent).noquote() << "the attached workspace's build failed; the live generations stay:" << summary;
    Q_EMIT clientBuildFailed(summary);
    send(socket, replyLine(request.id));
}

} // namespace Relive
