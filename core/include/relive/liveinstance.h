#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>

namespace Relive {

class PluginAgent;

/*!
 * A handle on the live instance of one plugin of a PluginAgent: object() is always the live
 * generation's instance (null while none is live), never a pointer into unloaded code.
 * LiveInstance<T> is the typed form; this untyped base carries the signals.
 */
class RELIVE_CORE_EXPORT LiveHandle : public QObject
{
    Q_OBJECT

public:
    LiveHandle(PluginAgent *agent, const QString &name, QObject *parent = nullptr);

    QString name() const;
    QObject *object() const;
    /*! The live generation (1, 2, ...), or 0 when none is live. */
    int generation() const;

Q_SIGNALS:
    /*! The instance is about to go: drop anything taken from it (emitted in a direct call). */
    void aboutToBeReplaced();
    /*! A new generation is live (or, with a null object(), the plugin was unloaded). */
    void replaced(int generation);

private:
    QPointer<PluginAgent> m_agent;
    QString m_name;
};

/*!
 * The live instance of a plugin as the app's interface \a T (Q_DECLARE_INTERFACE'd, or a QObject
 * class):
 *
 *     Relive::LiveInstance<TextFilter> upper(&agent, QStringLiteral("Upper"));
 *     connect(&upper, &Relive::LiveHandle::replaced, this, &Window::refresh);
 *     ... upper->apply(text) ...
 *
 * get() is null while no generation is live, or when the live one does not implement \a T.
 */
template<class T>
class LiveInstance : public LiveHandle
{
public:
    using LiveHandle::LiveHandle;

    T *get() const { return qobject_cast<T *>(object()); }
    T *operator->() const { return get(); }
    explicit operator bool() const { return get() != nullptr; }
};

} // namespace Relive
