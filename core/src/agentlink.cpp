#include "relive/agentlink.h"

#include "relive/agentclient.h"
#include "relive/diagnostic.h"
#include "relive/livesession.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace Relive {

namespace {
constexpr int connectTimeoutMs = 2000;

enum class Step { Hello, List, Reload, BuildFailed };

struct Pending
{
    Step step = Step::Hello;
    QString path; //!< a reload's plugin file
};
} // namespace

class AgentLinkPrivate
{
public:
    explicit AgentLinkPrivate(AgentLink *link) : q(link) {}

    qint64 send(Step step, const QString &command, const QJsonObject &fields = QJsonObject(), const QString &path = QString());
    void onReply(qint64 id, const QJsonObject &reply);
    void onHello(const QJsonObject &reply);
    void onReload(const Pending &pending, const QJsonObject &reply);
    void onTimeout(qint64 id);
    void end(const QString &reason, bool wasAttached);
    void installHandler();
    void onSessionEvent(const HostEvent &event);

    AgentLink *q;
    AgentClient client;
    AgentEntry agent;
    QPointer<LiveSession> session;
    QMetaObject::Connection sessionEvents; //!< the session's build-failed, told to the agent
    QHash<qint64, Pending> pending;
    bool attached = false;
    bool listAfterReload = false;
    int requestTimeoutMs = 5000;
    int reloadTimeoutMs = 120000;
};

AgentLink::AgentLink(QObject *parent)
    : QObject(parent)
    , d(new AgentLinkPrivate(this))
{
    connect(&d->client, &AgentClient::replied, this, [this](qint64 id, const QJsonObject &reply) { d->onReply(id, reply); });
    connect(&d->client, &AgentClient::disconnected, this, [this] {
        if (d->agent.pid != 0)
            d->end(tr("%1 closed the connection (it quit, or detached)").arg(describe()), d->attached);
    });
}

AgentLink::~AgentLink()
{
    d->agent = AgentEntry(); // the socket's end, on the way, is no detach to report
    d->attached = false;
    if (d->session)
        d->session->setArtifactHandler(LiveSession::ArtifactHandler());
}

void AgentLink::attach(const AgentEntry &agent)
{
    if (d->agent.pid != 0)
        detach(tr("attaching to another app"));
    d->agent = agent;
    QString error;
    if (!d->client.connectTo(agent.socket, connectTimeoutMs, &error)) {
        d->agent = AgentEntry();
        Q_EMIT attachFailed(error);
        return;
    }
    d->send(Step::Hello, QStringLiteral("hello"));
}

void AgentLink::detach(const QString &reason)
{
    if (d->agent.pid == 0)
        return;
    d->end(reason.isEmpty() ? tr("detached from %1").arg(describe()) : reason, d->attached);
}

bool AgentLink::isAttached() const
{
    return d->attached;
}

AgentEntry AgentLink::agent() const
{
    return d->agent;
}

QString AgentLink::describe() const
{
    return tr("%1 (pid %2)").arg(d->agent.app).arg(d->agent.pid);
}

void AgentLink::setSession(LiveSession *session)
{
    if (d->session == session)
        return;
    QObject::disconnect(d->sessionEvents);
    if (d->session)
        d->session->setArtifactHandler(LiveSession::ArtifactHandler());
    d->session = session;
    if (d->attached)
        d->installHandler();
}

void AgentLink::setTimeouts(int requestTimeoutMs, int reloadTimeoutMs)
{
    d->requestTimeoutMs = requestTimeoutMs;
    d->reloadTimeoutMs = reloadTimeoutMs;
}

void AgentLink::requestList()
{
    if (d->attached)
        d->send(Step::List, QStringLiteral("list"));
}

void AgentLink::setListAfterReload(bool enabled)
{
    d->listAfterReload = enabled;
}

QJsonObject AgentLink::reloadFields(const QString &artifact, const ReloadTiming &before)
{
    QJsonObject fields{{QStringLiteral("path"), artifact}};
    if (before.buildMs >= 0)
        fields.insert(QStringLiteral("buildMs"), before.buildMs);
    if (before.totalMs >= 0)
        fields.insert(QStringLiteral("totalMs"), before.totalMs);
    return fields;
}

QList<HostEvent> AgentLink::eventsOf(const QJsonObject &reply)
{
    QList<HostEvent> events;
    for (const QJsonValue &value : reply.value(QStringLiteral("events")).toArray()) {
        HostEvent event;
        if (HostEvent::fromJson(value.toObject(), &event))
            events.append(event);
    }
    return events;
}

