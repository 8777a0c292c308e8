#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * The texts of a workspace's C++ sources, as LiveSession snapshots them at every build start:
 * a file is read again only when its size, times or inode moved since it was last read (a
 * save always moves them), so a build start reads what the burst changed, not the workspace.
 */
class SourceTexts
{
public:
    /*! The text of each of \a files now (absolute paths), by path; unreadable ones are left out. */
    QHash<QString, QByteArray> read(const QStringList &files);

private:
    struct Entry
    {
        qint64 size = -1;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0;
        quint64 inode = 0;
        QByteArray text;
        bool sameStat(const Entry &other) const
        {
            return size == other.size && modifiedNs == other.modifiedNs && changedNs == other.changedNs && inode == other.inode;
        }
    };
    QHash<QString, Entry> m_entries;
};

} // namespace Relive
