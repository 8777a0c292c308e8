#pragma once

#include "relive/agentdirectory.h"
#include "relive/hostevent.h"
#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QScopedPointer>

namespace Relive {

class AgentLinkPrivate;
class LiveSession;

/*!
 * A LiveSession attached to another process's PluginAgent (relive-cli watch --attach, the
 * Relive app's File → Attach): the plugin files of each build go to the agent as reload
 * requests instead of into the session's host, and the events the app's host reports in each
 * reply come back as hostEvent(), as if they were the local host's. After each reload reply a
 * list request follows, whose reply is listed(). A build of the session that fails is told to
 * the agent too ("build-failed", with the first error), since it sends no plugin.
 *
 * Nothing here waits on the agent: the hello, every reload and list have a timeout timer, and
 * a silent or gone agent ends the link (detached()) instead of holding the caller's thread.
 * Only the socket's connect waits, at most connectTimeoutMs (a local socket answers at once).
 */
class RELIVE_CORE_EXPORT AgentLink : public QObject
{
    Q_OBJECT

public:
    explicit AgentLink(QObject *parent = nullptr);
    ~AgentLink() override;

    /*!
     * Connects to \a agent and says hello; attached() or attachFailed() follows. While
     * attached, the builds of the session given to setSession() go to the agent.
     */
    void attach(const AgentEntry &agent);
    /*! Ends the link; the session's builds go back to its own host. Emits detached() if attached. */
    void detach(const QString &reason = QString());
    bool isAttached() const;
    /*! The agent attached to (or being attached to); pid 0 when none. */
    AgentEntry agent() const;
    /*! "texttool (pid 1234)": how a user names the attached process. */
    QString describe() const;

    /*! The session whose builds go to the agent while attached; may change (a workspace switch) or be null. */
    void setSession(LiveSession *session);
    /*! How long a hello or list may take (default 5 s); a reload waits longer (reloadTimeoutMs). */
    void setTimeouts(int requestTimeoutMs, int reloadTimeoutMs);
    /*! Asks the agent for its plugins; listed() brings the reply. */
    void requestList();
    /*! Whether each reload reply is followed by a list request (off by default; the app's Plugins table wants it). */
    void setListAfterReload(bool enabled);

    /*! The request line of a reload of \a artifact, with a build's timing (the protocol's "reload"). */
    static QJsonObject reloadFields(const QString &artifact, const ReloadTiming &before);
    /*! The events of a reply ("events"), as the app's host reported them. */
    static QList<HostEvent> eventsOf(const QJsonObject &reply);

Q_SIGNALS:
    void attached(const Relive::AgentEntry &agent);
    void attachFailed(const QString &error);
    /*! An event of the app's host, from a reload reply. */
    void hostEvent(const Relive::HostEvent &event);
    /*! A reload the agent refused without an event (no such file, a malformed request). */
    void requestFailed(const QString &path, const QString &error);
    /*! A list reply: {"plugins":[{"name","version","generation","state","error",...}],...}. */
    void listed(const QJsonObject &reply);
    /*! The link ended: detach(), the app quitting or closing the connection, or a request timing out. */
    void detached(const QString &reason);

private:
    QScopedPointer<AgentLinkPrivate> d;
    friend class AgentLinkPrivate;
};

} // namespace Relive
