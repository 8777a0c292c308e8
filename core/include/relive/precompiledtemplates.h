#pragma once

// For the precompiled header of relive_add_plugin(), not for plugin code: the templates a
// plugin's state and text code uses most, instantiated once in the precompiled header (clang's
// -fpch-instantiate-templates, which CMake passes) instead of in every compile of a plugin
// source. QVariantMap::insert() alone was ~70 ms of a 280 ms compile of the counter example.
// The function is never called; its body is what instantiates.

#include <QtCore/QByteArray>
#include <QtCore/QStringList>
#include <QtCore/QVariantList>
#include <QtCore/QVariantMap>

#include <utility>

namespace Relive::PrecompiledTemplates {

inline QVariantMap stateCode(const QVariantMap &saved, const QString &key, const QVariant &value)
{
    QVariantMap state{{key, value}};
    state.insert(key, value);
    state[key] = saved.value(key, value);
    if (state.contains(key) && !state.isEmpty())
        state.remove(key);
    for (auto it = saved.constBegin(); it != saved.constEnd(); ++it)
        state.insert(it.key(), it.value());
    for (auto it = state.begin(); it != state.end(); ++it)
        it.value() = value;
    for (const QVariant &each : saved)
        state.insert(key, each);
    const QStringList keys = saved.keys();
    QVariantList list{value};
    list.append(QVariant::fromValue(keys));
    for (const QVariant &each : std::as_const(list))
        list.append(each.value<QStringList>());
    state.insert(key, list);
    QVariantMap moved = std::move(state);
    return moved;
}

// No implicit conversion from char *: a plugin may forbid them (QT_NO_CAST_FROM_ASCII).
inline QString textCode(int number)
{
    const QByteArray bytes("text");
    return QString::fromLatin1("text") + QString::fromUtf8("text") + QString::fromUtf8(bytes)
           + QString::fromLocal8Bit("text") + QLatin1String("text") + QString::fromLatin1("%1 %2").arg(number).arg(QString::number(number));
}

} // namespace Relive::PrecompiledTemplates
