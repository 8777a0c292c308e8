#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QJsonObject>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * File → Restart keeps everything: the session (workspace, open files with their unsaved
 * text and cursors, every plugin's state, window layout) is written here, the app
 * re-executes itself with --restore-session, and the new process reads it back once.
 */
class RestartSession
{
    Q_DECLARE_TR_FUNCTIONS(RestartSession)

public:
    static QString defaultPath();
    /*! Written atomically and readable by the user only: it can hold unsaved text. */
    static bool write(const QString &path, const QJsonObject &session, QString *error);
    /*! Reads and removes the file, so a session is restored once; empty with \a error if unusable. */
    static QJsonObject take(const QString &path, QString *error);
    /*! Starts this program again on \a path; the caller then quits. */
    static bool relaunch(const QString &path, QString *error);
};

} // namespace Relive::App
