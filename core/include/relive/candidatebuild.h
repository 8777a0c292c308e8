#pragma once

#include "relive/diagnostic.h"
#include "relive/relive_core_export.h"

#include <QtCore/QObject>

#include <memory>

namespace Relive {

class CandidateBuildPrivate;
class PluginHost;

/*!
 * Builds the unsaved text of one plugin source into a candidate generation, while the user's
 * typing pauses (docs/ARCHITECTURE.md, "Build while typing"). Nothing of the real build is
 * touched: the text is written into a private folder, compiled with the file's command from
 * compile_commands.json (with -ffile-prefix-map, so that debug info and __FILE__ name the real
 * file, and -iquote its folder, so that its includes resolve as before), and the plugin is
 * relinked from the other objects of the build folder with the command Ninja would run
 * (`ninja -t commands`), its output pointed at the private folder. Then the host tries it
 * (PluginHost::probeInBackground()): the verdict is kept for the swap.
 *
 * At most one candidate at a time: a newer build() or cancel() kills the running one (its
 * process group). The compiler and linker run at the lowest CPU priority (nice 19), except
 * for a save's candidate (buildSaved()), which the user waits for.
 * A source whose declarations moc reads differ from the saved file's is not built: the moc
 * output in the build folder would not match it (MocDeclarations).
 *
 * takeIfCurrent() is the other half: at a save, when every input is byte-identical to what
 * was compiled (the saved file, each workspace file it includes, by SHA-256; files outside the
 * workspace and the other objects by size and time; the commands), the candidate's artifact
 * is what the normal build would produce, and only the swap is left.
 */
class RELIVE_CORE_EXPORT CandidateBuild : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        Ready,      //!< compiled, linked and tried: takeIfCurrent() can swap it
        Failed,     //!< the compiler or the linker failed: diagnostics() say why
        Refused,    //!< the trial run refused it (PluginProbe)
        Cancelled,  //!< typing resumed, or cancel()
        NotBuilt    //!< nothing to build: errorString() says why (no command, moc input changed...)
    };
    Q_ENUM(Outcome)

    CandidateBuild(PluginHost *host, QObject *parent = nullptr);
    ~CandidateBuild() override;

    /*! The build folder (configured and built once: compile_commands.json, build.ninja) and the workspace. */
    void setBuildDirectory(const QString &buildDirectory);
    void setWorkspace(const QString &workspace);

    /*! Starts building \a text as the content of \a sourcePath; cancels the running candidate. */
    void build(const QString &sourcePath, const QByteArray &text);
    /*!
     * A save without a typing pause: starts building \a sourcePath as saved, at normal CPU
     * priority. \a builtText is its text at the last build, what the build folder's moc output
     * was made from: NotBuilt when moc would read the saved text otherwise.
     */
    void buildSaved(const QString &sourcePath, const QByteArray &builtText);
    /*! Whether the running or last candidate was started by buildSaved(). */
    bool isForSave() const;
    void cancel();
    bool isRunning() const;

    /*!
     * The ready candidate's artifact when it matches the files on disk now, with \a changedFiles
     * (a save's burst) all among its inputs; else empty. \a pluginName gets the plugin it
     * replaces. The candidate is consumed either way.
     */
    QString takeIfCurrent(const QStringList &changedFiles, QString *pluginName);
    /*!
     * Whether the running candidate is building what \a changedFiles now hold on disk (only
     * its source changed, to its text): a save may then wait for it rather than build again.
     */
    bool isBuilding(const QStringList &changedFiles) const;
    /*! Whether a finished candidate waits for takeIfCurrent(). */
    bool isReady() const;
    /*!
     * Whether the last candidate was a save's (buildSaved()) of what \a changedFiles now hold
     * on disk, and ended Failed, Refused or NotBuilt: building it again would end the same.
     */
    bool triedSaved(const QStringList &changedFiles) const;
    /*!
     * Whether the last candidate was taken (takeIfCurrent()) and is of what \a changedFiles
     * now hold on disk: a save of text swapped in already (LiveSession::swapCandidateFor()).
     */
    bool wasTakenFor(const QStringList &changedFiles) const;

    /*! The last finished candidate's diagnostics; their files are the real ones. */
    QList<Diagnostic> diagnostics() const;
    QString errorString() const;
    /*! The last finished candidate's compile and link, in milliseconds (without its trial). */
    double buildMs() const;
    /*! Whether \a path is a source a compiler reads (.cpp, .cc, .cxx, .c++, .c). */
    static bool isCompiledSource(const QString &path);
    /*! Whether moc reads the same declarations from both texts (then one moc output fits both). */
    static bool sameMocInput(const QByteArray &before, const QByteArray &after);

    /*!
     * Starts the compiler of \a sourcePath's next candidate now, to wait for its text: even the
     * first save of that file then skips the compiler's start. Nothing while a candidate runs,
     * or for a file no live plugin is linked from: false then.
     */
    bool startAhead(const QString &sourcePath);

    /*! How many candidates were started, and how many reached the compiler. */
    int buildsStarted() const;
    int compilesRun() const;
    /*! How many of those compiles went to a compiler started before their text (WaitingCompile). */
    int compilesStartedAhead() const;

Q_SIGNALS:
    void started(const QString &sourcePath);
    /*! \a sourcePath's candidate ended; diagnostics() are its compiler's and linker's. */
    void finished(const QString &sourcePath, Relive::CandidateBuild::Outcome outcome);

private:
    friend class CandidateBuildPrivate;
    std::unique_ptr<CandidateBuildPrivate> d;
};

} // namespace Relive
