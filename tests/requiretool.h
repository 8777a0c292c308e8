#pragma once

// A test that needs a tool scripts/install-deps.sh installs (a compiler, a linker, cmake,
// patch, readelf, the other Qt major...). Where it is missing, the test is skipped, saying
// what is missing; under scripts/test.sh, which sets RELIVE_REQUIRE_TOOLS=1, it fails
// instead: a broken install must not pass as a skip.

#include <QString>
#include <QTest>

namespace TestSupport {

inline bool toolsRequired()
{
    return qEnvironmentVariableIntValue("RELIVE_REQUIRE_TOOLS") != 0;
}

inline QString toolText(const QString &what) { return what; }
inline QString toolText(const char *what) { return QString::fromUtf8(what); }

inline QString missingToolMessage(const QString &what)
{
    return what
        + QStringLiteral(" (RELIVE_REQUIRE_TOOLS is set: scripts/install-deps.sh installs it, so the install is broken)");
}

} // namespace TestSupport

// Skips, or fails under RELIVE_REQUIRE_TOOLS, with `what` (a QString or a string literal).
#define RELIVE_MISSING_TOOL(what)                                                                  \
    do {                                                                                           \
        const QString reliveMissingTool_ = TestSupport::toolText(what);                                          \
        if (TestSupport::toolsRequired())                                                          \
            QFAIL(qPrintable(TestSupport::missingToolMessage(reliveMissingTool_)));                \
        QSKIP(qPrintable(reliveMissingTool_));                                                     \
    } while (false)
