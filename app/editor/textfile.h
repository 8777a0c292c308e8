#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * Reading and writing the files the editor shows, with errors a user can act on. Writes are
 * atomic (Relive::AtomicFile: a temporary file next to the target, then rename), so a crash or a full
 * disk never leaves half a file behind, and a plugin build never reads one.
 */
namespace TextFile {
/*! The bytes of \a path; false and \a errorString when it is missing or unreadable. */
bool read(const QString &path, QByteArray *contents, QString *errorString);

/*!
 * Replaces \a path with \a contents atomically, keeping the permissions of the file it
 * replaces. On failure the file is untouched, and \a errorString says what is wrong and
 * what to do about it.
 */
bool write(const QString &path, const QByteArray &contents, QString *errorString);

/*! The editor's text of file contents (UTF-8) and back. */
QString decode(const QByteArray &contents);
QByteArray encode(const QString &text);
} // namespace TextFile

} // namespace Relive::App
