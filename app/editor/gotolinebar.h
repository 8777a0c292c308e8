#pragma once

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QSpinBox;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Go to Line without a modal dialog: a bar below the editor (as the find bar) with the line
 * number, from 1 to the file's last line. Enter goes there and hides the bar, Escape hides it;
 * either way the focus goes back to the editor.
 */
class GoToLineBar : public QWidget
{
    Q_OBJECT

public:
    explicit GoToLineBar(QWidget *parent = nullptr);

    /*! Shows the bar at \a currentLine of \a lineCount, the number selected for typing over. */
    void activate(int currentLine, int lineCount);
    int line() const;
    void setLine(int line);
    /*! Goes to the line (lineChosen()) and hides. */
    void accept();

Q_SIGNALS:
    void lineChosen(int line);
    /*! The bar was hidden: the editor takes the focus back. */
    void dismissed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QSpinBox *m_line;
    QLabel *m_range;
};

} // namespace Relive::App
