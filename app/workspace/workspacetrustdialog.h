#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The question WorkspaceTrust asks before the first build of a workspace: the main window's
 * default answer to WorkspaceController::setTrustQuestion(). Modal; tests set a hook instead.
 */
class WorkspaceTrustDialog
{
    Q_DECLARE_TR_FUNCTIONS(WorkspaceTrustDialog)

public:
    /*! True for "Trust and Build", false for "Open without Building" (and for a closed box). */
    static bool ask(QWidget *parent, const QString &workspace);
};

} // namespace Relive::App
