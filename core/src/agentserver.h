#pragma once

#include "relive/agentprotocol.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QObject>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QLocalServer;
class QLocalSocket;
QT_END_NAMESPACE

namespace Relive {

class ArtifactReloader;
class PluginAgent;
class PluginHost;
struct HostEvent;

/*!
 * A PluginAgent's attach socket (PluginAgent::listen()): a QLocalServer in the host's private
 * runtime folder that serves the AgentProtocol to clients of the same user (SO_PEERCRED) and
 * reloads what they name through the agent's host, with every rule the host follows. Never
 * waits on a client: reads as bytes come, drops a client whose replies pile up unread.
 */
class AgentServer : public QObject
{
    Q_OBJECT

public:
    AgentServer(PluginAgent *agent, PluginHost *host, ArtifactReloader *reloader);
    ~AgentServer() override;

    bool listen(const QString &socketPath, QString *error);
    QString socketPath() const;

private:
    struct Client
    {
        AgentProtocol::LineReader reader;
    };
    struct Pending
    {
        QPointer<QLocalSocket> socket;
        QJsonValue id;
    };

    void onConnection();
    void onReadable(QLocalSocket *socket);
    void handle(QLocalSocket *socket, const QByteArray &line);
    void send(QLocalSocket *socket, const QByteArray &line);
    QJsonObject hello() const;
    QJsonObject list() const;
    void reload(QLocalSocket *socket, const AgentProtocol::Request &request);
    void finishReload(const QString &path, double waitedMs, double buildMs, double sinceSaveMs);
    void buildFailed(QLocalSocket *socket, const AgentProtocol::Request &request);

Q_SIGNALS:
    /*! A client's build failed (\a summary: its first error); the live generations stay. */
    void clientBuildFailed(const QString &summary);

private:

    PluginAgent *m_agent;
    PluginHost *m_host;
    ArtifactReloader *m_reloader;
    QLocalServer *m_server = nullptr;
    QHash<QLocalSocket *, Client *> m_clients;
    QHash<QString, Pending> m_pending; //!< by artifact path: a reload waiting on its trial run
    QJsonArray *m_capturing = nullptr; //!< the events of the reload in progress
};

} // namespace Relive
