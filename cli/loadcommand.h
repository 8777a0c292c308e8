#pragma once

#include "consoleoutput.h"

#include <QtCore/QString>

/*!
 * `relive-cli load`: a smoke test of one plugin in this process. Loads it through PluginHost
 * (for the interface of --iid, Relive::LivePlugin's by default), creates its widget (a LivePlugin
 * only), checks that its state survives saveState -> restoreState -> saveState,
 * then unloads it and checks that the unload really happened (not pinned).
 */
class LoadCommand
{
public:
    explicit LoadCommand(OutputFormat format);

    /*! Returns the exit code: 0 when every step passed, 1 otherwise. */
    int run(const QString &file) const;
    /*! The largest plugin file to read (PluginHost::setMaxFileSize()); < 0 keeps the host's default. */
    void setMaxFileSize(qint64 bytes) { m_maxFileSize = bytes; }
    /*! The interface to load the plugin as (--iid); empty: Relive::LivePlugin's. */
    void setIid(const QString &iid) { m_iid = iid; }

private:
    OutputFormat m_format;
    qint64 m_maxFileSize = -1;
    QString m_iid;
};
