#include "workspace/workspacelogging.h"

namespace Relive::App {

Q_LOGGING_CATEGORY(lcWorkspace, "relive.workspace", QtInfoMsg)

} // namespace Relive::App
