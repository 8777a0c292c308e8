#pragma once

#include "recovery/recoverystore.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QTimer;
class QWidget;
QT_END_NAMESPACE

namespace Relive::App {

class CodeEditor;
class EditorArea;
class RecoveryDialog;

/*!
 * Keeps a recovery copy (RecoveryStore) of every modified buffer of an EditorArea, written a
 * little while after typing stops (delay(), 2 s by default). A copy goes away when its buffer
 * is saved, closed without saving, or undone back to the file's text; all of them go when this
 * object is destroyed, which only a clean exit does.
 *
 * At start, offerRecovery() looks for the copies of Relive processes that died and offers
 * them in a RecoveryDialog. A recovered copy opens as a modified buffer (also for a file that
 * is gone); its old copy is deleted only once this process holds a copy of its own.
 */
class BufferRecovery : public QObject
{
    Q_OBJECT

public:
    explicit BufferRecovery(EditorArea *area, const QString &folder = RecoveryStore::defaultFolder(),
                            QObject *parent = nullptr);
    ~BufferRecovery() override;

    RecoveryStore *store();
    /*! How long after the last edit a copy is written. */
    void setDelay(int milliseconds);
    int delay() const;

    /*!
     * Opens the dialog (window-modal to \a parent, without blocking) over the orphaned copies
     * and returns it; null when there are none. Files inside \a workspace are listed relative to it.
     */
    RecoveryDialog *offerRecovery(QWidget *parent, const QString &workspace = QString());
    /*! The dialog offerRecovery() opened, while it is open. */
    RecoveryDialog *dialog() const;

    /*!
     * Opens \a copy as a modified buffer, with the cursor at its first change from the file on
     * disk, then deletes it; false with \a error if it could not be. */
    bool recover(const RecoveryStore::Copy &copy, QString *error);
    /*! Writes the copy of \a editor now, if it is modified. */
    bool writeCopy(CodeEditor *editor, QString *error);

Q_SIGNALS:
    /*! The copy of \a filePath is on disk, with the buffer's text at that time. */
    void copyWritten(const QString &filePath);
    void copyRemoved(const QString &filePath);
    void copyFailed(const QString &filePath, const QString &error);
    void recoveryOffered(RecoveryDialog *dialog);

private:
    struct Tracked
    {
        QTimer *timer = nullptr;
        bool baseExists = false; // the file on disk the buffer was last in step with
        QByteArray baseContents;
    };

    void track(CodeEditor *editor);
    void onModificationChanged(CodeEditor *editor, bool modified);
    void removeCopy(const QString &filePath);

    EditorArea *m_area;
    RecoveryStore m_store;
    int m_delay = 2000;
    QHash<CodeEditor *, Tracked> m_tracked;
    QPointer<RecoveryDialog> m_dialog;
};

} // namespace Relive::App
