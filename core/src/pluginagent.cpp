#include "relive/pluginagent.h"

#include "agentserver.h"
#include "relive/agentdirectory.h"
#include "relive/artifactreloader.h"
#include "relive/artifactwatcher.h"
#include "relive/pluginhost.h"
#include "relive/runtimefolder.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace Relive {

namespace {
// A file that appears in the folder is loaded once it stopped changing for this long (as ArtifactWatcher).
constexpr int newFileSettleMs = 150;
} // namespace

class PluginAgentPrivate
{
public:
    explicit PluginAgentPrivate(PluginAgent *agent) : q(agent) {}

    void onAboutToUnload(const QString &name, int generation);
    void onLive(const QString &name, int generation);
    void onRetired(const QString &name, int generation, int successor);
    void addNewFiles();

    /*! The instance the app was given for a name, and its generation. */
    struct Live
    {
        int generation = 0;
        QPointer<QObject> instance;
    };

    PluginAgent *q;
    PluginHost *host = nullptr;
    ArtifactReloader *reloader = nullptr;
    QFileSystemWatcher *folderWatcher = nullptr;
    QTimer *settle = nullptr;
    AgentServer *server = nullptr;
    QString folder;
    QString error;
    QHash<QString, Live> live;
    PluginAgent::Hook beforeUnload;
    PluginAgent::Hook afterLoad;
};

PluginAgent::PluginAgent(const QString &iid, QObject *parent)
    : QObject(parent)
    , d(new PluginAgentPrivate(this))
{
    d->host = new PluginHost(iid, this);
    d->reloader = new ArtifactReloader(d->host, this);
    d->folderWatcher = new QFileSystemWatcher(this);
    d->settle = new QTimer(this);
    d->settle->setSingleShot(true);
    d->settle->setInterval(newFileSettleMs);
    connect(d->folderWatcher, &QFileSystemWatcher::directoryChanged, d->settle, qOverload<>(&QTimer::start));
    connect(d->settle, &QTimer::timeout, this, [this] { d->addNewFiles(); });
    // Direct: the host unmaps the code right after the signal returns.
    connect(d->host, &PluginHost::aboutToUnload, this,
            [this](const QString &name, int generation) { d->onAboutToUnload(name, generation); }, Qt::DirectConnection);
    connect(d->host, &PluginHost::generationLive, this,
            [this](const QString &name, const LoadAttempt &attempt) { d->onLive(name, attempt.generation); });
    connect(d->host, &PluginHost::generationRetired, this, [this](const ModuleRecord &record, int successor) {
        d->onRetired(record.name, record.generation, successor);
    });
    connect(d->host, &PluginHost::attemptFailed, this,
            [this](const QString &name, const LoadAttempt &attempt) { Q_EMIT loadFailed(name, attempt.error); });
    setProbeEnabled(true);
}

PluginAgent::~PluginAgent()
{
    if (d->server) {
        AgentDirectory::withdraw(QCoreApplication::applicationPid());
        delete d->server; // no client reloads from here on
    }
    // While the hooks can still run: every instance goes through beforeUnload.
    d->host->unloadAll();
}

QString PluginAgent::iid() const
{
    return d->host->iid();
}

PluginHost *PluginAgent::host() const
{
    return d->host;
}

void PluginAgent::setHooks(const Hook &beforeUnload, const Hook &afterLoad)
{
    d->beforeUnload = beforeUnload;
    d->afterLoad = afterLoad;
}

void PluginAgent::setProbeEnabled(bool enabled, int timeoutMs)
{
    PluginProbe::Settings settings = d->host->probeSettings();
    settings.enabled = enabled;
    settings.timeoutMs = timeoutMs;
    settings.timeoutAdvice = QStringLiteral("raise the trial timeout (PluginAgent::setProbeEnabled())");
    d->host->setProbeSettings(settings);
}

bool PluginAgent::isProbeEnabled() const
{
    return d->host->probeSettings().enabled;
}

int PluginAgent::start(const QString &folder)
{
    if (!d->folder.isEmpty())
        d->folderWatcher->removePath(d->folder);
    d->folder = QFileInfo(folder).absoluteFilePath();
    QDir().mkpath(d->folder);
    d->folderWatcher->addPath(d->folder); // first: a file that appears during the loads is not missed
    return d->reloader->addFolder(d->folder);
}

bool PluginAgent::listen()
{
    d->error.clear();
    if (!d->host->runtimeFolder().isValid()) {
        d->error = d->host->runtimeFolder().errorString();
        return false;
    }
    if (!d->server) {
        d->server = new AgentServer(this, d->host, d->reloader);
        connect(d->server, &AgentServer::clientBuildFailed, this, &PluginAgent::attachedBuildFailed);
    }
    const QString path = d->host->runtimeFolder().path() + QStringLiteral("/agent.sock");
    if (!d->server->listen(path, &d->error))
        return false;
    AgentEntry entry;
    entry.pid = QCoreApplication::applicationPid();
    entry.app = QCoreApplication::applicationName();
    entry.socket = path;
    entry.folder = d->folder;
    entry.iid = iid();
    return AgentDirectory::publish(entry, &d->error);
}

QString PluginAgent::socketPath() const
{
    return d->server ? d->server->socketPath() : QString();
}

QString PluginAgent::errorString() const
{
    return d->error;
}

QString PluginAgent::pluginFolder() const
{
    return d->folder;
}

QStringList PluginAgent::plugins() const
{
    QStringList names;
    for (const QString &name : d->host->pluginNames()) {
        if (d->host->isLoaded(name))
            names << name;
    }
    return names;
}

QObject *PluginAgent::instance(const QString &name) const
{
    return d->host->instance(name);
}

int PluginAgent::generation(const QString &name) const
{
    return d->live.value(name).generation;
}

void PluginAgentPrivate::onAboutToUnload(const QString &name, int generation)
{
    // The host also unloads a new generation it refused: the app never saw that one.
    const Live given = live.value(name);
    if (given.generation != generation)
        return;
    if (beforeUnload)
        beforeUnload(name, given.instance);
    Q_EMIT q->aboutToUnload(name, given.instance);
}

void PluginAgentPrivate::onLive(const QString &name, int generation)
{
    QObject *instance = host->instance(name);
    live.insert(name, Live{generation, instance});
    if (afterLoad)
        afterLoad(name, instance);
    Q_EMIT q->instanceChanged(name, instance, generation);
}

void PluginAgentPrivate::onRetired(const QString &name, int generation, int successor)
{
    if (successor != 0 || live.value(name).generation != generation)
        return; // replaced: onLive() follows
    live.remove(name);
    Q_EMIT q->instanceChanged(name, nullptr, 0);
}

void PluginAgentPrivate::addNewFiles()
{
    const QStringList watched = reloader->watcher()->watchedPaths();
    const QFileInfoList files = QDir(folder).entryInfoList({QStringLiteral("*.so")}, QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        if (!watched.contains(file.absoluteFilePath()))
            reloader->add(file.absoluteFilePath());
    }
}

} // namespace Relive
