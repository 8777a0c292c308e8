#include "codehash.h"

#include "relive/private/inputfile.h"
#include "sha256.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>

#include <elf.h>

#include <cstring>

namespace Relive {

namespace {

const int rememberedMax = 256; // a few per plugin and save; more is forgotten at once

QMutex &rememberedLock()
{
    static QMutex lock;
    return lock;
}

QHash<QString, QByteArray> &remembered()
{
    static QHash<QString, QByteArray> bySha256;
    return bySha256;
}

} // namespace

QByteArray codeHashOfContent(const QString &path, const QString &sha256)
{
    if (sha256.isEmpty())
        return codeHash(path);
    {
        QMutexLocker locker(&rememberedLock());
        const auto known = remembered().constFind(sha256);
        if (known != remembered().constEnd())
            return *known;
    }
    const QByteArray code = codeHash(path);
    rememberCodeHash(sha256, code);
    return code;
}

void rememberCodeHash(const QString &sha256, const QByteArray &code)
{
    if (sha256.isEmpty() || code.isEmpty())
        return;
    QMutexLocker locker(&rememberedLock());
    if (remembered().size() >= rememberedMax)
        remembered().clear();
    remembered().insert(sha256, code);
}

QByteArray codeHash(const QString &path)
{
    InputFile file(path);
    if (!file.open())
        return QByteArray();
    Elf64_Ehdr header;
    const QByteArray head = file.read(0, sizeof header);
    if (head.size() != int(sizeof header) || std::memcmp(head.constData(), ELFMAG, SELFMAG) != 0
        || head.at(EI_CLASS) != ELFCLASS64)
        return QByteArray();
    std::memcpy(&header, head.constData(), sizeof header);
    if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 || header.e_shstrndx >= header.e_shnum)
        return QByteArray();
    const QByteArray table = file.read(qint64(header.e_shoff), qint64(header.e_shnum) * qint64(sizeof(Elf64_Shdr)));
    if (table.size() != int(header.e_shnum * sizeof(Elf64_Shdr)))
        return QByteArray();
    const auto *sections = reinterpret_cast<const Elf64_Shdr *>(table.constData());
    const Elf64_Shdr &names = sections[header.e_shstrndx];
    const QByteArray nameTable = file.read(qint64(names.sh_offset), qint64(names.sh_size));
    Sha256 hash;
    for (int i = 0; i < header.e_shnum; ++i) {
        const Elf64_Shdr &section = sections[i];
        if (!(section.sh_flags & SHF_ALLOC) || section.sh_type == SHT_NOTE || section.sh_name >= quint64(nameTable.size()))
            continue;
        const char *start = nameTable.constData() + section.sh_name;
        const QByteArray name(start, int(qstrnlen(start, uint(nameTable.size() - int(section.sh_name)))));
        hash.addData(name.constData(), name.size() + 1);
        const quint64 address = section.sh_addr;
        hash.addData(reinterpret_cast<const char *>(&address), sizeof address);
        if (section.sh_type == SHT_NOBITS)
            continue;
        const QByteArray contents = file.read(qint64(section.sh_offset), qint64(section.sh_size));
        if (contents.size() != qint64(section.sh_size))
            return QByteArray();
        hash.addData(contents.constData(), contents.size());
    }
    return hash.hexResult().toLatin1();
}

} // namespace Relive