qint64 AgentLinkPrivate::send(Step step, const QString &command, const QJsonObject &fields, const QString &path)
{
    const qint64 id = client.send(command, fields);
    pending.insert(id, Pending{step, path});
    QTimer::singleShot(step == Step::Reload ? reloadTimeoutMs : requestTimeoutMs, q, [this, id] { onTimeout(id); });
    return id;
}

void AgentLinkPrivate::onReply(qint64 id, const QJsonObject &reply)
{
    // A reply to no request is a refusal of the whole connection (another user).
    if (!pending.contains(id)) {
        if (id < 0 && !reply.value(QStringLiteral("ok")).toBool()) {
            const QString error = reply.value(QStringLiteral("error")).toString();
            if (attached)
                end(AgentLink::tr("%1 refused: %2").arg(q->describe(), error), true);
            else
                end(error, false);
        }
        return;
    }
    const Pending request = pending.take(id);
    switch (request.step) {
    case Step::Hello:
        onHello(reply);
        break;
    case Step::List:
        if (reply.value(QStringLiteral("ok")).toBool())
            Q_EMIT q->listed(reply);
        break;
    case Step::Reload:
        onReload(request, reply);
        break;
    case Step::BuildFailed:
        break; // said; nothing comes back
    }
}

void AgentLinkPrivate::onHello(const QJsonObject &reply)
{
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        end(reply.value(QStringLiteral("error")).toString(), false);
        return;
    }
    attached = true;
    installHandler();
    Q_EMIT q->attached(agent);
    if (listAfterReload)
        send(Step::List, QStringLiteral("list"));
}

void AgentLinkPrivate::onReload(const Pending &request, const QJsonObject &reply)
{
    const QList<HostEvent> events = AgentLink::eventsOf(reply);
    for (const HostEvent &event : events)
        Q_EMIT q->hostEvent(event);
    const bool superseded = reply.value(QStringLiteral("code")).toString() == QLatin1String("superseded");
    if (!reply.value(QStringLiteral("ok")).toBool() && events.isEmpty() && !superseded)
        Q_EMIT q->requestFailed(reply.value(QStringLiteral("path")).toString(request.path),
                                reply.value(QStringLiteral("error")).toString());
    if (listAfterReload && attached)
        send(Step::List, QStringLiteral("list"));
}

void AgentLinkPrivate::onTimeout(qint64 id)
{
    if (!pending.contains(id))
        return;
    const Pending request = pending.take(id);
    const int waited = request.step == Step::Reload ? reloadTimeoutMs : requestTimeoutMs;
    const QString what = request.step == Step::Hello         ? AgentLink::tr("hello")
                         : request.step == Step::List        ? AgentLink::tr("list of plugins")
                         : request.step == Step::BuildFailed ? AgentLink::tr("news of a failed build")
                                                             : AgentLink::tr("reload of %1").arg(request.path);
    end(AgentLink::tr("%1 did not answer the %2 within %3 s; detached").arg(q->describe(), what).arg(waited / 1000),
        attached);
}

// Back to the local host, whatever ended the link; the socket is dropped without waiting.
void AgentLinkPrivate::end(const QString &reason, bool wasAttached)
{
    attached = false;
    pending.clear();
    QObject::disconnect(sessionEvents);
    if (session)
        session->setArtifactHandler(LiveSession::ArtifactHandler());
    agent = AgentEntry();
    client.disconnectFromAgent(); // its disconnected() finds no agent: ended here
    if (wasAttached)
        Q_EMIT q->detached(reason);
    else
        Q_EMIT q->attachFailed(reason);
}

void AgentLinkPrivate::installHandler()
{
    QObject::disconnect(sessionEvents);
    if (!session)
        return;
    session->setArtifactHandler([this](const QString &artifact, const ReloadTiming &before) {
        send(Step::Reload, QStringLiteral("reload"), AgentLink::reloadFields(artifact, before), artifact);
    });
    sessionEvents = QObject::connect(session, &LiveSession::sessionEvent, q, [this](const HostEvent &event) { onSessionEvent(event); });
}

// A failed build sends no plugin: the app would hear nothing, and look as if it ran the edit.
void AgentLinkPrivate::onSessionEvent(const HostEvent &event)
{
    if (event.type != HostEvent::Type::BuildFailed || !attached || !session)
        return;
    QString summary = event.error.isEmpty() ? AgentLink::tr("the build failed") : event.error;
    for (const Diagnostic &diagnostic : session->lastDiagnostics()) {
        if (diagnostic.severity == Diagnostic::Severity::Error) {
            summary = diagnostic.toLine();
            break;
        }
    }
    send(Step::BuildFailed, QStringLiteral("build-failed"), {{QStringLiteral("summary"), summary}});
}

} // namespace Relive
