#pragma once

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * The metatypes a plugin generation registered with Qt. Their registrations point into the
 * plugin's code and data (Qt 6: the QMetaTypeInterface itself; Qt 5: constructor and
 * destructor functions), and Qt keeps them after unload. Worse, Qt registers by name: the next
 * generation's registration of the same name silently binds to the old one, whose code is
 * about to go. So the host takes the old generation's registrations back right before the new
 * generation loads (the new one then registers its own), gives them back if the new one is
 * refused, and takes whatever is left at unload.
 */
class PluginMetaTypes
{
public:
    /*! Registrations taken back from Qt, to be given back if the new generation fails. */
    struct Taken
    {
        QStringList names;
        /*! Qt 5 refuses to unregister types declared with Q_DECLARE_METATYPE: their code must stay. */
        QStringList stuck;
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
        QList<QMetaType> types;
#endif
    };

    /*! One past the highest custom type id registered now. */
    static int endOfCustomIds();
    /*!
     * Where the custom ids stand before and after a load, to bracket what it registered: Qt 5
     * only (endOfCustomIds()); 0 on Qt 6, which tells a type's owner by its address instead.
     */
    static int loadMark();
    /*!
     * Unregisters the custom types owned by the library loaded from \a libraryPath. Qt 6
     * knows by the address of each type's interface. Qt 5 cannot tell, so the types
     * registered while the generation loaded (ids in [\a loadStart, \a loadEnd)) count as its.
     */
    static Taken take(const QString &libraryPath, int loadStart, int loadEnd);
    /*!
     * Registers \a taken again (Qt 6). Qt 5 cannot: the old generation's own types stay
     * unregistered until it registers them again or is replaced.
     */
    static void giveBack(const Taken &taken);
};

} // namespace Relive
