#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * How a shared object links: its GNU build-id, its DT_SONAME, the DT_NEEDED names it asks the
 * dynamic loader for, and its DT_RUNPATH / DT_RPATH. Read from the program headers (PT_NOTE,
 * PT_DYNAMIC and the PT_LOAD segments that place the dynamic string table), in bounded reads;
 * never maps or runs the file. A file that is not a 64-bit ELF shared object, or whose tables
 * point outside it, gives an empty result with errorString() set.
 */
class RELIVE_CORE_EXPORT ElfLinkInfo
{
public:
    static ElfLinkInfo read(const QString &path);

    bool isValid() const { return error.isEmpty(); }

    QString buildId;  //!< hex, as `readelf -n` prints it; empty without a build-id note
    QString soname;
    QStringList needed;
    QStringList runPath; //!< DT_RUNPATH (or DT_RPATH), split at ':', $ORIGIN not expanded
    QString error;
};

} // namespace Relive
