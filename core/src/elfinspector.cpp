#include "relive/private/elfinspector.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <elf.h>

#include <cstring>

namespace Relive {

namespace {

#if defined(__x86_64__)
constexpr int hostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr int hostMachine = EM_AARCH64;
#else
constexpr int hostMachine = -1; // unknown: do not check
#endif

bool fits(qint64 offset, qint64 length, qint64 size)
{
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
}

Elf64_Shdr sectionAt(const QByteArray &image, const Elf64_Ehdr &header, int index)
{
    Elf64_Shdr s;
    std::memcpy(&s, image.constData() + header.e_shoff + qint64(index) * sizeof(Elf64_Shdr), sizeof s);
    return s;
}

// The ELF header, checked against this machine and the file's size; false with *error set.
bool readHeader(const QByteArray &image, Elf64_Ehdr *header, QString *error)
{
    const qint64 size = image.size();
    const char *data = image.constData();
    if (size == 0) {
        *error = QStringLiteral("file is empty (0 bytes): the build may still be writing it");
        return false;
    }
    if (size < SELFMAG || std::memcmp(data, ELFMAG, SELFMAG) != 0) {
        *error = QStringLiteral("not an ELF shared library (no ELF header)");
        return false;
    }
    if (size < qint64(sizeof(Elf64_Ehdr))) {
        *error = QStringLiteral("truncated: %1 bytes, not even a whole ELF header "
                                 "(still being written, or cut short)").arg(size);
        return false;
    }
    if (data[EI_CLASS] != ELFCLASS64) {
        *error = QStringLiteral("not a 64-bit ELF file: built for another machine");
        return false;
    }
    std::memcpy(header, data, sizeof *header);
    if (header->e_type != ET_DYN) {
        *error = QStringLiteral("not a shared library (ELF type %1): build it as a MODULE library").arg(header->e_type);
        return false;
    }
    if (hostMachine >= 0 && header->e_machine != hostMachine) {
        *error = QStringLiteral("built for another machine (ELF machine %1)").arg(header->e_machine);
        return false;
    }
    return true;
}

// The section and program tables lie inside a file of \a size bytes.
bool checkTables(const Elf64_Ehdr &header, qint64 size, QString *error)
{
    // The offsets are unsigned 64-bit: checked on their own first, so that one past 2^63
    // cannot turn negative in the sums below and pass.
    const quint64 tableOffset = qMax(header.e_shoff, header.e_phoff);
    if (tableOffset > quint64(size)) {
        *error = QStringLiteral("truncated: %1 bytes, but its ELF header needs at least %2 "
                                 "(still being written, or cut short)").arg(size).arg(tableOffset);
        return false;
    }
    const qint64 sectionTableEnd = qint64(header.e_shoff) + qint64(header.e_shnum) * header.e_shentsize;
    const qint64 programTableEnd = qint64(header.e_phoff) + qint64(header.e_phnum) * header.e_phentsize;
    const qint64 needed = qMax(sectionTableEnd, programTableEnd);
    if (needed > size) {
        *error = QStringLiteral("truncated: %1 bytes, but its ELF header needs at least %2 "
                                 "(still being written, or cut short)").arg(size).arg(needed);
        return false;
    }
    if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0) {
        *error = QStringLiteral("malformed ELF file: no usable section table");
        return false;
    }
    return true;
}

// Every section with bytes lies inside a file of \a size bytes; \a table holds the section table at header.e_shoff.
bool checkSectionBounds(const QByteArray &table, const Elf64_Ehdr &header, qint64 size, QString *error)
{
    for (int i = 0; i < header.e_shnum; ++i) {
        const Elf64_Shdr s = sectionAt(table, header, i);
        if (s.sh_type != SHT_NOBITS && !fits(qint64(s.sh_offset), qint64(s.sh_size), size)) {
            *error = QStringLiteral("truncated: section %1 ends past the end of the file (%2 bytes)").arg(i).arg(size);
            return false;
        }
    }
    return true;
}

// The section and program tables, and every section with bytes, lie inside the file.
bool checkSections(const QByteArray &image, const Elf64_Ehdr &header, QString *error)
{
    return checkTables(header, image.size(), error) && checkSectionBounds(image, header, image.size(), error);
}

// The defined STB_GNU_UNIQUE symbols of one dynamic symbol table, appended to \a names.
void readUniqueSymbols(const QByteArray &image, const Elf64_Shdr &symbols, const Elf64_Shdr &strings, QStringList *names)
{
    const char *data = image.constData();
    const qint64 count = qint64(symbols.sh_size / sizeof(Elf64_Sym));
    for (qint64 n = 0; n < count; ++n) {
        Elf64_Sym sym;
        std::memcpy(&sym, data + symbols.sh_offset + n * sizeof(Elf64_Sym), sizeof sym);
        if (ELF64_ST_BIND(sym.st_info) != STB_GNU_UNIQUE || sym.st_shndx == SHN_UNDEF)
            continue;
        if (sym.st_name >= strings.sh_size)
            continue;
        const char *name = data + strings.sh_offset + sym.st_name;
        const qint64 room = qint64(strings.sh_size - sym.st_name);
        names->append(QString::fromLatin1(name, int(qstrnlen(name, uint(room)))));
    }
}

} // namespace

