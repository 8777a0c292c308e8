#pragma once

#include <QtCore/QString>

/*!
 * `relive-cli probe FILE` and `relive-cli probe --serve`: the child side of Relive::PluginProbe.
 * Reads {"state": {...}} (or {}) from stdin; with --serve it first warms up (Qt's offscreen
 * platform and fonts), then reads one line {"file": "...", "state": {...}}. Then it loads the file, restores that state, creates and shows the widget offscreen,
 * saves the state, and unloads, announcing each step on stdout ("step <name>") before it runs
 * plugin code, so that the parent can say where a crash or a hang happened. Ends with
 * "ok <json>" and exit code 0, or "error <message>" and exit code 1.
 */
class ProbeCommand
{
public:
    /*! \a file is empty with --serve: the request names it. */
    int run(const QString &file) const;
};
