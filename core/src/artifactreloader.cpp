#include "relive/artifactreloader.h"

#include "relive/artifactwatcher.h"
#include "relive/pluginhost.h"
#include "relive/private/inputfile.h"
#include "codehash.h"
#include "sha256.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>

namespace Relive {

class ArtifactReloaderPrivate
{
public:
    /*! Whether the file holds the bytes of the live generation of \a name. */
    bool isLiveContent(const QString &artifactPath, const QString &name) const;
    /*!
     * The plugin the file at \a path is loaded as: by this reloader, or by the host some other
     * way (a restore after a crash loads the kept copy of a build's file), which is then adopted.
     */
    QString pluginAt(const QString &path);

    PluginHost *host;
    ArtifactWatcher *watcher;
    QHash<QString, QString> pluginByPath;
};

ArtifactReloader::ArtifactReloader(PluginHost *host, QObject *parent)
    : QObject(parent)
    , d(new ArtifactReloaderPrivate{host, new ArtifactWatcher(this), {}})
{
    connect(d->watcher, &ArtifactWatcher::artifactReady, this, [this](const QString &path) { updateInBackground(path); });
}

ArtifactReloader::~ArtifactReloader() = default;

ArtifactWatcher *ArtifactReloader::watcher() const
{
    return d->watcher;
}

bool ArtifactReloader::add(const QString &artifactPath)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    // Watch first, so that a replacement during the load is not missed.
    d->watcher->watch(path);
    update(path);
    const QString name = pluginFor(path);
    return !name.isEmpty() && d->host->isLoaded(name);
}

void ArtifactReloader::adopt(const QString &artifactPath, const QString &name)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    d->watcher->watch(path);
    if (!name.isEmpty())
        d->pluginByPath.insert(path, name);
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
    return d->pluginByPath.value(QFileInfo(artifactPath).absoluteFilePath());
}

bool ArtifactReloader::update(const QString &artifactPath, const ReloadTiming &before)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    const QString name = d->pluginAt(path);
    // A rebuild that produced the same bytes (or a touch) is not a new generation.
    if (d->isLiveContent(path, name)) {
        // The source is back at the live code: a refusal of other bytes no longer applies.
        d->host->clearFailedAttempt(name);
        Q_EMIT artifactUnchanged(path);
        Q_EMIT updateFinished(path, true);
        return true;
    }
    // Nothing live under that name (never loaded, or unloaded): start over with a load.
    const bool ok = !name.isEmpty() && d->host->isLoaded(name) ? d->host->reload(name, path, before)
                                                               : d->host->load(path, before);
    if (ok)
        d->pluginByPath.insert(path, d->host->pluginLoadedFrom(path));
    Q_EMIT updateFinished(path, ok);
    return ok;
}

void ArtifactReloader::updateInBackground(const QString &artifactPath, const ReloadTiming &before)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    const QString name = d->pluginAt(path);
    if (d->isLiveContent(path, name)) {
        update(path, before); // says it is unchanged
        return;
    }
    d->host->probeInBackground(name, path, this, [this, path, before](double waitedMs) {
        ReloadTiming timing = before;
        // The trial run counts, also for a reload that did not start with a save (no total yet).
        timing.totalMs = qMax(0.0, timing.totalMs) + waitedMs;
        update(path, timing);
    });
}

QString ArtifactReloaderPrivate::pluginAt(const QString &path)
{
    QString name = pluginByPath.value(path);
    if (name.isEmpty()) {
        name = host->pluginLoadedFrom(path);
        if (!name.isEmpty())
            pluginByPath.insert(path, name);
    }
    return name;
}

bool ArtifactReloaderPrivate::isLiveContent(const QString &artifactPath, const QString &name) const
{
    if (name.isEmpty() || !host->isLoaded(name))
        return false;
    const ModuleRecord live = host->record(name);
    // Loaded from elsewhere (a candidate built while typing): the same code is the same
    // generation, whatever the debug info says.
    if (QFileInfo(live.artifactPath).absoluteFilePath() != artifactPath) {
        const QByteArray code = codeHash(artifactPath);
        if (!code.isEmpty() && code == codeHashOfContent(live.shadowPath, live.sha256))
            return true;
    }
    InputFile file(artifactPath);
    // A different size is a different file: skip hashing it here, the host hashes it anyway.
    if (!file.open() || file.size() != live.size)
        return false;
    Sha256 hash;
    const bool read = file.stream([&hash](const char *data, qint64 length) {
        hash.addData(data, length);
        return true;
    });
    return read && hash.hexResult() == live.sha256;
}

} // namespace Relive
