#pragma once

#include "editor/editorgutter.h"
#include "editor/editorstyle.h"

#include "relive/diagnostic.h"

#include <QtCore/QList>
#include <QtWidgets/QPlainTextEdit>

QT_BEGIN_NAMESPACE
class QSyntaxHighlighter;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * A source editor: fixed-pitch text with a line-number gutter, the current line highlighted,
 * Tab as four spaces, Enter keeping the indentation, syntax highlighting chosen from the file
 * name (EditorStyle: font, tab width, spaces or tabs, theme), and compiler diagnostics shown in place (wavy underline, gutter marker, tooltip).
 *
 * Lines and columns in this API are 1-based, as compilers print them.
 */
class CodeEditor : public QPlainTextEdit, private EditorGutter::Lines
{
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    /*! The file shown; setting it also chooses the syntax highlighting. */
    QString filePath() const;
    void setFilePath(const QString &filePath);

    /*!
     * The text as it is saved: unlike toPlainText(), keeps non-breaking spaces (and any other
     * character) as they are in the file.
     */
    QString fileText() const;

    /*!
     * Shows \a diagnostics, the ones that concern this file, replacing any shown before; an
     * empty list clears them. Errors and warnings are underlined from their column over the
     * token there (column 0: the whole line); every diagnostic gets a gutter marker. Ranges
     * follow later edits of the text. Diagnostics on lines this file does not have are kept
     * (diagnostics()) but not shown.
     */
    void setDiagnostics(const QList<Relive::Diagnostic> &diagnostics);
    QList<Relive::Diagnostic> diagnostics() const;

    /*! The tooltip text of the diagnostics underlined at \a line, \a column; empty if none. */
    QString diagnosticToolTipAt(int line, int column) const;
    /*! The tooltip text of every diagnostic marked on \a line in the gutter; empty if none. */
    QString diagnosticToolTipForLine(int line) const;
    /*!
     * The most severe diagnostic marked on \a line, for the gutter; false if the line has no
     * marker.
     */
    bool diagnosticSeverityForLine(int line, Relive::Diagnostic::Severity *severity) const;
    /*! The colour that marks \a severity (underline and gutter marker). */
    static QColor severityColor(Relive::Diagnostic::Severity severity);

    /*! Moves the cursor to \a line, \a column, clamped to the text, and makes it visible. */
    void goToPosition(int line, int column);
    int currentLineNumber() const;
    int currentColumnNumber() const;
    /*! The vertical scroll position (the first line in view, 0-based), to restore a view. */
    int scrollPosition() const;
    void setScrollPosition(int position);

    /*! Font, tab width, indentation and theme; applied at once to the text shown. */
    void setEditorStyle(const EditorStyle &style);
    EditorStyle editorStyle() const;

    EditorGutter *gutter() const;
    /*! The highlighter attached for the current file name and palette; null if none applies. */
    QSyntaxHighlighter *highlighter() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct PlacedDiagnostic
    {
        Relive::Diagnostic diagnostic;
        QTextCursor range; // follows edits; empty selection for notes and unknown columns
    };

    // EditorGutter::Lines: the gutter paints from the visible block geometry, which is protected.
    QTextBlock firstVisibleLine() const override;
    QRectF lineGeometry(const QTextBlock &block) const override;
    QColor markerColor(int line) const override;
    QString markerToolTip(int line) const override;

    void attachHighlighter();
    void updateGutterGeometry();
    void updateExtraSelections();
    void insertNewLineKeepingIndentation();
    bool insertClosingBrace();
    QTextCursor diagnosticRange(const Relive::Diagnostic &diagnostic) const;
    QString diagnosticToolTipAtPosition(int position) const;
    int characterPositionAt(const QPoint &viewportPos) const;

    EditorGutter *m_gutter;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QString m_filePath;
    QList<Relive::Diagnostic> m_diagnostics;
    QList<PlacedDiagnostic> m_placed;
    EditorStyle m_style;
};

} // namespace Relive::App
