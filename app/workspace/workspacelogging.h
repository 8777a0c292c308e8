#pragma once

#include <QtCore/QLoggingCategory>

namespace Relive::App {

// relive.workspace: which workspace the app opened (from the command line, the last one, the examples).
Q_DECLARE_LOGGING_CATEGORY(lcWorkspace)

} // namespace Relive::App
