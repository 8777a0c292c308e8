#pragma once

#include "workspace/trustanswer.h"

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
/*! "Trust and Build", "Open without Building", or Cancel (also for a closed box): stay where you were. */
TrustAnswer ask(QWidget *parent, const QString &workspace);
} // namespace WorkspaceTrustDialog

} // namespace Relive::App