ElfInspector::ElfInspector(const QString &path, const InputFile::Limits &limits)
{
    InputFile file(path, limits);
    if (!file.open()) {
        m_error = file.errorString();
        m_failure = file.failure();
        return;
    }
    if (!inspectHead(file))
        return;
    const QByteArray image = file.readAll();
    if (!file.errorString().isEmpty()) {
        m_error = file.errorString();
        m_failure = file.failure();
        return;
    }
    inspect(image);
}

ElfInspector::ElfInspector(const QByteArray &image)
{
    inspect(image);
}

QByteArray ElfInspector::readImage(const QString &path, QString *errorString)
{
    InputFile file(path);
    const QByteArray image = file.open() ? file.readAll() : QByteArray();
    *errorString = file.errorString();
    return image;
}

QString ElfInspector::checkHead(InputFile &file, FailureKind *kind)
{
    ElfInspector head;
    head.inspectHead(file);
    *kind = head.failure();
    return head.m_error;
}

// The header and the section table only, each read on its own: a few kB whatever the file.
bool ElfInspector::inspectHead(InputFile &file)
{
    const auto readFailed = [&] {
        m_error = file.errorString();
        m_failure = file.failure();
        return false;
    };
    // Shorter only when the file is: readHeader() then says "empty" or "truncated".
    const QByteArray head = file.read(0, qMin(file.size(), qint64(sizeof(Elf64_Ehdr))));
    if (!file.errorString().isEmpty())
        return readFailed();
    Elf64_Ehdr header;
    if (!readHeader(head, &header, &m_error) || !checkTables(header, file.size(), &m_error))
        return false;
    const QByteArray table = file.read(qint64(header.e_shoff), qint64(header.e_shnum) * qint64(sizeof(Elf64_Shdr)));
    if (!file.errorString().isEmpty())
        return readFailed();
    Elf64_Ehdr inTable = header;
    inTable.e_shoff = 0; // the table is read on its own
    return checkSectionBounds(table, inTable, file.size(), &m_error);
}

void ElfInspector::inspect(const QByteArray &image)
{
    Elf64_Ehdr header;
    if (!readHeader(image, &header, &m_error) || !checkSections(image, header, &m_error))
        return;
    const auto section = [&](int index) { return sectionAt(image, header, index); };
    for (int i = 0; i < header.e_shnum; ++i) {
        const Elf64_Shdr notes = section(i);
        if (notes.sh_type == SHT_NOTE)
            readQtNote(image.constData() + notes.sh_offset, qint64(notes.sh_size));
    }
    for (int i = 0; i < header.e_shnum; ++i) {
        const Elf64_Shdr symbols = section(i);
        if (symbols.sh_type != SHT_DYNSYM || symbols.sh_entsize != sizeof(Elf64_Sym))
            continue;
        // Only sections with bytes in the file were checked against its size.
        const Elf64_Shdr strings = symbols.sh_link < header.e_shnum ? section(int(symbols.sh_link)) : Elf64_Shdr{};
        if (symbols.sh_link >= header.e_shnum || strings.sh_type == SHT_NOBITS) {
            m_error = QStringLiteral("malformed ELF file: dynamic symbol table without string table");
            return;
        }
        readUniqueSymbols(image, symbols, strings, &m_uniqueSymbols);
    }
}

void ElfInspector::readQtNote(const char *notes, qint64 size)
{
    // Qt 6 keeps its plugin metadata in a note owned by "qt-project!"; the payload starts with
    // a format byte, then the Qt major and minor it was built with. Qt 5 cannot read it, so
    // this is how a Qt 5 host can still say what such a file is.
    static const QByteArray owner("qt-project!");
    qint64 offset = 0;
    while (offset + qint64(sizeof(Elf64_Nhdr)) <= size) {
        Elf64_Nhdr note;
        std::memcpy(&note, notes + offset, sizeof note);
        const qint64 nameAt = offset + qint64(sizeof note);
        const qint64 descAt = nameAt + ((qint64(note.n_namesz) + 3) & ~qint64(3));
        const qint64 next = descAt + ((qint64(note.n_descsz) + 3) & ~qint64(3));
        if (next > size || next <= offset)
            return;
        if (note.n_namesz == quint32(owner.size() + 1) && owner == QByteArray(notes + nameAt, int(owner.size()))
            && note.n_descsz >= 3) {
            const auto *payload = reinterpret_cast<const unsigned char *>(notes + descAt);
            m_qtNoteVersion = (int(payload[1]) << 16) | (int(payload[2]) << 8);
            return;
        }
        offset = next;
    }
}

} // namespace Relive