#include "pluginmetatypes.h"

#include <QtCore/QFileInfo>
#include <QtCore/QMetaType>

#include <dlfcn.h>

namespace Relive {

namespace {

// Unregistered ids leave holes; past this many free ids in a row nothing is registered.
constexpr int idGapLimit = 256;

#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
bool livesIn(const void *address, const QString &libraryPath)
{
    Dl_info info;
    if (!address || !dladdr(address, &info) || !info.dli_fname)
        return false;
    return QFileInfo(QString::fromLocal8Bit(info.dli_fname)).absoluteFilePath() == libraryPath;
}
#endif

} // namespace

int PluginMetaTypes::endOfCustomIds()
{
    int end = QMetaType::User;
    for (int id = QMetaType::User, gap = 0; gap < idGapLimit; ++id) {
        if (QMetaType::isRegistered(id)) {
            end = id + 1;
            gap = 0;
        } else {
            ++gap;
        }
    }
    return end;
}

int PluginMetaTypes::loadMark()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    return 0; // the scan would be wasted on every load
#else
    return endOfCustomIds();
#endif
}

PluginMetaTypes::Taken PluginMetaTypes::take(const QString &libraryPath, int loadStart, int loadEnd)
{
    Taken taken;
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    Q_UNUSED(loadStart)
    Q_UNUSED(loadEnd)
    const QString path = QFileInfo(libraryPath).absoluteFilePath();
    const int end = endOfCustomIds();
    for (int id = QMetaType::User; id < end; ++id) {
        if (!QMetaType::isRegistered(id))
            continue;
        QMetaType type(id);
        if (!livesIn(type.iface(), path))
            continue;
        taken.names << QString::fromLatin1(type.name());
        taken.types << type;
        QMetaType::unregisterMetaType(type);
    }
#else
    Q_UNUSED(libraryPath)
    for (int id = qMax(loadStart, int(QMetaType::User)); id < loadEnd; ++id) {
        if (!QMetaType::isRegistered(id))
            continue;
        const QString name = QString::fromLatin1(QMetaType::typeName(id));
        if (QMetaType::unregisterType(id))
            taken.names << name;
        else
            taken.stuck << name;
    }
#endif
    return taken;
}

void PluginMetaTypes::giveBack(const Taken &taken)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    // Unregistering reset each interface's id to 0: asking for the id registers it anew.
    for (const QMetaType &type : taken.types)
        type.id();
#else
    Q_UNUSED(taken)
#endif
}

} // namespace Relive
