#include "recovery/recoverylogging.h"

namespace Relive::App {

Q_LOGGING_CATEGORY(lcRecovery, "relive.recovery", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBufferRecovery, "relive.recovery.buffer", QtInfoMsg)

} // namespace Relive::App
