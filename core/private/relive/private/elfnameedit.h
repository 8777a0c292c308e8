#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QString>

namespace Relive {

/*!
 * Renames the DT_SONAME and DT_NEEDED of a shared object in place, in its dynamic string table
 * (docs/ARCHITECTURE.md, "Library generations"): how a generation of a workspace library gets
 * a name of its own, and its dependents' copies ask for that name. A new name is never longer
 * than the old one (the table does not move); the rest of the old string is zeroed. Linkers
 * share a string's tail with shorter strings, so callers change only its first characters.
 */
class RELIVE_CORE_EXPORT ElfNameEdit
{
public:
    /*!
     * Applies \a renames (old name → new name) to the DT_SONAME and DT_NEEDED entries of the
     * ELF image \a elf. Returns how many entries were renamed, or -1 with \a error set when
     * the image is not a 64-bit ELF shared object or a new name is longer than the old one.
     */
    static int rename(QByteArray *elf, const QHash<QString, QString> &renames, QString *error);
};

} // namespace Relive
