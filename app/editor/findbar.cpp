#include "editor/findbar.h"

#include <QtGui/QKeyEvent>
#include <QtGui/QTextDocument>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_input(new QLineEdit(this))
    , m_replacement(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_caseSensitive(new QCheckBox(tr("Match &case"), this))
    , m_status(new QLabel(this))
{
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    rows->setSpacing(2);
    auto *layout = new QHBoxLayout;
    rows->addLayout(layout);
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

    auto *replaceRow = new QHBoxLayout;
    rows->addLayout(replaceRow);
    auto *replaceLabel = new QLabel(tr("Replace:"), this);
    replaceLabel->setBuddy(m_replacement);
    m_replacement->setPlaceholderText(tr("Replacement"));
    auto *replace = new QToolButton(this);
    replace->setText(tr("Replace"));
    replace->setToolTip(tr("Replace the selected match and find the next one (Enter)"));
    auto *replaceAll = new QToolButton(this);
    replaceAll->setText(tr("Replace All"));
    replaceAll->setToolTip(tr("Replace every match, as one undo step"));
    replaceRow->addWidget(replaceLabel);
    replaceRow->addWidget(m_replacement, 1);
    replaceRow->addWidget(replace);
    replaceRow->addWidget(replaceAll);
    // The labels line up: both fields start at the same place.
    replaceLabel->setMinimumWidth(qMax(label->sizeHint().width(), replaceLabel->sizeHint().width()));
    label->setMinimumWidth(replaceLabel->minimumWidth());
    connect(m_replacement, &QLineEdit::returnPressed, this, &FindBar::replaceNext);
    connect(replace, &QToolButton::clicked, this, &FindBar::replaceNext);
    connect(replaceAll, &QToolButton::clicked, this, &FindBar::replaceAll);

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

void FindBar::activate(bool replacing)
{
    if (m_editor) {
        const QString selected = m_editor->textCursor().selectedText();
        // A selection across lines holds U+2029 separators: not a useful search.
        if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
            m_input->setText(selected);
    }
    show();
    QLineEdit *field = replacing && !m_input->text().isEmpty() ? m_replacement : m_input;
    field->setFocus();
    field->selectAll();
}

QString FindBar::replaceText() const
{
    return m_replacement->text();
}

void FindBar::setReplaceText(const QString &text)
{
    m_replacement->setText(text);
}

bool FindBar::replaceNext()
{
    if (!m_editor || m_input->text().isEmpty())
        return false;
    QTextCursor cursor = m_editor->textCursor();
    const Qt::CaseSensitivity sensitivity = m_caseSensitive->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    // Only a selection that is a match is replaced: the first press finds one.
    if (cursor.hasSelection() && QString::compare(cursor.selectedText(), m_input->text(), sensitivity) == 0) {
        cursor.insertText(m_replacement->text());
        m_editor->setTextCursor(cursor);
    }
    return find(Direction::Forward, false);
}

int FindBar::replaceAll()
{
    if (!m_editor || m_input->text().isEmpty())
        return 0;
    QTextDocument *document = m_editor->document();
    QTextCursor edit(document);
    edit.beginEditBlock();
    int replaced = 0;
    for (QTextCursor match = document->find(m_input->text(), 0, flags()); !match.isNull();
         match = document->find(m_input->text(), match, flags())) {
        match.insertText(m_replacement->text()); // the search goes on after the replacement
        ++replaced;
    }
    edit.endEditBlock();
    m_status->setText(tr("%n replaced", nullptr, replaced));
    m_notFound = replaced == 0;
    return replaced;
}

QTextDocument::FindFlags FindBar::flags() const
{
    QTextDocument::FindFlags flags;
    if (m_caseSensitive->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    return flags;
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
    QTextDocument::FindFlags flags = this->flags();
    if (direction == Direction::Backward)
        flags |= QTextDocument::FindBackward;

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
