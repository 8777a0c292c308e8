#include "editor/findbar.h"

#include <QtGui/QKeyEvent>
#include <QtGui/QTextDocument>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QToolButton>

namespace Relive::App {

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_input(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_caseSensitive(new QCheckBox(tr("Match &case"), this))
    , m_status(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto *label = new QLabel(tr("Find:"), this);
    label->setBuddy(m_input);
    m_input->setClearButtonEnabled(true);
    m_input->setPlaceholderText(tr("Search"));
    m_previous->setText(tr("Previous"));
    m_previous->setToolTip(tr("Find the previous match"));
    m_next->setText(tr("Next"));
    m_next->setToolTip(tr("Find the next match (Enter)"));
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Close (Escape)"));
    close->setAutoRaise(true);
    layout->addWidget(label);
    layout->addWidget(m_input, 1);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_caseSensitive);
    layout->addWidget(m_status);
    layout->addWidget(close);

    // Typing refines the current match: search again from where it starts.
    connect(m_input, &QLineEdit::textEdited, this, [this] { find(Direction::Forward, true); });
    connect(m_input, &QLineEdit::returnPressed, this, &FindBar::findNext);
    connect(m_next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(m_previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(m_caseSensitive, &QCheckBox::toggled, this, [this] { find(Direction::Forward, true); });
    connect(close, &QToolButton::clicked, this, &FindBar::dismiss);
    setFocusProxy(m_input);
}

void FindBar::setEditor(QPlainTextEdit *editor)
{
    m_editor = editor;
    setStatus(true, false);
}

QPlainTextEdit *FindBar::editor() const
{
    return m_editor;
}

void FindBar::activate()
{
    if (m_editor) {
        const QString selected = m_editor->textCursor().selectedText();
        // A selection across lines holds U+2029 separators: not a useful search.
        if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
            m_input->setText(selected);
    }
    show();
    m_input->setFocus();
    m_input->selectAll();
}

QString FindBar::searchText() const
{
    return m_input->text();
}

void FindBar::setSearchText(const QString &text)
{
    m_input->setText(text);
}

bool FindBar::isCaseSensitive() const
{
    return m_caseSensitive->isChecked();
}

void FindBar::setCaseSensitive(bool caseSensitive)
{
    m_caseSensitive->setChecked(caseSensitive);
}

bool FindBar::findNext()
{
    return find(Direction::Forward, false);
}

bool FindBar::findPrevious()
{
    return find(Direction::Backward, false);
}

bool FindBar::isNotFound() const
{
    return m_notFound;
}

QString FindBar::statusText() const
{
    return m_status->text();
}

bool FindBar::find(Direction direction, bool fromSelectionStart)
{
    if (!m_editor || m_input->text().isEmpty()) {
        setStatus(true, false);
        return false;
    }
    QTextDocument::FindFlags flags;
    if (direction == Direction::Backward)
        flags |= QTextDocument::FindBackward;
    if (m_caseSensitive->isChecked())
        flags |= QTextDocument::FindCaseSensitively;

    QTextDocument *document = m_editor->document();
    QTextCursor from = m_editor->textCursor();
    if (fromSelectionStart)
        from.setPosition(from.selectionStart());
    QTextCursor match = document->find(m_input->text(), from, flags);
    bool wrapped = false;
    if (match.isNull()) {
        QTextCursor edge(document);
        edge.movePosition(direction == Direction::Forward ? QTextCursor::Start : QTextCursor::End);
        match = document->find(m_input->text(), edge, flags);
        wrapped = !match.isNull();
    }
    if (!match.isNull())
        m_editor->setTextCursor(match);
    setStatus(!match.isNull(), wrapped);
    return !match.isNull();
}

void FindBar::setStatus(bool found, bool wrapped)
{
    m_notFound = !found;
    m_status->setText(!found ? tr("Not found") : wrapped ? tr("Wrapped around") : QString());
    // The field turns red on a miss, as in Kate and Qt Creator.
    QPalette palette = this->palette();
    if (!found) {
        palette.setColor(QPalette::Base, QColor(0xf4, 0xc7, 0xc3));
        palette.setColor(QPalette::Text, QColor(0x3a, 0x0d, 0x0d));
    }
    m_input->setPalette(palette);
}

void FindBar::dismiss()
{
    hide();
    if (m_editor)
        m_editor->setFocus();
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        dismiss();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Relive::App
