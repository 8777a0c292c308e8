#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

#include <exception>

namespace Relive {

/*!
 * Runs \a call, which calls into plugin code, and returns what it threw as "<what> threw: ...",
 * or nothing. Plugin code may throw anything; none of it may unwind through the host.
 */
template<typename Call>
QString guarded(const QString &what, Call &&call)
{
    try {
        call();
        return QString();
    } catch (const std::exception &e) {
        return QStringLiteral("%1 threw: %2").arg(what, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        return QStringLiteral("%1 threw an exception that is not a std::exception").arg(what);
    }
}

/*!
 * A deep copy of a state a plugin returned. Its QStringLiterals point into its own code; a
 * map it returns can hold them. Copying through JSON gives the host data of its own that
 * outlives the generation that made it.
 */
inline QVariantMap detached(const QVariantMap &state)
{
    return QJsonObject::fromVariantMap(state).toVariantMap();
}

} // namespace Relive
