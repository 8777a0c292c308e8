#include "editor/editordialogs.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QMessageBox>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("EditorDialogs", text);
}
} // namespace

bool EditorDialogs::askReload(QWidget *parent, const QString &path)
{
    return QMessageBox::question(parent, tr("File Changed on Disk"),
                                 tr("%1 was changed on disk, and its editor has unsaved changes.\n\n"
                                    "Reload it from disk and lose those changes?")
                                     .arg(QDir::toNativeSeparators(path)),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
           == QMessageBox::Yes;
}

CloseAnswer EditorDialogs::askClose(QWidget *parent, const QString &path)
{
    const QMessageBox::StandardButton answer = QMessageBox::question(
        parent, tr("Unsaved Changes"),
        tr("%1 has unsaved changes. Save them before closing?").arg(QDir::toNativeSeparators(path)),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save:
        return CloseAnswer::Save;
    case QMessageBox::Discard:
        return CloseAnswer::Discard;
    default:
        return CloseAnswer::Cancel;
    }
}

bool EditorDialogs::askLine(QWidget *parent, int currentLine, int lineCount, int *line)
{
    bool ok = false;
    *line = QInputDialog::getInt(parent, tr("Go to Line"), tr("Line (1 to %1):").arg(lineCount), currentLine, 1,
                                 lineCount, 1, &ok);
    return ok;
}

} // namespace Relive::App
