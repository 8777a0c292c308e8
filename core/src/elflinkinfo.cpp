#include "relive/private/elflinkinfo.h"

#include <QtCore/QFile>
#include <QtCore/QVector>

#include <elf.h>

#include <cstring>

namespace Relive {

namespace {

const qint64 maxTableBytes = 1 << 20; // no real program header, note or dynamic table comes near

// Reads exactly \a length bytes at \a offset, or nothing.
QByteArray readAt(QFile &file, quint64 offset, quint64 length)
{
    if (length > quint64(maxTableBytes) || offset > quint64(file.size()) || length > quint64(file.size()) - offset)
        return QByteArray();
    if (!file.seek(qint64(offset)))
        return QByteArray();
    const QByteArray bytes = file.read(qint64(length));
    return bytes.size() == qint64(length) ? bytes : QByteArray();
}

// Notes are padded to their section's alignment: 8 for .note.gnu.property and Qt's metadata,
// 4 for the build-id. mold puts both kinds in one PT_NOTE segment, so sections are read first.
QString buildIdFromNotes(const QByteArray &notes, quint64 alignment)
{
    const qint64 pad = alignment == 8 ? 7 : 3;
    qint64 offset = 0;
    while (offset + qint64(sizeof(Elf64_Nhdr)) <= notes.size()) {
        Elf64_Nhdr note;
        std::memcpy(&note, notes.constData() + offset, sizeof note);
        const qint64 nameAt = offset + qint64(sizeof note);
        const qint64 descAt = nameAt + ((qint64(note.n_namesz) + pad) & ~pad);
        const qint64 next = descAt + ((qint64(note.n_descsz) + pad) & ~pad);
        if (next > notes.size() || next <= offset)
            return QString();
        if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4
            && std::memcmp(notes.constData() + nameAt, "GNU", 4) == 0)
            return QString::fromLatin1(notes.mid(int(descAt), int(note.n_descsz)).toHex());
        offset = next;
    }
    return QString();
}

// The file offset of virtual address \a address, through the PT_LOAD segment holding it.
bool fileOffsetOf(const QVector<Elf64_Phdr> &segments, quint64 address, quint64 *offset)
{
    for (const Elf64_Phdr &p : segments) {
        if (p.p_type == PT_LOAD && address >= p.p_vaddr && address - p.p_vaddr < p.p_filesz) {
            *offset = p.p_offset + (address - p.p_vaddr);
            return true;
        }
    }
    return false;
}

} // namespace

// The build-id from the SHT_NOTE sections, each parsed with its own alignment.
QString buildIdFromSections(QFile &file, const Elf64_Ehdr &header)
{
    if (header.e_shentsize != sizeof(Elf64_Shdr))
        return QString();
    const QByteArray table = readAt(file, header.e_shoff, quint64(header.e_shnum) * sizeof(Elf64_Shdr));
    for (int i = 0; i * qint64(sizeof(Elf64_Shdr)) < table.size(); ++i) {
        Elf64_Shdr section;
        std::memcpy(&section, table.constData() + i * sizeof(Elf64_Shdr), sizeof section);
        if (section.sh_type != SHT_NOTE)
            continue;
        const QString id = buildIdFromNotes(readAt(file, section.sh_offset, section.sh_size), section.sh_addralign);
        if (!id.isEmpty())
            return id;
    }
    return QString();
}

ElfLinkInfo ElfLinkInfo::read(const QString &path)
{
    ElfLinkInfo info;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        info.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return info;
    }
    const QByteArray head = readAt(file, 0, sizeof(Elf64_Ehdr));
    Elf64_Ehdr header;
    if (head.isEmpty() || std::memcmp(head.constData(), ELFMAG, SELFMAG) != 0 || head[EI_CLASS] != ELFCLASS64) {
        info.error = QStringLiteral("%1 is not a 64-bit ELF file").arg(path);
        return info;
    }
    std::memcpy(&header, head.constData(), sizeof header);
    const QByteArray table = readAt(file, header.e_phoff, quint64(header.e_phnum) * sizeof(Elf64_Phdr));
    if (header.e_phentsize != sizeof(Elf64_Phdr) || table.isEmpty()) {
        info.error = QStringLiteral("%1 has no readable program headers").arg(path);
        return info;
    }
    QVector<Elf64_Phdr> segments(header.e_phnum);
    std::memcpy(segments.data(), table.constData(), size_t(table.size()));
    QByteArray dynamic;
    info.buildId = buildIdFromSections(file, header); // else from the segments (a stripped file)
    for (const Elf64_Phdr &p : std::as_const(segments)) {
        if (p.p_type == PT_NOTE && info.buildId.isEmpty())
            info.buildId = buildIdFromNotes(readAt(file, p.p_offset, p.p_filesz), p.p_align);
        else if (p.p_type == PT_DYNAMIC)
            dynamic = readAt(file, p.p_offset, p.p_filesz);
    }
    quint64 stringsAddress = 0;
    quint64 stringsSize = 0;
    QVector<Elf64_Dyn> entries(int(dynamic.size() / qint64(sizeof(Elf64_Dyn))));
    std::memcpy(entries.data(), dynamic.constData(), size_t(entries.size()) * sizeof(Elf64_Dyn));
    for (const Elf64_Dyn &entry : std::as_const(entries)) {
        if (entry.d_tag == DT_STRTAB)
            stringsAddress = entry.d_un.d_ptr;
        else if (entry.d_tag == DT_STRSZ)
            stringsSize = entry.d_un.d_val;
    }
    quint64 stringsOffset = 0;
    if (entries.isEmpty() || !fileOffsetOf(segments, stringsAddress, &stringsOffset))
        return info; // static, or no dynamic string table: nothing it links at run time
    const QByteArray strings = readAt(file, stringsOffset, stringsSize);
    const auto stringAt = [&](quint64 index) {
        if (index >= quint64(strings.size()))
            return QString();
        const char *start = strings.constData() + index;
        return QString::fromUtf8(start, int(qstrnlen(start, uint(quint64(strings.size()) - index))));
    };
    for (const Elf64_Dyn &entry : std::as_const(entries)) {
        if (entry.d_tag == DT_NEEDED)
            info.needed.append(stringAt(entry.d_un.d_val));
        else if (entry.d_tag == DT_SONAME)
            info.soname = stringAt(entry.d_un.d_val);
        else if (entry.d_tag == DT_RUNPATH || (entry.d_tag == DT_RPATH && info.runPath.isEmpty()))
            info.runPath = stringAt(entry.d_un.d_val).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        else if (entry.d_tag == DT_NULL)
            break;
    }
    return info;
}

} // namespace Relive
