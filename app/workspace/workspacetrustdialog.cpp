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

bool WorkspaceTrustDialog::ask(QWidget *parent, const QString &workspace)
{
    QMessageBox box(QMessageBox::Question, tr("Trust This Workspace?"),
                    tr("Relive has not built %1 before.\n\nA CMakeLists.txt is code: building runs it. Build only "
                       "workspaces whose authors you trust.").arg(QDir::toNativeSeparators(workspace)),
                    QMessageBox::NoButton, parent);
    QPushButton *trust = box.addButton(tr("Trust and Build"), QMessageBox::AcceptRole);
    box.addButton(tr("Open without Building"), QMessageBox::RejectRole);
    box.setDefaultButton(trust);
    box.exec();
    return box.clickedButton() == trust;
}

} // namespace Relive::App
