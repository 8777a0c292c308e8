#pragma once

#include <QtCore/QPointer>
#include <QtGui/QTextDocument>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Incremental search in one QPlainTextEdit, as in Kate or Qt Creator: typing selects the first
 * match from the cursor, Enter (or Next) finds the next one, Previous goes back, both wrap
 * around the end of the text. A missed search colours the field and says "Not found".
 * Its second row replaces: Replace swaps the selected match for the replacement and finds the
 * next one, Replace All every match at once, as one undo step.
 * Escape hides the bar and gives the focus back to the editor.
 */
class FindBar : public QWidget
{
    Q_OBJECT

public:
    explicit FindBar(QWidget *parent = nullptr);

    /*! The editor searched; null for none. */
    void setEditor(QPlainTextEdit *editor);
    QPlainTextEdit *editor() const;

    /*!
     * Shows the bar with the editor's selected text (if any) as the search, and focuses it (the
     * replacement field when \a replacing and there is a search).
     */
    void activate(bool replacing = false);

    QString searchText() const;
    void setSearchText(const QString &text);
    bool isCaseSensitive() const;
    void setCaseSensitive(bool caseSensitive);

    QString replaceText() const;
    void setReplaceText(const QString &text);
    /*! Replaces the selection if it is a match, then selects the next match; false if none is left. */
    bool replaceNext();
    /*! Replaces every match in the text, as one undo step; returns how many it replaced. */
    int replaceAll();

    /*! Selects the next (previous) match after (before) the cursor, wrapping around. */
    bool findNext();
    bool findPrevious();

    /*! Whether the last search found nothing. */
    bool isNotFound() const;
    /*! Hides the bar and gives the focus back to the editor. */
    void dismiss();

    /*! What the bar says about the last search: "Not found", "Wrapped around" or empty. */
    QString statusText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    enum class Direction { Forward, Backward };

    bool find(Direction direction, bool fromSelectionStart);
    QTextDocument::FindFlags flags() const;
    void setStatus(bool found, bool wrapped);

    QPointer<QPlainTextEdit> m_editor;
    QLineEdit *m_input;
    QLineEdit *m_replacement;
    QToolButton *m_previous;
    QToolButton *m_next;
    QCheckBox *m_caseSensitive;
    QLabel *m_status;
    bool m_notFound = false;
};

} // namespace Relive::App
