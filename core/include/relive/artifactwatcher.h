#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QScopedPointer>
#include <QtCore/QStringList>

namespace Relive {

class ArtifactWatcherPrivate;

/*!
 * Watches built plugin files and says when a new version is ready to load: the file was
 * replaced (renamed over, deleted and recreated, or rewritten in place), has stopped changing
 * for the settle interval, and is a complete ELF file. A half-written file is never reported.
 */
class RELIVE_CORE_EXPORT ArtifactWatcher : public QObject
{
    Q_OBJECT

public:
    explicit ArtifactWatcher(QObject *parent = nullptr);
    ~ArtifactWatcher() override;

    /*! How long a file must stay unchanged before it is reported (default 100 ms). */
    void setSettleInterval(int ms);
    int settleInterval() const;

    /*! Starts watching \a path; its current content counts as already seen. */
    void watch(const QString &path);
    void unwatch(const QString &path);
    QStringList watchedPaths() const;

Q_SIGNALS:
    /*! \a path holds a new, complete version. */
    void artifactReady(const QString &path);
    /*! \a path changed and settled, but is not a loadable file yet (truncated, empty...). */
    void artifactIncomplete(const QString &path, const QString &reason);

private:
    friend class ArtifactWatcherPrivate;
    QScopedPointer<ArtifactWatcherPrivate> d;
};

} // namespace Relive
