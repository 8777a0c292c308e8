#pragma once

namespace Relive::App {

/*!
 * The answer to the trust question asked before the first build of a workspace
 * (WorkspaceController::setTrustQuestion()). Cancel keeps the workspace open before it.
 */
enum class TrustAnswer { TrustAndBuild, OpenWithoutBuilding, Cancel };

} // namespace Relive::App
