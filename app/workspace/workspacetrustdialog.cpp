#include "workspace/workspacetrustdialog.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("WorkspaceTrustDialog", text);
}
} // namespace

TrustAnswer WorkspaceTrustDialog::ask(QWidget *parent, const QString &workspace)
{
    QMessageBox box(QMessageBox::Question, tr("Trust This Workspace?"),
                    tr("Relive has not built %1 before.\n\nA CMakeLists.txt is code: building runs it. Build only "
                       "workspaces whose authors you trust.").arg(QDir::toNativeSeparators(workspace)),
                    QMessageBox::NoButton, parent);
    QPushButton *trust = box.addButton(tr("Trust and Build"), QMessageBox::AcceptRole);
    QPushButton *withoutBuilding = box.addButton(tr("Open without Building"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel); // Escape, and closing the box: nothing changes
    box.setDefaultButton(trust);
    box.exec();
    if (box.clickedButton() == trust)
        return TrustAnswer::TrustAndBuild;
    return box.clickedButton() == withoutBuilding ? TrustAnswer::OpenWithoutBuilding : TrustAnswer::Cancel;
}

} // namespace Relive::App
