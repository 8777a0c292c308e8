#pragma once

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The question WorkspaceTrust asks before the first build of a workspace: the main window's
 * default answer to WorkspaceController::setTrustQuestion(). Modal; tests set a hook instead.
 */
namespace WorkspaceTrustDialog {
/*! True for "Trust and Build", false for "Open without Building" (and for a closed box). */
bool ask(QWidget *parent, const QString &workspace);
} // namespace WorkspaceTrustDialog

} // namespace Relive::App
