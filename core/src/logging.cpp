#include "logging.h"

namespace Relive {
Q_LOGGING_CATEGORY(lcHost, "relive.host", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRuntime, "relive.runtime", QtInfoMsg)
} // namespace Relive
