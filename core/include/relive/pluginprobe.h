#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

QT_BEGIN_NAMESPACE
class QProcess;
QT_END_NAMESPACE

namespace Relive {

class ProbeLauncher;

/*!
 * A trial run of a plugin file in a child process, before the host lets any of its code run.
 *
 * The child (by default `relive-cli probe FILE`) loads the file, restores the state the new
 * generation would receive, creates its widget offscreen, saves the state again, unloads, and
 * exits. Only a clean exit that reported success passes: a crash (with the signal's name), an
 * exit() called by the plugin, a refusal, and a child that does not finish within the timeout
 * (then killed) each fail, naming the step the child was in and its last lines of stderr.
 *
 * The child runs `<program> <arguments> --serve`, warms up, and reads one request line on stdin:
 * {"file": "...", "state": {...}} (without "state", nothing is restored, as for a first load).
 * On its stdout it answers with one line per step, "step <name>", then "ok <json>" or
 * "error <message>". With a ProbeLauncher the child was started ahead of time.
 */
class RELIVE_CORE_EXPORT PluginProbe : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        bool enabled = false;
        QString program;                                   //!< empty: defaultProgram()
        QStringList arguments{QStringLiteral("probe")};    //!< before the file
        int timeoutMs = 10000;
    };

    struct Result
    {
        bool passed = false;
        QString error;       //!< why it failed: the cause and what to do
        QString sha256;      //!< of the bytes the child loaded (empty if it never got that far)
        QString lastStep;    //!< the step the child was in when it ended
        double ms = -1;
    };

    explicit PluginProbe(QObject *parent = nullptr);
    ~PluginProbe() override;

    void setSettings(const Settings &settings);
    Settings settings() const;
    /*! Where children come from: warm spares; without one, each probe starts its own child. */
    void setLauncher(ProbeLauncher *launcher);

    /*!
     * Starts probing \a file in the background; finished() follows. \a hasState: whether the
     * new generation would receive \a state (a reload) or nothing (a first load). A probe
     * still running is cancelled first.
     */
    void start(const QString &file, const QVariantMap &state, bool hasState);
    /*! start(), then waits for the result: for callers that may block (CLI, tests). */
    Result run(const QString &file, const QVariantMap &state, bool hasState);
    /*! Kills a running child; no finished() for it. */
    void cancel();
    bool isRunning() const;

    /*!
     * $RELIVE_PROBE, else relive-cli next to the running executable, in this build's cli/ folder,
     * or in the install's bin folder: the first one that exists.
     */
    static QString defaultProgram();
    /*! "SIGSEGV (Segmentation fault)" */
    static QString describeSignal(int signalNumber);

Q_SIGNALS:
    void finished(const Relive::PluginProbe::Result &result);

private:
    void onFinished();
    void onTimeout();
    Result judge() const;

    Settings m_settings;
    ProbeLauncher *m_launcher = nullptr;
    QProcess *m_process = nullptr;
    QString m_file;
    QByteArray m_stdout;
    bool m_timedOut = false;
    qint64 m_startedNs = 0;
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::PluginProbe::Result)
