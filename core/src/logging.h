#pragma once

#include <QtCore/QLoggingCategory>

namespace Relive {
Q_DECLARE_LOGGING_CATEGORY(lcHost)
Q_DECLARE_LOGGING_CATEGORY(lcRuntime)
} // namespace Relive
