#include "editor/editordialogs.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
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

CloseAnswer EditorDialogs::askUnsaved(QWidget *parent, const QString &action, const QStringList &paths)
{
    QStringList shown;
    for (const QString &path : paths)
        shown.append(QStringLiteral("• ") + QDir::toNativeSeparators(path));
    QMessageBox box(QMessageBox::Question, tr("Unsaved Changes"),
                    tr("%1 closes files with unsaved changes:\n\n%2\n\nSave them first?").arg(action, shown.join(QLatin1Char('\n'))),
                    QMessageBox::SaveAll | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::SaveAll);
    switch (box.exec()) {
    case QMessageBox::SaveAll:
        return CloseAnswer::Save;
    case QMessageBox::Discard:
        return CloseAnswer::Discard;
    default:
        return CloseAnswer::Cancel;
    }
}

} // namespace Relive::App
