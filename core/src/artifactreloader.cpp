#include "relive/artifactreloader.h"

#include "relive/artifactwatcher.h"
#include "relive/pluginhost.h"
#include "sha256.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

namespace Relive {

ArtifactReloader::ArtifactReloader(PluginHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_watcher(new ArtifactWatcher(this))
{
    connect(m_watcher, &ArtifactWatcher::artifactReady, this, &ArtifactReloader::bringIn);
}

bool ArtifactReloader::add(const QString &artifactPath)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    // Watch first, so that a replacement during the load is not missed.
    m_watcher->watch(path);
    bringIn(path);
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

void ArtifactReloader::bringIn(const QString &artifactPath)
{
    const QString name = m_pluginByPath.value(artifactPath);
    // A rebuild that produced the same bytes (or a touch) is not a new generation.
    if (isLiveContent(artifactPath, name)) {
        Q_EMIT artifactUnchanged(artifactPath);
        return;
    }
    // Nothing live under that name (never loaded, or unloaded): start over with a load.
    const bool ok = !name.isEmpty() && m_host->isLoaded(name) ? m_host->reload(name, artifactPath)
                                                              : m_host->load(artifactPath);
    if (ok)
        m_pluginByPath.insert(artifactPath, m_host->pluginLoadedFrom(artifactPath));
}

bool ArtifactReloader::isLiveContent(const QString &artifactPath, const QString &name) const
{
    if (name.isEmpty() || !m_host->isLoaded(name))
        return false;
    QFile file(artifactPath);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return Sha256::hex(file.readAll()) == m_host->record(name).sha256;
}

} // namespace Relive
