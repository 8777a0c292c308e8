#pragma once

#include <QtCore/QLoggingCategory>

namespace Relive::App {

// The app's logging categories, one declaration each (core's are in core/src/logging.h).
Q_DECLARE_LOGGING_CATEGORY(lcRecovery)       // relive.recovery: the recovery copies on disk
Q_DECLARE_LOGGING_CATEGORY(lcBufferRecovery) // relive.recovery.buffer: the copies of open buffers

} // namespace Relive::App
