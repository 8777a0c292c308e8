#pragma once

#include "relive/private/inputfile.h"
#include "relive/relive_core_export.h"

#include <QtCore/QString>
#include <QtCore/QStringList>


namespace Relive {

/*!
 * Reads what the host must know about a shared object before handing it to the dynamic
 * loader: that it is a complete ELF file for this machine, and which of its dynamic symbols
 * are STB_GNU_UNIQUE (which glibc never unloads). Only reads bytes; never maps or runs it.
 * A file is opened as an InputFile (regular files only, a size limit, a deadline), and its ELF
 * header and section table are read and checked first: what is not an ELF shared library is
 * refused before the rest of it is read.
 */
class RELIVE_CORE_EXPORT ElfInspector
{
public:
    explicit ElfInspector(const QString &path, const InputFile::Limits &limits = InputFile::Limits());
    /*! Inspects bytes already read, e.g. the exact bytes about to be copied and loaded. */
    explicit ElfInspector(const QByteArray &image);

    /*! Reads a whole file; on failure returns nothing and says why (missing, a folder, a pipe...). */
    static QByteArray readImage(const QString &path, QString *errorString);
    /*!
     * Reads only the ELF header and the section table of the open \a file and checks them
     * against its size. Empty when they pass; else why not, with its \a kind.
     */
    static QString checkHead(InputFile &file, FailureKind *kind);

    /*! False when the file is missing, not a regular file, too large, not ELF, for another machine, or truncated. */
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    /*! The kind of what errorString() says. */
    FailureKind failure() const
    {
        return m_error.isEmpty() ? FailureKind::None : m_failure == FailureKind::None ? FailureKind::NotAnElfLibrary : m_failure;
    }

    /*! Defined dynamic symbols bound STB_GNU_UNIQUE, by mangled name. */
    QStringList uniqueSymbols() const { return m_uniqueSymbols; }

    /*!
     * Qt version (QT_VERSION form, patch 0) recorded in a Qt 6 plugin metadata note, or 0.
     * Lets a Qt 5 host recognise a Qt 6 plugin whose metadata it cannot parse.
     */
    int qtNoteVersion() const { return m_qtNoteVersion; }

private:
    ElfInspector() = default;
    void inspect(const QByteArray &image);
    bool inspectHead(InputFile &file);
    void readQtNote(const char *notes, qint64 size);

    QString m_error;
    FailureKind m_failure = FailureKind::None;
    QStringList m_uniqueSymbols;
    int m_qtNoteVersion = 0;
};

} // namespace Relive
