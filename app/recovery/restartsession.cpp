#include "recovery/restartsession.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("RestartSession", text);
}
} // namespace

QString RestartSession::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/restart-session.json");
}

bool RestartSession::write(const QString &path, const QJsonObject &session, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QString reason;
    if (Relive::writeFileAtomically(path, QJsonDocument(session).toJson(QJsonDocument::Compact),
                                    QFileDevice::ReadOwner | QFileDevice::WriteOwner, &reason)) {
        return true;
    }
    *error = tr("Cannot write the session to %1: %2").arg(path, reason);
    return false;
}

QJsonObject RestartSession::take(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("The session to restore, %1, cannot be read: %2").arg(path, file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.remove();
    if (!document.isObject()) {
        *error = tr("The session to restore, %1, is damaged (%2); starting without it.").arg(path, parseError.errorString());
        return {};
    }
    return document.object();
}

bool RestartSession::relaunch(const QString &path, QString *error)
{
    QStringList arguments{QStringLiteral("--restore-session"), path};
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments)) {
        *error = tr("Cannot start %1 again.").arg(QCoreApplication::applicationFilePath());
        return false;
    }
    return true;
}

} // namespace Relive::App
