#pragma once

#include <QtCore/QLoggingCategory>

// relive-core's logging categories, one declaration each (the names are in logging.cpp and
// the README).
namespace Relive {
Q_DECLARE_LOGGING_CATEGORY(lcHost)      // relive.host: loading, reloading, unloading, the probe
Q_DECLARE_LOGGING_CATEGORY(lcRuntime)   // relive.runtime: the runtime folder of shadow copies
Q_DECLARE_LOGGING_CATEGORY(lcBuild)     // relive.build: BuildRunner's configure and build
Q_DECLARE_LOGGING_CATEGORY(lcToolchain) // relive.build.toolchain: toolchain detection
Q_DECLARE_LOGGING_CATEGORY(lcSession)   // relive.session: LiveSession's loop
Q_DECLARE_LOGGING_CATEGORY(lcWatch)     // relive.watch: SourceWatcher
Q_DECLARE_LOGGING_CATEGORY(lcAgent)     // relive.agent: a PluginAgent's attach socket
} // namespace Relive
