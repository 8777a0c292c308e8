#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive {

/*!
 * What the process really has mapped and open, read from /proc/self and the dynamic
 * loader. Used to verify an unload instead of trusting QPluginLoader::unload() (rule 6).
 */
class RELIVE_CORE_EXPORT LibraryMappings
{
public:
    /*! One line of /proc/self/maps. */
    struct Region
    {
        quintptr start = 0;
        quintptr end = 0;
        quint64 offset = 0; //!< of the file, where the region starts
        quint64 inode = 0;
    };
    /*! The regions that map \a path, also once it was deleted or renamed over. */
    static QList<Region> regionsOf(const QString &path);
    /*! True when \a path appears in /proc/self/maps. */
    static bool isMapped(const QString &path);
    /*!
     * The addresses \a path is mapped at: from \a start to \a end, with file offset 0 at \a base.
     * False when it is not mapped.
     */
    static bool addressRange(const QString &path, quintptr *start, quintptr *end, quintptr *base);
    /*! True when the dynamic loader still knows \a path (dlopen with RTLD_NOLOAD). */
    static bool isLoaderResident(const QString &path);
    /*! Lines in /proc/self/maps. */
    static int mappingCount();
    /*! Entries in /proc/self/fd. */
    static int openFileCount();
    /*! Resident set size in KiB, from /proc/self/status. */
    static qint64 residentKiB();
};

} // namespace Relive
