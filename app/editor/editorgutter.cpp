#include "editor/editorgutter.h"

#include "editor/plaintooltip.h"

#include <QtGui/QHelpEvent>
#include <QtGui/QPainter>
#include <QtGui/QTextBlock>
#include <QtWidgets/QPlainTextEdit>

namespace Relive::App {

namespace {
constexpr int MarkerMargin = 3;
constexpr int NumberRightPadding = 6;
} // namespace

EditorGutter::EditorGutter(QPlainTextEdit *editor, const Lines *lines)
    : QWidget(editor)
    , m_editor(editor)
    , m_lines(lines)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
}

int EditorGutter::markerSize() const
{
    return qMax(6, fontMetrics().height() * 2 / 3);
}

int EditorGutter::preferredWidth() const
{
    int digits = 1;
    for (int lines = qMax(1, m_editor->blockCount()); lines >= 10; lines /= 10)
        ++digits;
    // Two digits at least, so that a file growing past nine lines does not shift the text.
    digits = qMax(2, digits);
    return MarkerMargin * 2 + markerSize() + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits
           + NumberRightPadding;
}

QSize EditorGutter::sizeHint() const
{
    return QSize(preferredWidth(), 0);
}

QRect EditorGutter::markerRect(int line) const
{
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return {};
    const QRectF geometry = m_lines->lineGeometry(block);
    const int lineHeight = fontMetrics().height();
    const int size = markerSize();
    return QRect(MarkerMargin, qRound(geometry.top()) + (lineHeight - size) / 2, size, size);
}

int EditorGutter::lineAt(int y) const
{
    const QTextCursor cursor = m_editor->cursorForPosition(QPoint(0, y));
    const QRectF geometry = m_lines->lineGeometry(cursor.block());
    if (y < geometry.top() || y >= geometry.bottom())
        return 0;
    return cursor.blockNumber() + 1;
}

void EditorGutter::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    const QPalette &palette = m_editor->palette();
    painter.fillRect(event->rect(), palette.color(QPalette::Window));

    const int currentBlock = m_editor->textCursor().blockNumber();
    const int numberRight = width() - NumberRightPadding;
    const int lineHeight = fontMetrics().height();
    QTextBlock block = m_lines->firstVisibleLine();
    QRectF geometry = m_lines->lineGeometry(block);
    while (block.isValid() && geometry.top() <= event->rect().bottom()) {
        if (block.isVisible() && geometry.bottom() >= event->rect().top()) {
            const int top = qRound(geometry.top());
            const bool current = block.blockNumber() == currentBlock;
            painter.setPen(palette.color(current ? QPalette::Text : QPalette::PlaceholderText));
            painter.drawText(0, top, numberRight, lineHeight, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(block.blockNumber() + 1));

            const QColor marker = m_lines->markerColor(block.blockNumber() + 1);
            if (marker.isValid()) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(marker);
                painter.setRenderHint(QPainter::Antialiasing);
                painter.drawEllipse(markerRect(block.blockNumber() + 1));
                painter.setRenderHint(QPainter::Antialiasing, false);
            }
        }
        block = block.next();
        geometry = m_lines->lineGeometry(block);
    }
}

bool EditorGutter::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        PlainToolTip::show(help, m_lines->markerToolTip(lineAt(help->pos().y())), this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace Relive::App
