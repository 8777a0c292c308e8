#include "logging.h"

namespace Relive {
Q_LOGGING_CATEGORY(lcHost, "relive.host", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRuntime, "relive.runtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBuild, "relive.build", QtInfoMsg)
Q_LOGGING_CATEGORY(lcToolchain, "relive.build.toolchain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "relive.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWatch, "relive.watch", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAgent, "relive.agent", QtInfoMsg)
} // namespace Relive
