#pragma once

#include <QtCore/QString>

/*!
 * The child side of Relive::PluginProbe: what `relive-probe` (and `relive-cli probe`) run. It
 * reads the request from stdin, loads the file as a plugin of the request's IID, restores that state,
 * creates and shows the widget offscreen (a Relive::LivePlugin only), saves the state, and unloads, announcing each step on stdout before it runs plugin
 * code, so that the parent can say where a crash or a hang happened. The protocol (the request,
 * the lines, --serve, the exit codes) is probe/probeprotocol.h, shared with the parent.
 */
class ProbeServer
{
public:
    /*!
     * \a file is empty with --serve: it warms up first, and the request names the file.
     * \a iid, when given (--iid), is the interface the plugin is tried for, over the request's.
     */
    int run(const QString &file, const QString &iid = QString()) const;
};
