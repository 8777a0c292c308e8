#pragma once

#include <QtWidgets/QWidget>

class CodeEditor;

/*!
 * The strip left of a CodeEditor's text: line numbers (the width follows the digit count of
 * the last line) and a coloured marker on each line that has a diagnostic, whose messages are
 * its tooltip.
 */
class EditorGutter : public QWidget
{
    Q_OBJECT

public:
    explicit EditorGutter(CodeEditor *editor);

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

    CodeEditor *m_editor;
};
