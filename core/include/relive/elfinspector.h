#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * Reads what the host must know about a shared object before handing it to the dynamic
 * loader: that it is a complete ELF file for this machine, and which of its dynamic symbols
 * are STB_GNU_UNIQUE (which glibc never unloads). Only reads bytes; never maps or runs it.
 */
class RELIVE_CORE_EXPORT ElfInspector
{
public:
    explicit ElfInspector(const QString &path);

    /*! False when the file is missing, not ELF, for another machine, or truncated. */
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /*! Defined dynamic symbols bound STB_GNU_UNIQUE, by mangled name. */
    QStringList uniqueSymbols() const { return m_uniqueSymbols; }

private:
    void inspect(const QByteArray &image);

    QString m_path;
    QString m_error;
    QStringList m_uniqueSymbols;
};

} // namespace Relive
