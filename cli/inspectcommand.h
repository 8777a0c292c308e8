#pragma once

#include "consoleoutput.h"

#include <QtCore/QStringList>

/*!
 * `relive-cli inspect`: what a plugin file declares and whether Relive would load it, read
 * from its bytes only (ElfInspector, PluginMetadata). No code of the file runs.
 */
class InspectCommand
{
public:
    explicit InspectCommand(OutputFormat format);

    /*! Returns the exit code: 0, or 1 when any file is not a readable Qt plugin. */
    int run(const QStringList &files) const;
    /*! The largest file to read; < 0 keeps the default (2 GB). */
    void setMaxFileSize(qint64 bytes) { m_maxFileSize = bytes; }
    /*! The interface a host would load the files as (--iid); empty: Relive::LivePlugin's. */
    void setIid(const QString &iid) { m_iid = iid; }

private:
    bool inspect(const QString &file) const;
    void reportFailure(const QString &file, const QString &reason) const;

    OutputFormat m_format;
    qint64 m_maxFileSize = -1;
    QString m_iid;
};
