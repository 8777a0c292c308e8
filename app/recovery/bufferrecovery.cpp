#include "recovery/bufferrecovery.h"

#include "recovery/linediff.h"
#include "recovery/recoverylogging.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "recovery/recoverydialog.h"
#include "editor/textfile.h"

#include <QtCore/QFileInfo>
#include <QtCore/QTimer>

namespace Relive::App {

BufferRecovery::BufferRecovery(EditorArea *area, const QString &folder, QObject *parent)
    : QObject(parent)
    , m_area(area)
    , m_store(folder)
{
    connect(area, &EditorArea::editorOpened, this, &BufferRecovery::track);
    // Closing a modified buffer means it was saved or discarded: either way its copy is done.
    connect(area, &EditorArea::editorClosed, this, &BufferRecovery::removeCopy);
    const QList<CodeEditor *> open = area->editors();
    for (CodeEditor *editor : open)
        track(editor);
}

// Only a clean exit gets here; after a crash or a kill the copies stay for the next start.
BufferRecovery::~BufferRecovery()
{
    m_store.removeOwnCopies();
}

RecoveryStore *BufferRecovery::store()
{
    return &m_store;
}

void BufferRecovery::setDelay(int milliseconds)
{
    m_delay = milliseconds;
    for (const Tracked &tracked : std::as_const(m_tracked))
        tracked.timer->setInterval(milliseconds);
}

int BufferRecovery::delay() const
{
    return m_delay;
}

void BufferRecovery::track(CodeEditor *editor)
{
    Tracked tracked;
    tracked.timer = new QTimer(this);
    tracked.timer->setSingleShot(true);
    tracked.timer->setInterval(m_delay);
    QString error;
    tracked.baseExists = TextFile::read(editor->filePath(), &tracked.baseContents, &error);
    m_tracked.insert(editor, tracked);

    connect(tracked.timer, &QTimer::timeout, this, [this, editor] {
        QString error;
        writeCopy(editor, &error);
    });
    // Every edit starts the wait again: the copy is written once typing stops.
    QTextDocument *document = editor->document();
    connect(document, &QTextDocument::contentsChanged, tracked.timer, [document, timer = tracked.timer] {
        if (document->isModified())
            timer->start();
    });
    connect(document, &QTextDocument::modificationChanged, this,
            [this, editor](bool modified) { onModificationChanged(editor, modified); });
    connect(editor, &QObject::destroyed, this, [this, editor] { delete m_tracked.take(editor).timer; });
    if (document->isModified())
        tracked.timer->start();
}

void BufferRecovery::onModificationChanged(CodeEditor *editor, bool modified)
{
    auto it = m_tracked.find(editor);
    if (it == m_tracked.end())
        return;
    if (modified) {
        it->timer->start();
        return;
    }
    // Saved, reloaded or undone to the file's text: the buffer is in step with the disk again.
    it->timer->stop();
    QString error;
    it->baseExists = TextFile::read(editor->filePath(), &it->baseContents, &error);
    removeCopy(editor->filePath());
}

void BufferRecovery::removeCopy(const QString &filePath)
{
    if (!QFileInfo::exists(m_store.copyPathFor(filePath)))
        return;
    if (m_store.remove(filePath))
        Q_EMIT copyRemoved(filePath);
    else
        qCWarning(lcBufferRecovery) << "cannot remove the recovery copy of" << filePath;
}

bool BufferRecovery::writeCopy(CodeEditor *editor, QString *error)
{
    const auto it = m_tracked.constFind(editor);
    if (it == m_tracked.constEnd() || !editor->document()->isModified())
        return true;
    if (!m_store.write(editor->filePath(), editor->fileText(), it->baseExists, it->baseContents, error)) {
        qCWarning(lcBufferRecovery).noquote() << *error;
        Q_EMIT copyFailed(editor->filePath(), *error);
        return false;
    }
    Q_EMIT copyWritten(editor->filePath());
    return true;
}

RecoveryDialog *BufferRecovery::offerRecovery(QWidget *parent, const QString &workspace)
{
    const QList<RecoveryStore::Copy> orphans = m_store.orphans();
    if (orphans.isEmpty())
        return nullptr;
    auto *dialog = new RecoveryDialog(orphans, parent, workspace);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setHandlers([this](const RecoveryStore::Copy &copy, QString *error) { return recover(copy, error); },
                        &RecoveryStore::discard);
    m_dialog = dialog;
    dialog->open(); // returns at once: the editor stays usable behind it, and tests can click it
    Q_EMIT recoveryOffered(dialog);
    return dialog;
}

RecoveryDialog *BufferRecovery::dialog() const
{
    return m_dialog;
}

bool BufferRecovery::recover(const RecoveryStore::Copy &copy, QString *error)
{
    CodeEditor *editor = m_area->openUnsaved(copy.filePath, copy.text);
    if (!editor) {
        *error = tr("Cannot open %1 to recover it.").arg(copy.filePath);
        return false;
    }
    QByteArray disk;
    QString readError;
    const QString diskText = TextFile::read(copy.filePath, &disk, &readError) ? TextFile::decode(disk) : QString();
    const int changed = LineDiff::firstChangedLine(LineDiff::splitLines(diskText), LineDiff::splitLines(copy.text));
    if (changed > 0)
        editor->goToPosition(changed, 1);
    // The text now lives in the buffer; the old copy goes only once this process has its own.
    if (writeCopy(editor, error))
        RecoveryStore::discard(copy, error);
    return true;
}

} // namespace Relive::App
