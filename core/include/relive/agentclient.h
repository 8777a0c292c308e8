#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QScopedPointer>

namespace Relive {

class AgentClientPrivate;

/*!
 * The client side of a PluginAgent's attach socket (AgentProtocol): relive-cli agents and
 * watch --attach, the Relive app's File → Attach. Replies come as replied(), in the order of
 * the requests; request() waits for one (command-line use only: it blocks the caller's thread).
 */
class RELIVE_CORE_EXPORT AgentClient : public QObject
{
    Q_OBJECT

public:
    explicit AgentClient(QObject *parent = nullptr);
    ~AgentClient() override;

    /*! Connects to the agent at \a socketPath, waiting up to \a timeoutMs. False, with \a error, if not. */
    bool connectTo(const QString &socketPath, int timeoutMs, QString *error);
    void disconnectFromAgent();
    bool isConnected() const;

    /*! Sends \a command with \a fields; returns the request's id, which its reply carries. */
    qint64 send(const QString &command, const QJsonObject &fields = QJsonObject());
    /*!
     * Sends \a command and waits up to \a timeoutMs for its reply (an error reply the agent
     * sends without an id, such as a refusal of this user, counts too). Empty, with \a error,
     * when none came.
     */
    QJsonObject request(const QString &command, const QJsonObject &fields, int timeoutMs, QString *error);

Q_SIGNALS:
    /*! The agent's reply to request \a id (-1: a reply to no request, such as a refusal). */
    void replied(qint64 id, const QJsonObject &reply);
    /*! The agent closed the connection (the app quit, or refused this client). */
    void disconnected();

private:
    QScopedPointer<AgentClientPrivate> d;
};

} // namespace Relive
