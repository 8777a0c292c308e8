#pragma once

#include "build/ansicolorparser.h"

#include "relive/buildresult.h"
#include "relive/diagnostic.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QToolBar;
QT_END_NAMESPACE

namespace Relive::App {

class BuildOutputView;

/*!
 * The build's output as it streams, in its colours, like Qt Creator's Compile Output.
 *
 * The lines come from Relive::LiveSession::buildOutput(), which reads them for diagnostics as
 * they arrive: a line that points at a place in a file (a compiler's or linker's diagnostic,
 * resolved to an absolute path) becomes a link, and a click emits locationActivated(). Each
 * build gets a header line (buildStarted()) and one summary line (buildFinished()). The
 * toolbar cancels the running build, clears the output and steps through the diagnostics.
 */
class BuildConsole : public QWidget
{
    Q_OBJECT

public:
    explicit BuildConsole(QWidget *parent = nullptr);
    ~BuildConsole() override;

    /*! Between buildStarted() and buildFinished(). */
    bool isBuilding() const;

    BuildOutputView *outputView() const;
    QToolBar *toolBar() const;
    QAction *cancelAction() const;   //!< enabled only while a build runs
    QAction *clearAction() const;
    QAction *nextDiagnosticAction() const;
    QAction *previousDiagnosticAction() const;

    /*! How many lines of the output are clickable diagnostics. */
    int diagnosticLineCount() const;
    /*! The text of the last summary line, empty before the first build ends. */
    QString lastSummary() const;

public Q_SLOTS:
    /*! Starts a build's section with a header line, \a description (e.g. the toolchain). */
    void buildStarted(const QString &description);
    /*!
     * One line of the build's output, ANSI colour codes and all, with the place it points at
     * (Relive::LiveSession::buildOutput()): a link when that names an absolute file.
     */
    void appendBuildOutput(const QString &line, const Relive::Diagnostic &location);
    /*! Output that points nowhere, such as a message of the app's; several lines at once are split. */
    void appendOutput(const QString &text);
    /*! Writes the build's one summary line: result, error and warning counts, duration. */
    void buildFinished(const Relive::BuildResult &result, const QList<Relive::Diagnostic> &diagnostics);
    /*!
     * A built generation the host refused (its trial crashed, it threw, its interface is wrong):
     * a build that succeeded is not the end of the story, so the console says so right after it.
     */
    void reportRefusal(const QString &plugin, int generation, const QString &error);
    /*! The app came back from a crash: \a text in red, a link to \a location when it is a file. */
    void reportCrash(const QString &text, const Relive::Diagnostic &location);
    /*! Code the build replaced still runs in \a plugins and cannot be swapped: \a why. */
    void reportStale(const QStringList &plugins, const QString &why);
    void clear();

Q_SIGNALS:
    void locationActivated(const QString &absoluteFile, int line, int column);
    void cancelRequested();

private:
    void appendStatusLine(const QString &text, const QColor &color);
    QString summaryOf(const Relive::BuildResult &result, const QList<Relive::Diagnostic> &diagnostics) const;
    void setBuilding(bool building);

    BuildOutputView *m_view;
    QToolBar *m_toolBar;
    QAction *m_cancel;
    QAction *m_clear;
    QAction *m_next;
    QAction *m_previous;
    AnsiColorParser m_colors;
    QElapsedTimer m_elapsed;
    QString m_lastSummary;
    bool m_building = false;
};

} // namespace Relive::App
