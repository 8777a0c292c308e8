#pragma once

#include "consoleoutput.h"

#include <relive/hostevent.h>

/*!
 * Prints PluginHost events: in JSON, exactly HostEvent::toJson() (the documented schema,
 * one object a line); otherwise one readable, timestamped line per event.
 */
class EventPrinter
{
public:
    explicit EventPrinter(OutputFormat format);

    void print(const Relive::HostEvent &event) const;

    /*! The readable form of \a event, without timestamp. */
    static QString describe(const Relive::HostEvent &event);
    /*! "12.3 ms (stage 0.4, validate 1.1, load 9.8)", or empty when nothing was timed. */
    static QString describe(const Relive::ReloadTiming &timing);

private:
    OutputFormat m_format;
};
