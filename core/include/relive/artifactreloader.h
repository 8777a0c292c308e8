#pragma once

#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"

#include <QtCore/QObject>
#include <QtCore/QScopedPointer>

namespace Relive {

class ArtifactReloaderPrivate;
class ArtifactWatcher;
class PluginHost;

/*!
 * Keeps a PluginHost in step with built plugin files: loads each file once, then reloads its
 * plugin, state carried, whenever ArtifactWatcher reports a new complete version. A file that
 * fails to load stays watched, so the next good build brings it in.
 */
class RELIVE_CORE_EXPORT ArtifactReloader : public QObject
{
    Q_OBJECT

public:
    explicit ArtifactReloader(PluginHost *host, QObject *parent = nullptr);
    ~ArtifactReloader() override;

    ArtifactWatcher *watcher() const;

    /*! Loads \a artifactPath and watches it. Returns whether the load succeeded. */
    bool add(const QString &artifactPath);
    /*!
     * Watches \a artifactPath as the file of the live plugin \a name, without loading it: the
     * plugin came from elsewhere (a kept copy, after a crash); the next version reloads it.
     */
    void adopt(const QString &artifactPath, const QString &name);
    /*! add() for every shared library in \a folder. Returns how many loaded. */
    int addFolder(const QString &folder);

    /*!
     * Loads or reloads from \a artifactPath now, unless its bytes are already live (then
     * artifactUnchanged() is emitted, and a failed attempt since is cleared: PluginHost::clearFailedAttempt()).
     * Does not watch the file. Returns false on failure.
     */
    bool update(const QString &artifactPath, const ReloadTiming &before = ReloadTiming());

    /*!
     * update() without blocking on the probe: when the host probes new generations, the probe
     * runs in the background and the host loads once it has passed (or reports its failure).
     * A newer call for the same file cancels the probe still running for it.
     */
    void updateInBackground(const QString &artifactPath, const ReloadTiming &before = ReloadTiming());

    /*! The plugin name last loaded from \a artifactPath, if any. */
    QString pluginFor(const QString &artifactPath) const;

Q_SIGNALS:
    /*! \a artifactPath was rewritten with the bytes already live (a touch, a no-op rebuild). */
    void artifactUnchanged(const QString &artifactPath);
    /*! update() of \a artifactPath is done (also through updateInBackground()): \a ok as update() returned. */
    void updateFinished(const QString &artifactPath, bool ok);

private:
    QScopedPointer<ArtifactReloaderPrivate> d;
};

} // namespace Relive
