#pragma once

#include "recovery/recoverystore.h"

#include <QtWidgets/QDialog>

#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Offers the recovery copies a crashed or killed Relive left behind: a list of their files
 * and, for the one selected, what differs between the file on disk now and the recovered text
 * (a unified line diff). Each copy is answered on its own:
 * - Recover: handed to the recover handler (the app opens it as a modified, unsaved buffer),
 * - Discard: handed to the discard handler (the copy is deleted),
 * - Later: left as it is, to be offered again at the next start.
 * A damaged copy is listed with what is wrong; only Later applies to it. Closing the dialog is
 * Later for every copy left. It closes itself when every copy is answered.
 *
 * Not modal by itself: open() it, or show() it in a test and click its buttons.
 */
class RecoveryDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice { Recover, Discard, Later };
    /*! Acts on \a copy; false, with \a error for the user, if that failed (the copy stays listed). */
    using Handler = std::function<bool(const RecoveryStore::Copy &copy, QString *error)>;

    /*!
     * \a workspace: the files inside it are listed by their path relative to it (the full path
     * is in the tooltip and the message); empty: full paths.
     */
    explicit RecoveryDialog(const QList<RecoveryStore::Copy> &copies, QWidget *parent = nullptr,
                            const QString &workspace = QString());
    ~RecoveryDialog() override;

    void setHandlers(Handler recover, Handler discard);

    /*! The copies not answered yet, in the list's order. */
    QList<RecoveryStore::Copy> pendingCopies() const;
    /*! Selects the copy of \a row, showing its diff. */
    void setCurrentRow(int row);
    int currentRow() const;
    /*! Answers the selected copy as if its button was clicked; false if it failed or does not apply. */
    bool choose(Choice choice);

    QListWidget *fileList() const;
    /*! The selected copy's diff: from the file on disk (empty if it is gone) to the copy's text. */
    QPlainTextEdit *diffView() const;
    /*! What the selected copy is: its file, its time, whether the file changed or is gone, errors. */
    QLabel *messageLabel() const;
    QPushButton *button(Choice choice) const;

private:
    void showCurrent();
    void showDiff(const QString &diff);

    QList<RecoveryStore::Copy> m_copies;
    QListWidget *m_files;
    QLabel *m_message;
    QPlainTextEdit *m_diff;
    QPushButton *m_recover;
    QPushButton *m_discard;
    QPushButton *m_later;
    Handler m_recoverHandler;
    Handler m_discardHandler;
};

} // namespace Relive::App
