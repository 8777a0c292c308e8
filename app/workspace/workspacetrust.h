#pragma once

#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * Workspace trust, as editors have it: a CMakeLists.txt is code, and configuring or building a
 * workspace runs it. A workspace that Relive has never built and the user has not trusted is
 * asked about before its first build. The answer "trust" is kept in QSettings, per absolute
 * (canonical) path; the bundled examples' own copy is trusted without asking.
 */
class WorkspaceTrust
{
public:
    /*! Trusted by the user earlier, or the examples' copy (ExampleWorkspace::writableDirectory()). */
    static bool isTrusted(const QString &workspace);
    static void trust(const QString &workspace);
    static void revoke(const QString &workspace);
    /*! Every workspace the user trusted. */
    static QStringList trusted();
    /*! Whether Relive built \a workspace before: its build folder has a CMakeCache.txt. */
    static bool wasBuilt(const QString &workspace);
    /*! Neither trusted nor built before: ask before its build runs. */
    static bool needsAsking(const QString &workspace);

private:
    static QString key(const QString &workspace);
};

} // namespace Relive::App
