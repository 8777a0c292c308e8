#pragma once

#include <QtCore/QPointer>
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

    /*! Shows the bar with the editor's selected text (if any) as the search, and focuses it. */
    void activate();

    QString searchText() const;
    void setSearchText(const QString &text);
    bool isCaseSensitive() const;
    void setCaseSensitive(bool caseSensitive);

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
    void setStatus(bool found, bool wrapped);

    QPointer<QPlainTextEdit> m_editor;
    QLineEdit *m_input;
    QToolButton *m_previous;
    QToolButton *m_next;
    QCheckBox *m_caseSensitive;
    QLabel *m_status;
    bool m_notFound = false;
};

} // namespace Relive::App
