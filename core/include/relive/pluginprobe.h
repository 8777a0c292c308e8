#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

#include <memory>

namespace Relive {

class ProbeLauncher;
class PluginProbePrivate;

/*!
 * A trial run of a plugin file in a child process, before the host lets any of its code run.
 *
 * The child (the relive-probe program) loads the file as a plugin of Settings::iid, restores the
 * state the new generation would receive, creates its widget offscreen (a Relive::LivePlugin
 * only: a plugin of another interface has none), saves the state again, unloads, and exits. Only a
 * clean exit that reported success passes: a crash (with the signal's name), an exit() called
 * by the plugin, a refusal, and a child that does not finish within the timeout (then killed)
 * each fail, naming the step the child was in and its last lines of stderr.
 *
 * The child runs `<program> <arguments> --serve`, warms up, and reads one request line on stdin;
 * it answers on stdout, one line per step, then "ok" or "error". The protocol is in
 * probe/probeprotocol.h, which the child includes too. With a ProbeLauncher the child was
 * started ahead of time.
 */
class RELIVE_CORE_EXPORT PluginProbe : public QObject
{
    Q_OBJECT

public:
    /*! How a trial ended; decided from the child process itself, never from the message's words. */
    enum class Outcome {
        NotRun,      //!< no trial was made (a default Result)
        Passed,      //!< "ok" and exit code 0
        Refused,     //!< the child said "error": the plugin threw, or its file or metadata is refused
        Crashed,     //!< the child ended on a signal
        Exited,      //!< the child ended without an answer: the plugin called exit()
        Hung,        //!< still running at the timeout; killed
        CannotStart, //!< the probe program could not be started
    };
    Q_ENUM(Outcome)

    struct Settings
    {
        bool enabled = false;
        QString program;         //!< empty: defaultProgram()
        QStringList arguments;   //!< before --serve: e.g. {"probe"} with relive-cli as the program
        int timeoutMs = 10000;
        /*!
         * The interface the plugin is tried for: empty, Relive::LivePlugin's. A PluginHost sets its
         * own IID here (setProbeSettings()), so a plugin of another interface is refused clearly.
         */
        QString iid;
        /*!
         * What to tell a user whose plugin is only slow, after "if it is only slow, ": the front
         * end words it with its own ways to raise the timeout.
         */
        QString timeoutAdvice = QStringLiteral("raise the trial timeout");
    };

    struct Result
    {
        using Outcome = PluginProbe::Outcome;

        Outcome outcome = Outcome::NotRun;
        bool passed = false; //!< outcome == Outcome::Passed
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
     * Library generation copies (docs/ARCHITECTURE.md, "Library generations") the child loads
     * by path before the file, dependencies first: the file's DT_NEEDED name them.
     */
    void setLibraries(const QStringList &libraries);

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
     * $RELIVE_PROBE, else relive-probe next to the running executable, in this build tree, or
     * where the install puts it (libexec): the first one that exists.
     */
    static QString defaultProgram();
    /*! "SIGSEGV (Segmentation fault)" */
    static QString describeSignal(int signalNumber);

Q_SIGNALS:
    void finished(const Relive::PluginProbe::Result &result);

private:
    friend class PluginProbePrivate;
    std::unique_ptr<PluginProbePrivate> d;
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::PluginProbe::Result)
