#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QString>

namespace Relive::App {

/*!
 * The bundled example workspace (counter, stopwatch), as the user gets it: a writable copy
 * under the user's data folder. An installed app reads its examples from /usr/share, where
 * nothing can be built or edited, so the first run copies them; later runs reuse the copy
 * and never overwrite what the user changed there.
 */
class ExampleWorkspace
{
    Q_DECLARE_TR_FUNCTIONS(ExampleWorkspace)

public:
    /*! The read-only original: installed data folder, else this source tree's plugins/. */
    static QString bundledDirectory();
    /*! <data location>/examples */
    static QString writableDirectory();
    /*! Copies the examples unless a copy exists; returns the writable folder, or empty with \a error. */
    static QString prepare(QString *error);
};

} // namespace Relive::App
