#pragma once

#include "relive/modulerecord.h"

namespace Relive {

/*!
 * The non-system shared libraries a loaded file runs with, as the dynamic loader resolved them
 * (docs/ARCHITECTURE.md, "Libraries"): its DT_NEEDED names and theirs, each looked up in the
 * loader with RTLD_NOLOAD, so what is recorded is the copy really mapped, not the file a new
 * load would find. Hashes are kept per file (path, inode, size, mtime): each library is read
 * once, however many generations use it.
 */
class LinkedLibraries
{
public:
    /*! The libraries \a loadedFile (already loaded) runs with, and its build-id. */
    static QList<LinkedLibrary> of(const QString &loadedFile, QString *buildId);
    /*! The SHA-256 of \a path as it is now (cached by inode, size and time); empty if unreadable. */
    static QString currentHash(const QString &path);
    /*! Whether \a path is the system's (under /usr or /lib): never listed nor checked. */
    static bool isSystemLibrary(const QString &path);
};

} // namespace Relive
