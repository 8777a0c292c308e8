#include "editor/gotolinebar.h"

#include <QtGui/QKeyEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QToolButton>

namespace Relive::App {

GoToLineBar::GoToLineBar(QWidget *parent)
    : QWidget(parent)
    , m_line(new QSpinBox(this))
    , m_range(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(new QLabel(tr("Go to line:"), this));
    layout->addWidget(m_line);
    layout->addWidget(m_range);
    auto *go = new QToolButton(this);
    go->setText(tr("Go"));
    connect(go, &QToolButton::clicked, this, &GoToLineBar::accept);
    layout->addWidget(go);
    layout->addStretch(1);
    m_line->setButtonSymbols(QAbstractSpinBox::NoButtons);
    m_line->setMinimum(1);
    setFocusProxy(m_line);
    connect(m_line, &QSpinBox::editingFinished, this, [this] {
        if (m_line->hasFocus()) // Enter, not a focus change
            accept();
    });
}

void GoToLineBar::activate(int currentLine, int lineCount)
{
    m_line->setMaximum(qMax(1, lineCount));
    m_line->setValue(currentLine);
    m_range->setText(tr("of %1").arg(lineCount));
    show();
    m_line->setFocus();
    m_line->selectAll();
}

int GoToLineBar::line() const
{
    return m_line->value();
}

void GoToLineBar::setLine(int line)
{
    m_line->setValue(line);
}

void GoToLineBar::accept()
{
    const int chosen = m_line->value();
    hide();
    Q_EMIT lineChosen(chosen);
    Q_EMIT dismissed();
}

void GoToLineBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        Q_EMIT dismissed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Relive::App
