#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * Where sessions are kept. A session is the JSON object MainWindow::sessionState() makes and
 * MainWindow::restoreSessionState() takes back, the one restore path of the app:
 *
 * - a normal start reopens the workspace's own session (workspacePath(): open files, current
 *   tab, cursors, Live View tab order), written when the workspace is closed (a switch, Quit);
 * - File → Restart, Keeping State writes the whole session (unsaved text and plugin states
 *   too) to restartPath() and re-executes the app with restoreArguments(), which reads it once;
 * - a restart after a crash does the same with the session its journal holds.
 *
 * Files are written atomically and readable by the user only: a session can hold unsaved text.
 */
namespace SessionStore {
/*! The one-shot session of a restart: AppData/restart-session.json. */
QString restartPath();
/*! The session kept for \a workspace between runs: AppData/sessions/<name>-<hash of the path>.json. */
QString workspacePath(const QString &workspace);

bool write(const QString &path, const QJsonObject &session, QString *error);
/*! The session in \a path, which stays; empty without an error when there is no such file. */
QJsonObject read(const QString &path, QString *error);
/*! Reads and removes the file, so a session is restored once; empty with \a error if unusable. */
QJsonObject take(const QString &path, QString *error);

/*!
 * What a normal start brings back of \a session: the open files with their cursors, the
 * current tab, the Live View's tab order; no unsaved text (the user saved or discarded it on
 * the way out) and no plugin states (a normal start loads plugins afresh).
 */
QJsonObject forNextStart(const QJsonObject &session);

/*! The command line option that makes a new process restore (and remove) \a path. */
QStringList restoreArguments(const QString &path);
/*! Starts this program again with restoreArguments(\a path); the caller then quits. */
bool relaunch(const QString &path, QString *error);
} // namespace SessionStore

} // namespace Relive::App
