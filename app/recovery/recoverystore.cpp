#include "recovery/recoverystore.h"

#include "recovery/recoverylogging.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QStandardPaths>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace Relive::App {

namespace {
const QString VersionKey = QStringLiteral("version");
const QString PathKey = QStringLiteral("path");
const QString TextKey = QStringLiteral("text");
const QString BaseExistsKey = QStringLiteral("baseExists");
const QString BaseSha256Key = QStringLiteral("baseSha256");
const QString BaseSizeKey = QStringLiteral("baseSize");
const QString SavedAtKey = QStringLiteral("savedAt");
const QString PidKey = QStringLiteral("pid");
const QString ProcessStartKey = QStringLiteral("processStart");
const QString CopySuffix = QStringLiteral(".json");
const QString CorruptSuffix = QStringLiteral(".corrupt");
constexpr int FormatVersion = 1;

// <pid>-<start time>-<hash of the path>.json: the writer is known even when the contents are not.
bool parseName(const QString &fileName, qint64 *pid, QString *startTime)
{
    const QStringList parts = fileName.split(QLatin1Char('-'));
    if (parts.size() != 3 || !fileName.endsWith(CopySuffix))
        return false;
    bool ok = false;
    *pid = parts.at(0).toLongLong(&ok);
    *startTime = parts.at(1);
    return ok && *pid > 0;
}

// The fields of /proc/<pid>/stat from the third on (proc(5) numbers them from 1). The command
// name before them, in parentheses, may hold spaces and parentheses itself.
QList<QByteArray> procStatFields(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    const int end = line.lastIndexOf(')');
    return end < 0 ? QList<QByteArray>() : line.mid(end + 2).split(' ');
}

QString pathHash(const QString &filePath)
{
    return QString::fromLatin1(QCryptographicHash::hash(filePath.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}
} // namespace

RecoveryStore::RecoveryStore(const QString &folder)
    : m_folder(folder)
    , m_startTime(processStartTime(QCoreApplication::applicationPid()))
{
}

QString RecoveryStore::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

QString RecoveryStore::folder() const
{
    return m_folder;
}

QString RecoveryStore::ownPrefix() const
{
    // Without /proc (no start time), "0": the pid alone then names the writer.
    return QStringLiteral("%1-%2-").arg(QCoreApplication::applicationPid()).arg(m_startTime.isEmpty() ? QStringLiteral("0") : m_startTime);
}

QString RecoveryStore::copyPathFor(const QString &filePath) const
{
    return m_folder + QLatin1Char('/') + ownPrefix() + pathHash(filePath) + CopySuffix;
}

bool RecoveryStore::write(const QString &filePath, const QString &text, bool baseExists, const QByteArray &baseContents,
                          QString *error)
{
    // The copies hold unsaved text, maybe secrets: the folder is the user's alone, even if it
    // was made earlier with looser permissions.
    if (!QDir().mkpath(m_folder)
        || !QFile::setPermissions(m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        *error = tr("Cannot create the recovery folder %1: check that it is writable.").arg(QDir::toNativeSeparators(m_folder));
        return false;
    }
    const QJsonObject copy{
        {VersionKey, FormatVersion},
        {PathKey, filePath},
        {TextKey, text},
        {BaseExistsKey, baseExists},
        {BaseSha256Key, baseExists ? QString::fromLatin1(QCryptographicHash::hash(baseContents, QCryptographicHash::Sha256).toHex())
                                   : QString()},
        {BaseSizeKey, baseExists ? double(baseContents.size()) : -1.0},
        {SavedAtKey, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {PidKey, double(QCoreApplication::applicationPid())},
        {ProcessStartKey, m_startTime},
    };
    const QString path = copyPathFor(filePath);
    QString reason;
    if (Relive::writeFileAtomically(path, QJsonDocument(copy).toJson(QJsonDocument::Compact),
                                    QFileDevice::ReadOwner | QFileDevice::WriteOwner, &reason)) {
        return true;
    }
    *error = tr("Cannot write the recovery copy of %1 to %2: %3.")
                 .arg(QDir::toNativeSeparators(filePath), QDir::toNativeSeparators(path), reason);
    return false;
}

bool RecoveryStore::remove(const QString &filePath)
{
    const QString path = copyPathFor(filePath);
    return !QFileInfo::exists(path) || QFile::remove(path);
}

QStringList RecoveryStore::ownCopies() const
{
    QStringList result;
    const QStringList names = QDir(m_folder).entryList({ownPrefix() + QLatin1Char('*') + CopySuffix}, QDir::Files);
    for (const QString &name : names)
        result.append(m_folder + QLatin1Char('/') + name);
    return result;
}

void RecoveryStore::removeOwnCopies()
{
    const QStringList own = ownCopies();
    for (const QString &path : own) {
        if (!QFile::remove(path))
            qCWarning(lcRecovery) << "cannot remove the recovery copy" << path;
    }
}

RecoveryStore::Copy RecoveryStore::read(const QString &copyPath)
{
    Copy copy;
    copy.copyPath = copyPath;
    QFile file(copyPath);
    if (!QFileInfo(copyPath).isFile() || !file.open(QIODevice::ReadOnly)) {
        copy.errorString = tr("cannot be read (%1)").arg(QFileInfo(copyPath).isDir() ? tr("it is a folder") : file.errorString());
        return copy;
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonObject object = document.object();
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        copy.errorString = tr("is damaged: not a recovery copy (%1)").arg(parseError.error != QJsonParseError::NoError ? parseError.errorString() : tr("no JSON object"));
        return copy;
    }
    if (object.value(VersionKey).toInt() != FormatVersion) {
        copy.errorString = tr("is damaged or from another version of Relive (format %1, expected %2)")
                               .arg(object.value(VersionKey).toVariant().toString())
                               .arg(FormatVersion);
        return copy;
    }
    if (!object.value(PathKey).isString() || object.value(PathKey).toString().isEmpty() || !object.value(TextKey).isString()) {
        copy.errorString = tr("is damaged: it has no file path or no text");
        return copy;
    }
    copy.filePath = object.value(PathKey).toString();
    copy.text = object.value(TextKey).toString();
    copy.baseExists = object.value(BaseExistsKey).toBool();
    copy.baseSha256 = object.value(BaseSha256Key).toString();
    copy.baseSize = qint64(object.value(BaseSizeKey).toDouble(-1));
    copy.savedAt = QDateTime::fromString(object.value(SavedAtKey).toString(), Qt::ISODateWithMs);
    copy.pid = qint64(object.value(PidKey).toDouble());
    return copy;
}

QList<RecoveryStore::Copy> RecoveryStore::orphans() const
{
    QList<Copy> result;
    const QString own = ownPrefix();
    const QStringList names = QDir(m_folder).entryList({QLatin1Char('*') + CopySuffix}, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                                                       QDir::Name);
    for (const QString &name : names) {
        if (name.startsWith(own))
            continue;
        qint64 pid = 0;
        QString startTime;
        // A copy of a live Relive is that window's to keep; a name that is not ours is looked at.
        if (parseName(name, &pid, &startTime) && isRunning(pid, startTime == QLatin1String("0") ? QString() : startTime))
            continue;
        Copy copy = read(m_folder + QLatin1Char('/') + name);
        if (!copy.isValid()) {
            const QString kept = copy.copyPath + CorruptSuffix;
            if (QFile::rename(copy.copyPath, kept))
                copy.copyPath = kept;
            copy.errorString = tr("The recovery copy %1 %2. It was kept as %3.")
                                   .arg(name, copy.errorString, QDir::toNativeSeparators(copy.copyPath));
            qCWarning(lcRecovery).noquote() << copy.errorString;
        }
        result.append(copy);
    }
    return result;
}

bool RecoveryStore::discard(const Copy &copy, QString *error)
{
    if (!QFileInfo::exists(copy.copyPath) || QFile::remove(copy.copyPath))
        return true;
    *error = tr("Cannot delete the recovery copy %1: check the folder's permissions.").arg(QDir::toNativeSeparators(copy.copyPath));
    return false;
}

QString RecoveryStore::processStartTime(qint64 pid)
{
    const QList<QByteArray> fields = procStatFields(pid);
    constexpr int StateField = 3 - 3;
    constexpr int StartTimeField = 22 - 3;
    // A zombie has died; only its parent has not collected it yet.
    if (fields.size() <= StartTimeField || fields.at(StateField) == "Z" || fields.at(StateField) == "X")
        return QString();
    return QString::fromLatin1(fields.at(StartTimeField));
}

bool RecoveryStore::isRunning(qint64 pid, const QString &startTime)
{
    if (pid <= 0)
        return false;
    if (!startTime.isEmpty())
        return processStartTime(pid) == startTime;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

} // namespace Relive::App
