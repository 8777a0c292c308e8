#include "relive/runtimefolder.h"

#include "logging.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace Relive {

namespace {

// The parent folder is shared by every Relive process of the user: it must be ours alone,
// or another user could swap a shadow copy between our copy and our dlopen.
QString checkPrivateFolder(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
        return QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    struct stat st;
    if (::lstat(native.constData(), &st) != 0)
        return QStringLiteral("cannot inspect %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    if (!S_ISDIR(st.st_mode))
        return QStringLiteral("%1 is not a folder (a link or a file is in the way): remove it").arg(path);
    if (st.st_uid != ::getuid())
        return QStringLiteral("%1 belongs to another user: remove it or set XDG_RUNTIME_DIR").arg(path);
    if ((st.st_mode & 0077) != 0 && ::chmod(native.constData(), 0700) != 0)
        return QStringLiteral("%1 is open to other users and cannot be made private").arg(path);
    return QString();
}

bool processIsGone(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

RuntimeFolder::RuntimeFolder(const QString &base)
{
    const QString parent = base.isEmpty() ? defaultBase() : base;
    m_error = checkPrivateFolder(parent);
    if (!m_error.isEmpty()) {
        qCWarning(lcRuntime) << m_error;
        return;
    }
    removeStale(parent);
    QByteArray pattern = QFile::encodeName(QStringLiteral("%1/%2-XXXXXX").arg(parent).arg(::getpid()));
    if (!::mkdtemp(pattern.data())) {
        m_error = QStringLiteral("cannot create a runtime folder in %1: %2")
                      .arg(parent, QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    m_path = QFile::decodeName(pattern);
    qCDebug(lcRuntime) << "runtime folder" << m_path;
}

RuntimeFolder::~RuntimeFolder()
{
    if (!m_path.isEmpty())
        QDir(m_path).removeRecursively();
}

QString RuntimeFolder::shadowPathFor(const QString &name, int generation) const
{
    // Names come from plugin metadata: keep them from escaping the folder.
    QString safe = name;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.+-]")), QStringLiteral("_"));
    if (safe.startsWith(QLatin1Char('.')))
        safe.prepend(QLatin1Char('_'));
    return QStringLiteral("%1/%2.g%3.so").arg(m_path, safe).arg(generation);
}

QString RuntimeFolder::defaultBase()
{
    const QByteArray xdg = qgetenv("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty() && QDir(QFile::decodeName(xdg)).exists())
        return QFile::decodeName(xdg) + QStringLiteral("/relive");
    return QStringLiteral("%1/relive-%2").arg(QDir::tempPath()).arg(::getuid());
}

int RuntimeFolder::removeStale(const QString &base)
{
    static const QRegularExpression perProcess(QStringLiteral("^([0-9]+)-[A-Za-z0-9]{6}$"));
    int removed = 0;
    const QStringList entries = QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString &entry : entries) {
        const QRegularExpressionMatch match = perProcess.match(entry);
        if (!match.hasMatch() || !processIsGone(match.captured(1).toLongLong()))
            continue;
        if (QDir(base + QLatin1Char('/') + entry).removeRecursively()) {
            ++removed;
            qCInfo(lcRuntime) << "removed stale runtime folder" << entry;
        }
    }
    return removed;
}

} // namespace Relive
