#pragma once

#include "editor/closeanswer.h"
#include "editor/editorstyle.h"

#include "relive/diagnostic.h"

#include <QtCore/QHash>
#include <QtCore/QMap>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtWidgets/QWidget>

#include <functional>

QT_BEGIN_NAMESPACE
class QAction;
class QTabWidget;
QT_END_NAMESPACE

namespace Relive::App {

class CodeEditor;
class FileChangeWatcher;
class FindBar;
class GoToLineBar;

/*!
 * The editor part of the main window: one tab per open file (title = file name, with its
 * folder when another open file has the same name, and "*" while unsaved; tooltip = full
 * path), a find bar and a go-to-line bar below.
 *
 * Saves are atomic and keep the file's permissions; a failed save keeps the buffer and says
 * why (saveFailed()). Open files are watched: an unmodified buffer follows the file on disk,
 * a modified one asks first (setReloadQuestion()), a deleted file leaves its buffer open and
 * modified, its tab marked "(deleted)". A reload is one undoable step: Undo brings back the text shown before it.
 * Compiler diagnostics go to the editor of their file, also to one opened later.
 *
 * Questions to the user go through hooks, so that tests (and embedders) can answer them.
 * Keyboard: Ctrl+S save, Ctrl+F find, F3 / Shift+F3 find next / previous, Ctrl+L go to line,
 * F4 header/source, Ctrl+W close tab, Ctrl++ / Ctrl+- zoom, F8 / Shift+F8 next / previous diagnostic;
 * these are the widget's actions(), for the main window's menus too.
 */
class EditorArea : public QWidget
{
    Q_OBJECT

public:
    using CloseAnswer = Relive::App::CloseAnswer;
    enum class Command {
        Save, SaveAll, Find, Replace, FindNext, FindPrevious, GoToLine, SwitchHeaderSource, CloseFile,
        ZoomIn, ZoomOut, NextDiagnostic, PreviousDiagnostic
    };

    explicit EditorArea(QWidget *parent = nullptr);
    ~EditorArea() override;

    /*!
     * Opens \a path in a new tab and makes it current, or activates its tab if it is open.
     * Null for a missing or unreadable file, with errorString() saying why.
     */
    CodeEditor *openFile(const QString &path);
    QString errorString() const;

    CodeEditor *currentEditor() const;
    QList<CodeEditor *> editors() const;
    /*! The editor of \a path (compared as canonical absolute paths); null if not open. */
    CodeEditor *editorFor(const QString &path) const;
    QTabWidget *tabWidget() const;
    FindBar *findBar() const;
    /*! The area's action for \a command, with its shortcut, for menus. */
    QAction *action(Command command) const;

    /*! The style of every editor, those open and those opened later (Edit → Preferences). */
    void setEditorStyle(const EditorStyle &style);
    EditorStyle editorStyle() const;

    /*! Closes the tab at \a index; a modified buffer asks first (setCloseQuestion()). */
    bool closeTab(int index);

    /*! Saves atomically; false (and saveFailed()) on failure, with the buffer kept as it is. */
    bool save(CodeEditor *editor);
    bool saveCurrent();
    /*! Saves every modified buffer; false if one failed (the others are still saved). */
    bool saveAll();
    bool hasModifiedEditors() const;
    /*! The files of the modified buffers, in tab order. */
    QStringList modifiedFiles() const;
    /*!
     * Before \a action (e.g. "Quit") closes every buffer: asks about the modified ones, listed
     * (setUnsavedQuestion()), and saves them if so answered. False on Cancel or a failed save.
     */
    bool settleUnsaved(const QString &action);
    /*! Closes every tab, dropping unsaved changes: call settleUnsaved() first. */
    void closeAll();

    /*!
     * \a from (a file, or a folder with open files in it) was renamed to \a to: their tabs
     * follow, with their unsaved text, cursor and undo history.
     */
    void followRename(const QString &from, const QString &to);
    /*!
     * \a path (a file or a folder) was deleted on purpose: the tabs of its files close, except
     * those with unsaved text, which stay, modified and marked as not on disk.
     */
    void followDelete(const QString &path);

