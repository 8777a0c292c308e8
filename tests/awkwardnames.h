// Names for paths that must work everywhere (issue 5): shared by the suites that test them.
#pragma once

#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace TestSupport {

/*!
 * Folder and file names that break code which quotes by hand, splits on spaces, goes through
 * a shell or takes a leading dash for an option: one row each, and one with all of them.
 */
inline QList<QPair<const char *, QString>> awkwardNames()
{
    return {
        {"space", QStringLiteral("with space")},
        {"single quote", QStringLiteral("it's")},
        {"double quote", QStringLiteral("say \"hi\"")},
        {"non-ASCII", QString::fromUtf8("z\u00e4hler-\u8a08\u6570")},
        {"leading dash", QStringLiteral("-dash")},
        {"shell characters", QStringLiteral("$(false) `false`; *&|")},
        // Not a quoted word that names a Ninja target ("all"): see tst_livesession.
        {"all at once", QString::fromUtf8("-it's \"quoted\" \u00fc x")},
    };
}

} // namespace TestSupport
