#include "editor/codeeditor.h"

#include "editor/plaintooltip.h"
#include "editor/syntaxhighlighting.h"

#include <QtCore/QFileInfo>
#include <QtGui/QFontDatabase>
#include <QtGui/QHelpEvent>
#include <QtGui/QKeyEvent>
#include <QtGui/QSyntaxHighlighter>
#include <QtGui/QTextBlock>
#include <QtGui/QTextDocument>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QScrollBar>

#include <utility>

namespace Relive::App {

using Relive::Diagnostic;

namespace {
bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

QString leadingWhitespace(const QString &text)
{
    int end = 0;
    while (end < text.size() && (text.at(end) == QLatin1Char(' ') || text.at(end) == QLatin1Char('\t')))
        ++end;
    return text.left(end);
}

QString locationSuffix(const Diagnostic &diagnostic)
{
    if (diagnostic.file.isEmpty() || diagnostic.line <= 0)
        return {};
    return QStringLiteral(" (%1:%2)").arg(QFileInfo(diagnostic.file).fileName()).arg(diagnostic.line);
}

// "error: message", then its notes indented below it.
QString toolTipText(const Diagnostic &diagnostic)
{
    QString text = Diagnostic::severityName(diagnostic.severity) + QStringLiteral(": ") + diagnostic.message;
    for (const Diagnostic &note : diagnostic.notes) {
        text += QStringLiteral("\n    ") + Diagnostic::severityName(note.severity) + QStringLiteral(": ")
                + note.message + locationSuffix(note);
    }
    return text;
}
} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new EditorGutter(this, this))
{
    m_style.font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(m_style.font);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * m_style.tabWidth);

    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateGutterGeometry);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy != 0)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        updateExtraSelections();
        m_gutter->update(); // the current line number is drawn differently
    });
    updateGutterGeometry();
    updateExtraSelections();
}

CodeEditor::~CodeEditor() = default;

QString CodeEditor::filePath() const
{
    return m_filePath;
}

void CodeEditor::setFilePath(const QString &filePath)
{
    if (filePath == m_filePath)
        return;
    m_filePath = filePath;
    attachHighlighter();
}

QString CodeEditor::fileText() const
{
    // The raw text separates blocks with U+2029; toPlainText() would also turn U+00A0 into ' '.
    QString text = document()->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return text;
}

QSyntaxHighlighter *CodeEditor::highlighter() const
{
    return m_highlighter;
}

EditorGutter *CodeEditor::gutter() const
{
    return m_gutter;
}

void CodeEditor::attachHighlighter()
{
    delete m_highlighter;
    m_highlighter = SyntaxHighlighting::attach(document(), QFileInfo(m_filePath).fileName(), palette(), m_style.theme);
}

void CodeEditor::setEditorStyle(const EditorStyle &style)
{
    const bool newTheme = style.theme != m_style.theme;
    m_style = style;
    setFont(style.font); // FontChange sets the tab stops and the gutter
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * m_style.tabWidth);
    if (newTheme && !m_filePath.isEmpty())
        attachHighlighter();
}

EditorStyle CodeEditor::editorStyle() const
{
    return m_style;
}

void CodeEditor::setDiagnostics(const QList<Diagnostic> &diagnostics)
{
    m_diagnostics = diagnostics;
    m_placed.clear();
    for (const Diagnostic &diagnostic : diagnostics) {
        const QTextCursor range = diagnosticRange(diagnostic);
        if (!range.isNull())
            m_placed.append({diagnostic, range});
    }
    updateExtraSelections();
    m_gutter->update();
}

QList<Diagnostic> CodeEditor::diagnostics() const
{
    return m_diagnostics;
}

