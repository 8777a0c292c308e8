#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * File → Restart keeps everything: the session (workspace, open files with their unsaved
 * text and cursors, every plugin's state, window layout) is written here, the app
 * re-executes itself with --restore-session, and the new process reads it back once.
 */
namespace RestartSession {
QString defaultPath();
/*! Written atomically and readable by the user only: it can hold unsaved text. */
bool write(const QString &path, const QJsonObject &session, QString *error);
/*! Reads and removes the file, so a session is restored once; empty with \a error if unusable. */
QJsonObject take(const QString &path, QString *error);
/*! Starts this program again on \a path; the caller then quits. */
bool relaunch(const QString &path, QString *error);
} // namespace RestartSession

} // namespace Relive::App
