#pragma once

#include "relive/loadattempt.h"

#include <QtWidgets/QLabel>

namespace Relive {
class PluginHost;
} // namespace Relive

namespace Relive::App {

/*!
 * The status bar's report of the newest swap: which plugin and generation went live and where
 * the time went, e.g. "counter g3 live in 642 ms (build 590, trial 21, stage 1.2, load 0.4,
 * restore 0.1)". The total counts every step from the save (or the click), the trial run
 * included; steps that did not run (no build for a Reload from the list) are left out. A save's
 * candidate (CandidateBuild) was built and tried while the user typed, before the save: its build
 * and trial are named apart, "done ahead", since the total from the save does not hold them.
 *
 * It says what is true now: when that plugin is unloaded, rolled back, refused or forgotten
 * afterwards, the text follows PluginHost::status().
 */
class TurnaroundLabel : public QLabel
{
    Q_OBJECT

public:
    explicit TurnaroundLabel(Relive::PluginHost *host, QWidget *parent = nullptr);

    /*! The breakdown of \a attempt's time, as the label shows it after "live in". */
    static QString describeTiming(const Relive::ReloadTiming &timing);

private:
    void showLive(const QString &name, const Relive::LoadAttempt &attempt);
    void updateText(const QString &name);

    Relive::PluginHost *m_host;
    QString m_plugin;            //!< the plugin of the newest swap
    Relive::LoadAttempt m_attempt; //!< that swap
};

} // namespace Relive::App
