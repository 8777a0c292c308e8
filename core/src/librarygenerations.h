#pragma once

#include "relive/modulerecord.h"

#include <QtCore/QHash>
#include <QtCore/QStringList>

namespace Relive {

/*! One generation of a shared library of the workspace: a copy with a DT_SONAME of its own. */
struct LibraryGeneration
{
    QString source;   //!< the built library (canonical path)
    QString soname;   //!< its DT_SONAME: what dependents ask for
    QString copyName; //!< this generation's DT_SONAME (as long as soname)
    QString copyPath; //!< the copy in the runtime folder, named copyName
    QString sha256;   //!< of the built library's bytes that were copied
    QString buildId;
    quint64 inode = 0; //!< of the built library when it was copied
    QStringList uses; //!< copies of the workspace libraries it needs, dependencies first
};

/*!
 * Gives each build of a workspace shared library an identity of its own (docs/ARCHITECTURE.md,
 * "Library generations"). glibc shares a library by its soname, so a rebuilt library would
 * never reach a running process: instead, each build is copied into the runtime folder with a
 * DT_SONAME that names that generation, and each new generation of a dependent is given a
 * shadow copy whose DT_NEEDED names it (ElfNameEdit). The copies are loaded by path before
 * the dependent (preload()), and the dynamic loader binds the dependent to them by soname.
 * The loader counts their users: the last dependent generation that goes takes its library
 * copy with it. A library is only swapped when it is in one of the workspace's folders and
 * the process does not have it under its own name already (the host itself linked it):
 * those stay as the loader found them, and a rebuild is reported stale.
 */
class LibraryGenerations
{
public:
    /*! The folders whose libraries are the workspace's (its build folder). */
    void setFolders(const QStringList &folders);
    QStringList folders() const { return m_folders; }

    /*!
     * Makes the shadow copy \a shadowPath (of \a artifactPath) ask for the current generation
     * of every workspace library it needs, making new generations in \a runtimePath for the
     * libraries rebuilt since. \a preload gets the copies to load first, dependencies first.
     * False with \a error when a library cannot be copied or renamed.
     */
    bool bind(const QString &shadowPath, const QString &artifactPath, const QString &runtimePath,
              QStringList *preload, QString *error);
    /*! Replaces, in \a libraries as the loader reports them, each copy by the library it is of. */
    void describe(QList<LinkedLibrary> *libraries) const;
    /*! Whether a workspace library in \a libraries was rebuilt since those copies were made. */
    bool isOutdated(const QList<LinkedLibrary> &libraries) const;

private:
    const LibraryGeneration *current(const QString &source, const QString &runtimePath, int depth, QString *error);
    /*! The workspace library \a needed resolves to through \a runPath, or empty. */
    QString resolve(const QString &needed, const QStringList &runPath, const QString &origin) const;
    /*! The copies to load for \a generation and what it needs, dependencies first. */
    void addWithUses(const LibraryGeneration &generation, QStringList *preload) const;

    QStringList m_folders;
    QHash<QString, LibraryGeneration> m_byCopy;     //!< by copyPath
    QHash<QString, QString> m_currentBySource;      //!< source → copyPath of its newest generation
    QHash<QString, QString> m_copyByName;           //!< copyName → copyPath
    int m_counter = 0;
};

} // namespace Relive
