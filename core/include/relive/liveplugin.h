// Relive plugin SDK: the interface every live plugin implements.
#pragma once

#include "relive/livestate.h"

namespace Relive {

/*!
 * The contract between a live plugin with a widget and the Relive host: Relive::LiveState
 * (saveState(), restoreState(), shutdown()) plus createWidget().
 *
 * The host calls, in this order over a plugin's life: createWidget() (any number of times),
 * saveState() when a newer generation replaces this one, shutdown() right before unload.
 * A new generation receives the previous generation's saved state through restoreState()
 * before any widget is created.
 *
 * Values in the state map must be JSON-compatible (numbers, strings, bools, lists, maps):
 * the state crosses process boundaries (probe, restart) as JSON.
 *
 * Declaring Q_INTERFACES(Relive::LivePlugin) is enough: the host also finds the LiveState in it.
 */
class LivePlugin : public LiveState
{
public:
    ~LivePlugin() override = default;

    /*! Creates the plugin's widget. The host owns it and deletes it before unloading. */
    QWidget *createWidget(QWidget *parent) override = 0;
};

} // namespace Relive

#define ReliveLivePlugin_iid "org.relive.LivePlugin/1.0"
Q_DECLARE_INTERFACE(Relive::LivePlugin, ReliveLivePlugin_iid)
