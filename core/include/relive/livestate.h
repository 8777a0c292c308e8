// Relive plugin SDK: the QtCore-only interface of a plugin whose state survives a reload.
#pragma once

#include <QtCore/QVariantMap>
#include <QtCore/QtPlugin>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive {

/*!
 * State and shutdown for a live plugin of any interface, QtCore only: a plugin of an app's own
 * interface (any IID) implements this next to it to have its state carried across reloads.
 *
 *     class Upper : public QObject, public TextFilter, public Relive::LiveState
 *     {
 *         Q_OBJECT
 *         Q_PLUGIN_METADATA(IID TextFilter_iid FILE "upper.json")
 *         Q_INTERFACES(TextFilter Relive::LiveState)
 *         ...
 *     };
 *
 * The host calls saveState() on the live generation when a newer one replaces it, hands that
 * map to the new generation's restoreState() before anyone uses it, then calls the old one's
 * shutdown() right before its code is unloaded. Values must be JSON-compatible (numbers,
 * strings, bools, lists, maps): the state crosses process boundaries (probe, restart) as JSON.
 *
 * Relive::LivePlugin extends this interface with createWidget().
 */
class LiveState
{
public:
    virtual ~LiveState() = default;

protected:
    /*!
     * Not part of this interface: the virtual slot that Relive::LivePlugin::createWidget()
     * overrides. It sits here so that LivePlugin keeps the vtable layout of Relive 0.1, whose
     * LivePlugin declared createWidget() first: plugins built then load unchanged.
     */
    virtual QWidget *createWidget(QWidget *parent)
    {
        Q_UNUSED(parent)
        return nullptr;
    }

public:
    /*! Returns everything the next generation needs to carry on. */
    virtual QVariantMap saveState() const = 0;

    /*! Takes over the state of the previous generation. May throw to refuse it. */
    virtual void restoreState(const QVariantMap &state) = 0;

    /*!
     * Called right before unload: stop timers and join threads here. Code that is still
     * running after this returns runs in unmapped memory.
     */
    virtual void shutdown() {}
};

} // namespace Relive

#define ReliveLiveState_iid "org.relive.LiveState/1.0"
Q_DECLARE_INTERFACE(Relive::LiveState, ReliveLiveState_iid)
