#include "relive/private/atomicfile.h"

#include <QtCore/QFile>
#include <QtCore/QSaveFile>

namespace Relive {

AtomicFile::AtomicFile(const QString &path)
    : m_path(path)
{
}

QString AtomicFile::path() const
{
    return m_path;
}

void AtomicFile::setPermissions(QFileDevice::Permissions permissions)
{
    m_permissions = permissions;
}

bool AtomicFile::write(const QByteArray &bytes)
{
    m_failed = false;
    m_systemError.clear();
    QSaveFile file(m_path);
    // No direct-write fallback: where no temporary file can be made, the write fails rather
    // than overwrite the file in place.
    file.setDirectWriteFallback(false);
    // flush() before commit(): commit() flushes by itself, but renames even when that fails.
    if (file.open(QIODevice::WriteOnly) && (!m_permissions || file.setPermissions(*m_permissions))
        && file.write(bytes) == bytes.size() && file.flush() && file.commit()) {
        return true;
    }
    m_failed = true;
    // A write cut short (the disk filled up after its first bytes) leaves QSaveFile's default text.
    if (file.errorString() != QFile().errorString())
        m_systemError = file.errorString();
    file.cancelWriting();
    return false;
}

QString AtomicFile::systemError() const
{
    return m_systemError;
}

QString AtomicFile::errorString() const
{
    if (!m_failed || !m_systemError.isEmpty())
        return m_systemError;
    return QStringLiteral("writing it stopped partway, as it does when the disk is full or a quota is reached");
}

namespace {
bool writeReportingError(AtomicFile &file, const QByteArray &bytes, QString *error)
{
    if (file.write(bytes))
        return true;
    if (error)
        *error = file.errorString();
    return false;
}
} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    AtomicFile file(path);
    return writeReportingError(file, bytes, error);
}

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions,
                         QString *error)
{
    AtomicFile file(path);
    file.setPermissions(permissions);
    return writeReportingError(file, bytes, error);
}

} // namespace Relive
