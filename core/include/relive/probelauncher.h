#pragma once

#include "relive/pluginprobe.h"
#include "relive/relive_core_export.h"

#include <QtCore/QObject>

#include <memory>

QT_BEGIN_NAMESPACE
class QProcess;
QT_END_NAMESPACE

namespace Relive {

class ProbeLauncherPrivate;

/*!
 * Keeps one probe child started and warmed up (Qt, the offscreen platform and its fonts
 * initialised: most of a cold probe's time), waiting on stdin for the file to try. A probe takes
 * it and the next spare starts when that probe ends, so a reload never waits for Qt to start,
 * and no warm-up competes with a trial for the CPU. Every child
 * still serves one probe only: nothing one plugin did can leak into the trial of the next.
 */
class RELIVE_CORE_EXPORT ProbeLauncher : public QObject
{
    Q_OBJECT

public:
    explicit ProbeLauncher(QObject *parent = nullptr);
    ~ProbeLauncher() override;

    /*! Starts a spare for \a settings now (when enabled), so that even the first probe is warm. */
    void prepare(const PluginProbe::Settings &settings);
    /*!
     * A started child for \a settings, its stdin still open for the request; the caller owns
     * it. The spare if it matches and is alive, else a fresh one. A new spare follows when it ends.
     */
    QProcess *take(const PluginProbe::Settings &settings);

    /*! A new child for \a settings, started, owned by \a parent. */
    static QProcess *spawn(const PluginProbe::Settings &settings, QObject *parent);
    /*! The program and arguments a child of \a settings runs. */
    static QStringList commandLine(const PluginProbe::Settings &settings);

private:
    std::unique_ptr<ProbeLauncherPrivate> d;
};

} // namespace Relive