// The token at the diagnostic's column: the identifier or number there, else one character.
// Notes only get a gutter marker, so their range is empty.
QTextCursor CodeEditor::diagnosticRange(const Diagnostic &diagnostic) const
{
    const QTextBlock block = document()->findBlockByNumber(diagnostic.line - 1);
    if (diagnostic.line < 1 || !block.isValid())
        return {};
    QTextCursor cursor(block);
    const QString text = block.text();
    if (diagnostic.severity == Diagnostic::Severity::Note || text.isEmpty())
        return cursor;
    if (diagnostic.column <= 0) {
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        return cursor;
    }
    // Past the end (a missing ';' is reported after the last character): the last character.
    const int start = qMin(diagnostic.column - 1, text.size() - 1);
    int end = start;
    while (end < text.size() && isWordCharacter(text.at(end)))
        ++end;
    end = qMax(end, start + 1);
    cursor.setPosition(block.position() + start);
    cursor.setPosition(block.position() + end, QTextCursor::KeepAnchor);
    return cursor;
}

QColor CodeEditor::severityColor(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Error:
        return QColor(0xe0, 0x1b, 0x24);
    case Diagnostic::Severity::Warning:
        return QColor(0xe5, 0xa5, 0x0a);
    case Diagnostic::Severity::Note:
        break;
    }
    return QColor(0x35, 0x84, 0xe4);
}

void CodeEditor::updateExtraSelections()
{
    // The current line first, so that underlines are painted over it.
    QTextEdit::ExtraSelection currentLine;
    QColor lineColor = palette().color(QPalette::Highlight);
    lineColor.setAlpha(40);
    currentLine.format.setBackground(lineColor);
    currentLine.format.setProperty(QTextFormat::FullWidthSelection, true);
    currentLine.cursor = textCursor();
    currentLine.cursor.clearSelection();
    QList<QTextEdit::ExtraSelection> selections{currentLine};

    for (const PlacedDiagnostic &placed : std::as_const(m_placed)) {
        if (!placed.range.hasSelection())
            continue;
        QTextEdit::ExtraSelection underline;
        underline.cursor = placed.range;
        underline.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        underline.format.setUnderlineColor(severityColor(placed.diagnostic.severity));
        selections.append(underline);
    }
    setExtraSelections(selections);
}

QString CodeEditor::diagnosticToolTipAtPosition(int position) const
{
    QStringList texts;
    for (const PlacedDiagnostic &placed : m_placed) {
        if (placed.range.hasSelection() && placed.range.selectionStart() <= position
            && position < placed.range.selectionEnd()) {
            texts.append(toolTipText(placed.diagnostic));
        }
    }
    return texts.join(QStringLiteral("\n\n"));
}

QString CodeEditor::diagnosticToolTipAt(int line, int column) const
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (line < 1 || !block.isValid() || column < 1 || column >= block.length())
        return {};
    return diagnosticToolTipAtPosition(block.position() + column - 1);
}

QString CodeEditor::diagnosticToolTipForLine(int line) const
{
    QStringList texts;
    for (const PlacedDiagnostic &placed : m_placed) {
        if (document()->findBlock(placed.range.selectionStart()).blockNumber() + 1 == line)
            texts.append(toolTipText(placed.diagnostic));
    }
    return texts.join(QStringLiteral("\n\n"));
}

bool CodeEditor::diagnosticSeverityForLine(int line, Diagnostic::Severity *severity) const
{
    bool found = false;
    for (const PlacedDiagnostic &placed : m_placed) {
        if (document()->findBlock(placed.range.selectionStart()).blockNumber() + 1 != line)
            continue;
        // Error < Warning < Note in the enum: the smallest is the most severe.
        if (!found || placed.diagnostic.severity < *severity)
            *severity = placed.diagnostic.severity;
        found = true;
    }
    return found;
}

QTextBlock CodeEditor::firstVisibleLine() const
{
    return firstVisibleBlock();
}

QRectF CodeEditor::lineGeometry(const QTextBlock &block) const
{
    return blockBoundingGeometry(block).translated(contentOffset());
}

QColor CodeEditor::markerColor(int line) const
{
    Diagnostic::Severity severity;
    return diagnosticSeverityForLine(line, &severity) ? severityColor(severity) : QColor();
}

QString CodeEditor::markerToolTip(int line) const
{
    return diagnosticToolTipForLine(line);
}

