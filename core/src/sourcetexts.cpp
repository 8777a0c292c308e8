#include "sourcetexts.h"

#include <QtCore/QFile>

#include <sys/stat.h>

namespace Relive {

QHash<QString, QByteArray> SourceTexts::read(const QStringList &files)
{
    QHash<QString, Entry> entries;
    QHash<QString, QByteArray> texts;
    for (const QString &path : files) {
        struct stat st;
        if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        Entry now;
        now.size = qint64(st.st_size);
        now.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        now.changedNs = qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
        now.inode = quint64(st.st_ino);
        const auto known = m_entries.constFind(path);
        if (known != m_entries.constEnd() && known->sameStat(now)) {
            now.text = known->text;
        } else {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            now.text = file.readAll();
        }
        texts.insert(path, now.text);
        entries.insert(path, now);
    }
    m_entries = entries; // files no longer listed are forgotten
    return texts;
}

} // namespace Relive
