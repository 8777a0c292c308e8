#include "build/buildoutputview.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QMouseEvent>
#include <QtGui/QTextBlock>
#include <QtWidgets/QScrollBar>

namespace Relive::App {

namespace {

// Where a link line leads; owned by its QTextBlock.
struct LinkTarget : public QTextBlockUserData
{
    LinkTarget(const QString &file, int line, int column)
        : file(file)
        , line(line)
        , column(column)
    {
    }
    QString file;
    int line;
    int column;
};

const LinkTarget *linkOf(const QTextBlock &block)
{
    return block.isValid() ? static_cast<const LinkTarget *>(block.userData()) : nullptr;
}

QPoint positionOf(const QMouseEvent *event)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    return event->position().toPoint();
#else
    return event->pos();
#endif
}

} // namespace

BuildOutputView::BuildOutputView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMaximumBlockCount(20000);
    viewport()->setMouseTracking(true); // hover feedback without a button held

    // Follow the output while the user is at its end. The scroll range grows only once the
    // document is laid out, after an append returns: follow it when it changes, not then.
    QScrollBar *scrollBar = verticalScrollBar();
    connect(scrollBar, &QScrollBar::rangeChanged, this, [this, scrollBar](int, int maximum) {
        if (m_following)
            scrollBar->setValue(maximum);
    });
    connect(scrollBar, &QScrollBar::valueChanged, this, [this, scrollBar](int value) {
        m_following = value >= scrollBar->maximum();
    });
}

void BuildOutputView::appendRuns(const QList<AnsiColorParser::Run> &runs)
{
    appendLine(runs, false);
}

void BuildOutputView::appendLink(const QList<AnsiColorParser::Run> &runs, const QString &file, int line, int column)
{
    appendLine(runs, true);
    document()->lastBlock().setUserData(new LinkTarget(file, line, column));
}

void BuildOutputView::appendLine(const QList<AnsiColorParser::Run> &runs, bool underline)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty() || document()->blockCount() > 1)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    for (const AnsiColorParser::Run &run : runs) {
        QTextCharFormat format = run.format;
        if (underline)
            format.setFontUnderline(true);
        cursor.insertText(run.text, format);
    }
    if (m_following)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

int BuildOutputView::linkCount() const
{
    int count = 0;
    for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next())
        count += linkOf(block) ? 1 : 0;
    return count;
}

bool BuildOutputView::isLink(int blockNumber) const
{
    return linkOf(document()->findBlockByNumber(blockNumber));
}

bool BuildOutputView::activateNextLink()
{
    return activateLink(true);
}

bool BuildOutputView::activatePreviousLink()
{
    return activateLink(false);
}

bool BuildOutputView::activateLink(bool forward)
{
    const QTextBlock current = textCursor().block();
    const auto step = [forward](const QTextBlock &block) { return forward ? block.next() : block.previous(); };
    QTextBlock block = step(current);
    for (int visited = 0; visited < document()->blockCount(); ++visited) {
        if (!block.isValid()) // wrap around
            block = forward ? document()->firstBlock() : document()->lastBlock();
        if (linkOf(block)) {
            QTextCursor cursor(block);
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            setTextCursor(cursor);
            ensureCursorVisible();
            emitLink(block);
            return true;
        }
        block = step(block);
    }
    return false;
}

void BuildOutputView::emitLink(const QTextBlock &block)
{
    if (const LinkTarget *link = linkOf(block))
        Q_EMIT linkActivated(link->file, link->line, link->column);
}

QTextBlock BuildOutputView::linkBlockAt(const QPoint &position) const
{
    const QTextBlock block = cursorForPosition(position).block();
    // cursorForPosition() snaps to the nearest text: below the last line is not on it.
    const QRectF area = blockBoundingGeometry(block).translated(contentOffset());
    return linkOf(block) && area.contains(position) ? block : QTextBlock();
}

void BuildOutputView::mouseMoveEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseMoveEvent(event);
    // After the base class, which sets its own cursor shape.
    const bool overLink = event->buttons() == Qt::NoButton && linkBlockAt(positionOf(event)).isValid();
    viewport()->setCursor(overLink ? Qt::PointingHandCursor : Qt::IBeamCursor);
}

void BuildOutputView::mousePressEvent(QMouseEvent *event)
{
    const QTextBlock block = event->button() == Qt::LeftButton ? linkBlockAt(positionOf(event)) : QTextBlock();
    m_pressedBlock = block.isValid() ? block.blockNumber() : -1;
    QPlainTextEdit::mousePressEvent(event);
}

void BuildOutputView::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    const int pressed = m_pressedBlock;
    m_pressedBlock = -1;
    if (event->button() != Qt::LeftButton || pressed < 0 || textCursor().hasSelection())
        return; // a drag that selected text is not a click on the link
    const QTextBlock block = linkBlockAt(positionOf(event));
    if (block.isValid() && block.blockNumber() == pressed)
        emitLink(block);
}

} // namespace Relive::App
