#include "relive/private/elfnameedit.h"

#include <elf.h>

#include <cstring>

namespace Relive {

namespace {

template<typename T>
bool readAt(const QByteArray &bytes, quint64 offset, T *value)
{
    if (offset > quint64(bytes.size()) || sizeof(T) > quint64(bytes.size()) - offset)
        return false;
    std::memcpy(value, bytes.constData() + offset, sizeof(T));
    return true;
}

// The file offset of virtual address \a address, through the PT_LOAD segment holding it.
bool fileOffsetOf(const QByteArray &elf, const Elf64_Ehdr &header, quint64 address, quint64 *offset)
{
    for (quint64 i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr p;
        if (!readAt(elf, header.e_phoff + i * sizeof p, &p))
            return false;
        if (p.p_type == PT_LOAD && address >= p.p_vaddr && address - p.p_vaddr < p.p_filesz) {
            *offset = p.p_offset + (address - p.p_vaddr);
            return true;
        }
    }
    return false;
}

// The PT_DYNAMIC segment's file range.
bool dynamicRange(const QByteArray &elf, const Elf64_Ehdr &header, quint64 *offset, quint64 *size)
{
    for (quint64 i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr p;
        if (!readAt(elf, header.e_phoff + i * sizeof p, &p))
            return false;
        if (p.p_type == PT_DYNAMIC) {
            *offset = p.p_offset;
            *size = p.p_filesz;
            return true;
        }
    }
    return false;
}

} // namespace

int ElfNameEdit::rename(QByteArray *elf, const QHash<QString, QString> &renames, QString *error)
{
    Elf64_Ehdr header;
    if (!readAt(*elf, 0, &header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0
        || header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_phentsize != sizeof(Elf64_Phdr)) {
        *error = QStringLiteral("not a 64-bit ELF shared object");
        return -1;
    }
    quint64 dynamicAt = 0, dynamicSize = 0;
    if (!dynamicRange(*elf, header, &dynamicAt, &dynamicSize)) {
        *error = QStringLiteral("no dynamic section: it links no library");
        return -1;
    }
    quint64 stringsAddress = 0, stringsSize = 0;
    const quint64 count = dynamicSize / sizeof(Elf64_Dyn);
    for (quint64 i = 0; i < count; ++i) {
        Elf64_Dyn entry;
        if (!readAt(*elf, dynamicAt + i * sizeof entry, &entry) || entry.d_tag == DT_NULL)
            break;
        if (entry.d_tag == DT_STRTAB)
            stringsAddress = entry.d_un.d_ptr;
        else if (entry.d_tag == DT_STRSZ)
            stringsSize = entry.d_un.d_val;
    }
    quint64 stringsAt = 0;
    if (!fileOffsetOf(*elf, header, stringsAddress, &stringsAt) || stringsAt > quint64(elf->size())
        || stringsSize > quint64(elf->size()) - stringsAt) {
        *error = QStringLiteral("its dynamic string table lies outside the file");
        return -1;
    }
    char *strings = elf->data() + stringsAt;
    int renamed = 0;
    for (quint64 i = 0; i < count; ++i) {
        Elf64_Dyn entry;
        if (!readAt(*elf, dynamicAt + i * sizeof entry, &entry) || entry.d_tag == DT_NULL)
            break;
        if ((entry.d_tag != DT_NEEDED && entry.d_tag != DT_SONAME) || entry.d_un.d_val >= stringsSize)
            continue;
        char *start = strings + entry.d_un.d_val;
        const quint64 length = qstrnlen(start, uint(stringsSize - entry.d_un.d_val));
        const auto it = renames.constFind(QString::fromUtf8(start, int(length)));
        if (it == renames.constEnd())
            continue;
        const QByteArray to = it.value().toUtf8();
        if (quint64(to.size()) > length || to.contains('\0')) {
            *error = QStringLiteral("the new name %1 is longer than %2").arg(it.value(), it.key());
            return -1;
        }
        std::memset(start, 0, length);
        std::memcpy(start, to.constData(), size_t(to.size()));
        ++renamed;
    }
    return renamed;
}

} // namespace Relive