// The character under a viewport point, or -1 (past the end of a line, below the text).
int CodeEditor::characterPositionAt(const QPoint &viewportPos) const
{
    const QTextCursor cursor = cursorForPosition(viewportPos);
    const QTextBlock block = cursor.block();
    const QRectF geometry = lineGeometry(block);
    if (viewportPos.y() < geometry.top() || viewportPos.y() >= geometry.bottom())
        return -1;
    // cursorForPosition() answers the nearest gap between characters; when that gap lies right
    // of the point, the character under it is the one before the gap.
    int inBlock = cursor.positionInBlock();
    if (cursorRect(cursor).left() > viewportPos.x() && inBlock > 0)
        --inBlock;
    if (inBlock >= block.length() - 1)
        return -1;
    return block.position() + inBlock;
}

void CodeEditor::goToPosition(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(qBound(1, line, blockCount()) - 1);
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + qBound(0, column - 1, block.length() - 1));
    setTextCursor(cursor);
    centerCursor();
}

int CodeEditor::currentLineNumber() const
{
    return textCursor().blockNumber() + 1;
}

int CodeEditor::currentColumnNumber() const
{
    return textCursor().positionInBlock() + 1;
}

int CodeEditor::scrollPosition() const
{
    return verticalScrollBar()->value();
}

void CodeEditor::setScrollPosition(int position)
{
    verticalScrollBar()->setValue(position);
}

void CodeEditor::insertNewLineKeepingIndentation()
{
    QTextCursor cursor = textCursor();
    // Only the indentation left of the cursor: Enter inside it splits it, as Qt Creator does.
    QString indentation = leadingWhitespace(cursor.block().text()).left(cursor.positionInBlock());
    // After an opening brace the new line goes one level in (C++, CMake's and JSON's braces too).
    if (cursor.block().text().left(cursor.positionInBlock()).trimmed().endsWith(QLatin1Char('{')))
        indentation += m_style.indentUnit();
    cursor.beginEditBlock();
    cursor.removeSelectedText();
    cursor.insertBlock();
    cursor.insertText(indentation);
    cursor.endEditBlock();
    setTextCursor(cursor);
    ensureCursorVisible();
}

void CodeEditor::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (modifiers == Qt::NoModifier && event->key() == Qt::Key_Tab) {
        textCursor().insertText(m_style.indentUnit());
        ensureCursorVisible();
        return;
    }
    if (modifiers == Qt::NoModifier && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        insertNewLineKeepingIndentation();
        return;
    }
    if (event->text() == QLatin1String("}") && insertClosingBrace())
        return;
    QPlainTextEdit::keyPressEvent(event);
}

// A '}' typed on a line of only indentation goes one level out first; false where it does not apply.
bool CodeEditor::insertClosingBrace()
{
    QTextCursor cursor = textCursor();
    const QString before = cursor.block().text().left(cursor.positionInBlock());
    if (cursor.hasSelection() || before.isEmpty() || !before.trimmed().isEmpty())
        return false;
    const int outdent = before.endsWith(QLatin1Char('\t')) ? 1 : qMin(m_style.tabWidth, int(before.size()));
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, outdent);
    cursor.insertText(QStringLiteral("}"));
    cursor.endEditBlock();
    setTextCursor(cursor);
    return true;
}

// Ctrl+wheel zooms, as in Qt Creator and Kate (QPlainTextEdit does it only when read-only).
void CodeEditor::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            zoomIn(delta > 0 ? 1 : -1);
        event->accept();
        return;
    }
    QPlainTextEdit::wheelEvent(event);
}

void CodeEditor::updateGutterGeometry()
{
    const int width = m_gutter->preferredWidth();
    setViewportMargins(width, 0, 0, 0);
    const QRect contents = contentsRect();
    m_gutter->setGeometry(QRect(contents.left(), contents.top(), width, contents.height()));
    m_gutter->update();
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    updateGutterGeometry();
}

void CodeEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        attachHighlighter(); // the theme follows the palette (light or dark)
        updateExtraSelections();
    } else if (event->type() == QEvent::FontChange) {
        setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * m_style.tabWidth);
        updateGutterGeometry();
    }
}

bool CodeEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int position = characterPositionAt(help->pos());
        PlainToolTip::show(help, position < 0 ? QString() : diagnosticToolTipAtPosition(position), viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

} // namespace Relive::App