    /*! Asked when a modified buffer's file changed on disk: true reloads, false keeps the buffer. */
    void setReloadQuestion(std::function<bool(const QString &path)> question);
    /*! Asked by settleUnsaved(): Save saves them all, Discard drops their changes. */
    void setUnsavedQuestion(std::function<CloseAnswer(const QString &action, const QStringList &paths)> question);
    /*! Asked when a modified buffer's tab is closed. */
    void setCloseQuestion(std::function<CloseAnswer(const QString &path)> question);

    /*!
     * Shows \a all (from a whole build) in the editors of their files, now and in files opened
     * later, replacing the previous list: an empty list clears every editor.
     */
    void setDiagnostics(const QList<Relive::Diagnostic> &all);
    QList<Relive::Diagnostic> diagnosticsFor(const QString &path) const;

    /*! Opens \a path (or activates it), puts the cursor on \a line, \a column, focuses the editor. */
    void openLocation(const QString &path, int line, int column);

    /*!
     * Opens the other half of the current file: foo.h/.hpp/.hh <-> foo.cpp/.cc/.cxx/.c in the
     * same folder. False when there is none.
     */
    bool switchHeaderSource();

    void showFindBar();
    /*! F3 / Shift+F3: the find bar's next (previous) match; opens the bar when it has no search. */
    void findAgain(bool backwards);
    /*! F8 / Shift+F8: moves the current editor's cursor to the next (previous) diagnostic, wrapping; false if none. */
    bool goToDiagnostic(bool backwards);
    /*! Moves the current editor's cursor to the start of \a line; false if out of range. */
    bool goToLine(int line);
    /*! Shows the go-to-line bar (not a modal dialog) for the current editor. */
    void askGoToLine();
    GoToLineBar *goToLineBar() const;

    /*!
     * Opens \a path with \a text as its unsaved contents (a modified buffer; Undo goes back to
     * the file's text), as after a restart. Works for a file that no longer exists.
     */
    CodeEditor *openUnsaved(const QString &path, const QString &text);

    /*!
     * Everything needed to come back after a restart: the open files in order, the current
     * tab, each cursor and scroll position, and the full text of each modified buffer.
     */
    QJsonObject sessionState() const;
    /*!
     * Reopens the files of \a state, puts unsaved text back as modified buffers (also for a file
     * that no longer exists) and restores the cursors and the current tab.
     */
    void restoreSessionState(const QJsonObject &state);

Q_SIGNALS:
    void currentFileChanged(const QString &path);
    void fileSaved(const QString &path);
    void saveFailed(const QString &path, const QString &reason);
    void modificationChanged(bool anyModified);
    /*! \a editor was opened, with its file's text (or the unsaved text of openUnsaved()). */
    void editorOpened(CodeEditor *editor);
    /*! The tab of \a path was closed: its changes were saved or discarded. */
    void editorClosed(const QString &path);

private:
    CodeEditor *createEditor(const QString &path, const QString &text);
    void updateTabTitle(CodeEditor *editor);
    void updateTabTitles();
    /*! The open editors of \a path and of the files under it (canonical or cleaned paths). */
    QList<CodeEditor *> editorsAt(const QString &path) const;
    void removeEditor(CodeEditor *editor);
    void onFileChanged(const QString &path, const QByteArray &contents);
    void onFileRemoved(const QString &path);
    void replaceText(CodeEditor *editor, const QString &text);
    void applyDiagnostics(CodeEditor *editor);
    void createActions();

    QTabWidget *m_tabs;
    FindBar *m_findBar;
    GoToLineBar *m_goToLine;
    FileChangeWatcher *m_watcher;
    QString m_errorString;
    QHash<QString, QList<Relive::Diagnostic>> m_diagnostics; // by canonical path
    std::function<bool(const QString &)> m_reloadQuestion;
    std::function<CloseAnswer(const QString &)> m_closeQuestion;
    std::function<CloseAnswer(const QString &, const QStringList &)> m_unsavedQuestion;
    QMap<Command, QAction *> m_actions;
    EditorStyle m_style;
    QSet<QString> m_asking; // paths whose reload question is open
};

} // namespace Relive::App
