#pragma once

#include <QtCore/QString>

namespace Relive::App {

/*!
 * The bundled example workspace (counter, stopwatch), as the user gets it: a writable copy
 * under the user's data folder. An installed app reads its examples from /usr/share, where
 * nothing can be built or edited, so the first run copies them; later runs reuse the copy
 * and never overwrite what the user changed there.
 */
namespace ExampleWorkspace {
/*! The read-only original: installed data folder, else this source tree's plugins/. */
QString bundledDirectory();
/*! <data location>/examples */
QString writableDirectory();
/*! Copies the examples unless a copy exists; returns the writable folder, or empty with \a error. */
QString prepare(QString *error);
} // namespace ExampleWorkspace

} // namespace Relive::App
