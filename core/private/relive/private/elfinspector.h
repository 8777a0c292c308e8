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
    /*! Inspects bytes already read, e.g. the exact bytes about to be copied and loaded. */
    explicit ElfInspector(const QByteArray &image);

    /*! Reads a whole file; on failure returns nothing and says why (missing, a folder...). */
    static QByteArray readImage(const QString &path, QString *errorString);

    /*! False when the file is missing, not ELF, for another machine, or truncated. */
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /*! Defined dynamic symbols bound STB_GNU_UNIQUE, by mangled name. */
    QStringList uniqueSymbols() const { return m_uniqueSymbols; }

    /*!
     * Qt version (QT_VERSION form, patch 0) recorded in a Qt 6 plugin metadata note, or 0.
     * Lets a Qt 5 host recognise a Qt 6 plugin whose metadata it cannot parse.
     */
    int qtNoteVersion() const { return m_qtNoteVersion; }

private:
    void inspect(const QByteArray &image);
    void readQtNote(const char *notes, qint64 size);

    QString m_error;
    QStringList m_uniqueSymbols;
    int m_qtNoteVersion = 0;
};

} // namespace Relive
