#include "recovery/sessionstore.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SessionStore", text);
}

QString dataFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}
} // namespace

QString SessionStore::restartPath()
{
    return dataFolder() + QStringLiteral("/restart-session.json");
}

QString SessionStore::workspacePath(const QString &workspace)
{
    const QString absolute = QDir::cleanPath(QFileInfo(workspace).absoluteFilePath());
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(QFile::encodeName(absolute), QCryptographicHash::Sha1).toHex().left(10));
    // The name only helps a person find the file; the hash makes it unique.
    QString name = QFileInfo(absolute).fileName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.+-]")), QStringLiteral("_"));
    return QStringLiteral("%1/sessions/%2-%3.json").arg(dataFolder(), name, hash);
}

bool SessionStore::write(const QString &path, const QJsonObject &session, QString *error)
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

QJsonObject SessionStore::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("The session to restore, %1, cannot be read: %2").arg(path, file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = tr("The session to restore, %1, is damaged (%2); starting without it.").arg(path, parseError.errorString());
        return {};
    }
    return document.object();
}

QJsonObject SessionStore::take(const QString &path, QString *error)
{
    if (!QFileInfo::exists(path)) {
        *error = tr("The session to restore, %1, cannot be read: it does not exist.").arg(path);
        return {};
    }
    const QJsonObject session = read(path, error);
    QFile::remove(path);
    return session;
}

QJsonObject SessionStore::forNextStart(const QJsonObject &session)
{
    QJsonObject kept = session;
    kept.remove(QStringLiteral("plugins"));
    QJsonObject editors = kept.value(QStringLiteral("editors")).toObject();
    QJsonArray files;
    for (const QJsonValue &value : editors.value(QStringLiteral("files")).toArray()) {
        QJsonObject file = value.toObject();
        file.remove(QStringLiteral("text"));
        file.remove(QStringLiteral("modified"));
        files.append(file);
    }
    editors.insert(QStringLiteral("files"), files);
    kept.insert(QStringLiteral("editors"), editors);
    return kept;
}

QStringList SessionStore::restoreArguments(const QString &path)
{
    return {QStringLiteral("--restore-session"), path};
}

bool SessionStore::relaunch(const QString &path, QString *error)
{
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), restoreArguments(path))) {
        *error = tr("Cannot start %1 again.").arg(QCoreApplication::applicationFilePath());
        return false;
    }
    return true;
}

} // namespace Relive::App
