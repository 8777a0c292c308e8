#pragma once

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QPlainTextEdit;
class QTextBlock;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The strip left of a text editor: line numbers (the width follows the digit count of the last
 * line) and a coloured marker on each line that has a diagnostic, whose messages are its
 * tooltip.
 */
class EditorGutter : public QWidget
{
    Q_OBJECT

public:
    /*!
     * What the gutter asks of the editor it sits beside (CodeEditor answers): where the lines
     * are and what marks them. An interface, so that the gutter does not depend on its editor.
     */
    class Lines
    {
    public:
        /*! The first line in view; QPlainTextEdit keeps it protected. */
        virtual QTextBlock firstVisibleLine() const = 0;
        /*! Where \a block is drawn, in viewport coordinates (also protected there). */
        virtual QRectF lineGeometry(const QTextBlock &block) const = 0;
        /*! The colour of the marker of \a line (1-based); invalid when the line has none. */
        virtual QColor markerColor(int line) const = 0;
        /*! The tooltip of the marker of \a line; empty when the line has none. */
        virtual QString markerToolTip(int line) const = 0;

    protected:
        ~Lines() = default;
    };

    /*! A child of \a editor, whose lines \a lines describes. */
    EditorGutter(QPlainTextEdit *editor, const Lines *lines);

    /*! The width needed for the editor's current line count. */
    int preferredWidth() const;
    QSize sizeHint() const override;

    /*! Where the diagnostic marker of \a line (1-based) is painted, in gutter coordinates. */
    QRect markerRect(int line) const;
    /*! The line (1-based) shown at \a y, in gutter coordinates; 0 below the last line. */
    int lineAt(int y) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    int markerSize() const;

    QPlainTextEdit *m_editor;
    const Lines *m_lines;
};

} // namespace Relive::App
