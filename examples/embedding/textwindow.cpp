#include "textwindow.h"

#include "textfilter.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>

TextWindow::TextWindow(QWidget *parent)
    : QWidget(parent)
    , m_input(new QLineEdit(QStringLiteral("Hello, plugins"), this))
    , m_choice(new QComboBox(this))
    , m_output(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Text tool"));
    auto *layout = new QFormLayout(this);
    layout->addRow(QStringLiteral("Text:"), m_input);
    layout->addRow(QStringLiteral("Filter:"), m_choice);
    layout->addRow(QStringLiteral("Result:"), m_output);
    connect(m_input, &QLineEdit::textChanged, this, &TextWindow::refresh);
    connect(m_choice, &QComboBox::currentTextChanged, this, &TextWindow::refresh);
}

void TextWindow::addFilter(const QString &name, TextFilter *filter)
{
    if (!filter)
        return;
    m_filters.insert(name, filter);
    if (m_choice->findText(name) < 0)
        m_choice->addItem(name);
    refresh(); // a new generation of the chosen filter shows its result at once
}

void TextWindow::removeFilter(const QString &name)
{
    m_filters.remove(name);
    // The entry stays while a reload brings the filter back; the result waits for it.
    m_output->clear();
}

QStringList TextWindow::filterNames() const
{
    return m_filters.keys();
}

QString TextWindow::apply(const QString &name, const QString &text) const
{
    TextFilter *filter = m_filters.value(name);
    return filter ? filter->apply(text) : QString();
}

void TextWindow::refresh()
{
    m_output->setText(apply(m_choice->currentText(), m_input->text()));
}
