#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QFileDevice>
#include <QtCore/QString>

#include <optional>

namespace Relive {

/*!
 * Replaces a file as a whole or not at all: the bytes go to a temporary file beside it, which
 * is renamed over it only once every byte was written. A crash, a full disk or a quota never
 * leaves half a file behind, and a reader never sees one.
 *
 * Not installed: for Relive's own programs and tests (core/private).
 *
 * Why not QSaveFile alone: its commit() renames the temporary file even when the flush it makes
 * itself failed (Qt 6.4.2, a full disk), which published a few bytes over the original. Here the
 * flush comes first, and a failed one cancels the write.
 */
class RELIVE_CORE_EXPORT AtomicFile
{
public:
    explicit AtomicFile(const QString &path);

    QString path() const;

    /*!
     * The permissions of the file once written. Without it, those of the file it replaces, or a
     * new file's default (0666 less the umask). Set on the temporary file before any byte is
     * written: content for the owner alone is never readable by others, not even briefly.
     */
    void setPermissions(QFileDevice::Permissions permissions);

    /*! Replaces the file with \a bytes; false, with the file untouched, when it cannot. */
    bool write(const QByteArray &bytes);

    /*!
     * Why the last write() failed, in the system's words; empty when the system gave no reason:
     * a write cut short after its first bytes, as when the disk fills up or a quota is reached.
     */
    QString systemError() const;
    /*! Why the last write() failed, for a message: systemError(), or what an empty one means. */
    QString errorString() const;

private:
    QString m_path;
    std::optional<QFileDevice::Permissions> m_permissions;
    QString m_systemError;
    bool m_failed = false;
};

/*! AtomicFile(\a path).write(\a bytes), with \a error set to its errorString() on failure. */
RELIVE_CORE_EXPORT bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error = nullptr);
/*! The same, written with \a permissions (see AtomicFile::setPermissions()). */
RELIVE_CORE_EXPORT bool writeFileAtomically(const QString &path, const QByteArray &bytes,
                                            QFileDevice::Permissions permissions, QString *error = nullptr);

} // namespace Relive
