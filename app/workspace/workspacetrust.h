#pragma once

#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * Workspace trust, as editors have it: a CMakeLists.txt is code, and configuring or building a
 * workspace runs it. A workspace that Relive has never built and the user has not trusted is
 * asked about before its first build. The answer "trust" is kept in the settings (AppSettings),
 * per absolute (canonical) path; the bundled examples' own copy is trusted without asking.
 */
namespace WorkspaceTrust {
/*! Trusted by the user earlier, or the examples' copy (ExampleWorkspace::writableDirectory()). */
bool isTrusted(const QString &workspace);
void trust(const QString &workspace);
void revoke(const QString &workspace);
/*! Every workspace the user trusted. */
QStringList trusted();
/*! Whether Relive built \a workspace before: its build folder has a CMakeCache.txt. */
bool wasBuilt(const QString &workspace);
/*! Neither trusted nor built before: ask before its build runs. */
bool needsAsking(const QString &workspace);
} // namespace WorkspaceTrust

} // namespace Relive::App
