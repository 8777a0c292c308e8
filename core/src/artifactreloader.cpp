#include "relive/artifactreloader.h"

#include "relive/artifactwatcher.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"
#include "sha256.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

namespace Relive {

ArtifactReloader::ArtifactReloader(PluginHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_watcher(new ArtifactWatcher(this))
{
    connect(m_watcher, &ArtifactWatcher::artifactReady, this, [this](const QString &path) { updateInBackground(path); });
}

bool ArtifactReloader::add(const QString &artifactPath)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    // Watch first, so that a replacement during the load is not missed.
    m_watcher->watch(path);
    update(path);
    const QString name = pluginFor(path);
    return !name.isEmpty() && m_host->isLoaded(name);
}

int ArtifactReloader::addFolder(const QString &folder)
{
    int loaded = 0;
    const QFileInfoList files = QDir(folder).entryInfoList({QStringLiteral("*.so")}, QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        if (add(file.absoluteFilePath()))
            ++loaded;
    }
    return loaded;
}

QString ArtifactReloader::pluginFor(const QString &artifactPath) const
{
    return m_pluginByPath.value(QFileInfo(artifactPath).absoluteFilePath());
}

bool ArtifactReloader::update(const QString &artifactPath, const ReloadTiming &before)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    const QString name = m_pluginByPath.value(path);
    // A rebuild that produced the same bytes (or a touch) is not a new generation.
    if (isLiveContent(path, name)) {
        Q_EMIT artifactUnchanged(path);
        return true;
    }
    // Nothing live under that name (never loaded, or unloaded): start over with a load.
    const bool ok = !name.isEmpty() && m_host->isLoaded(name) ? m_host->reload(name, path, before)
                                                              : m_host->load(path, before);
    if (ok)
        m_pluginByPath.insert(path, m_host->pluginLoadedFrom(path));
    return ok;
}

void ArtifactReloader::updateInBackground(const QString &artifactPath, const ReloadTiming &before)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    const QString name = m_pluginByPath.value(path);
    delete m_probes.take(path); // superseded: its file is gone or about to be loaded anyway
    if (!m_host->probeSettings().enabled || isLiveContent(path, name)) {
        update(path, before);
        return;
    }
    QVariantMap state;
    const bool hasState = !name.isEmpty() && m_host->isLoaded(name);
    QString stateError;
    if (hasState)
        state = m_host->saveState(name, &stateError);
    if (!stateError.isEmpty()) {
        update(path, before); // the host refuses the reload for this very reason, and says so
        return;
    }
    auto *probe = new PluginProbe(this);
    probe->setSettings(m_host->probeSettings());
    probe->setLauncher(m_host->probeLauncher());
    m_probes.insert(path, probe);
    QElapsedTimer waited;
    waited.start();
    connect(probe, &PluginProbe::finished, this, [this, path, before, waited, probe](const PluginProbe::Result &result) {
        m_probes.remove(path);
        probe->deleteLater();
        m_host->addProbeResult(result);
        ReloadTiming timing = before;
        if (timing.totalMs >= 0)
            timing.totalMs += double(waited.nsecsElapsed()) / 1e6;
        update(path, timing);
    });
    probe->start(path, state, hasState);
}

bool ArtifactReloader::isProbing() const
{
    return !m_probes.isEmpty();
}

bool ArtifactReloader::isLiveContent(const QString &artifactPath, const QString &name) const
{
    if (name.isEmpty() || !m_host->isLoaded(name))
        return false;
    const ModuleRecord live = m_host->record(name);
    QFile file(artifactPath);
    // A different size is a different file: skip hashing it here, the host hashes it anyway.
    if (file.size() != live.size || !file.open(QIODevice::ReadOnly))
        return false;
    return Sha256::hex(file.readAll()) == live.sha256;
}

} // namespace Relive
