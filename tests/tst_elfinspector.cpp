#include "requiretool.h"
#include "testsupport.h"

#include <relive/private/elfinspector.h>
#include <relive/private/librarymappings.h>

#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtTest/QtTest>
#include <QtWidgets/QWidget>

#include <elf.h>

#include <cstddef>
#include <cstring>

using namespace Relive;
using namespace TestSupport;

namespace {

// The static local of the fixture's uniqueCounter(), as g++ mangles it.
const char uniqueSymbol[] = "_ZZ13uniqueCountervE7counter";

/*! Where the dynamic loader found the library that defines \a symbol. */
QString libraryOf(const void *symbol)
{
    Dl_info info;
    if (!dladdr(symbol, &info) || !info.dli_fname)
        return QString();
    return QFile::decodeName(info.dli_fname);
}

/*! Defined UNIQUE dynamic symbols according to binutils, sorted; error set if readelf failed. */
QStringList readelfUniqueSymbols(const QString &path, QString *error)
{
    const QString readelf = QStandardPaths::findExecutable(QStringLiteral("readelf"));
    if (readelf.isEmpty()) {
        *error = QStringLiteral("readelf not found");
        return {};
    }
    QProcess process;
    process.start(readelf, {QStringLiteral("--dyn-syms"), QStringLiteral("-W"), path});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        *error = QStringLiteral("readelf failed: ") + QString::fromLocal8Bit(process.readAllStandardError());
        return {};
    }
    // "   Num:    Value          Size Type    Bind   Vis      Ndx Name"
    QStringList symbols;
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 8 || fields.at(4) != "UNIQUE" || fields.at(6) == "UND")
            continue;
        QByteArray name = fields.at(7);
        const int at = name.indexOf('@'); // version suffix
        if (at > 0)
            name.truncate(at);
        symbols.append(QString::fromLatin1(name));
    }
    symbols.sort();
    return symbols;
}

/*! A copy of \a bytes with the ELF header field at \a offset set to \a value. */
template<typename T>
QByteArray patched(QByteArray bytes, size_t offset, T value)
{
    if (bytes.size() >= qsizetype(offset + sizeof value))
        std::memcpy(bytes.data() + offset, &value, sizeof value);
    return bytes;
}

/*!
 * A copy of \a bytes in which the string table of the dynamic symbols has no bytes in the
 * file (SHT_NOBITS) and an offset far past its end. Empty if there is no such table.
 */
QByteArray withStringTableOutsideTheFile(QByteArray bytes)
{
    Elf64_Ehdr header;
    if (bytes.size() < qsizetype(sizeof header))
        return QByteArray();
    std::memcpy(&header, bytes.constData(), sizeof header);
    for (int i = 0; i < header.e_shnum; ++i) {
        Elf64_Shdr symbols;
        const qint64 at = qint64(header.e_shoff) + qint64(i) * qint64(sizeof symbols);
        if (at + qint64(sizeof symbols) > bytes.size())
            return QByteArray();
        std::memcpy(&symbols, bytes.constData() + at, sizeof symbols);
        if (symbols.sh_type != SHT_DYNSYM || symbols.sh_link >= header.e_shnum)
            continue;
        const qint64 stringsAt = qint64(header.e_shoff) + qint64(symbols.sh_link) * qint64(sizeof symbols);
        bytes = patched<quint32>(bytes, size_t(stringsAt + offsetof(Elf64_Shdr, sh_type)), SHT_NOBITS);
        return patched<quint64>(bytes, size_t(stringsAt + offsetof(Elf64_Shdr, sh_offset)), quint64(1) << 40);
    }
    return QByteArray();
}

} // namespace

class TestElfInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validLibraries_data();
    void validLibraries();
    void gnuUniqueFixture();
    void agreesWithReadelf_data();
    void agreesWithReadelf();
    void invalid_data();
    void invalid();
    void inspectingMapsNothing();
    void hugeFileIsRefusedByItsHeader();

private:
    BadInputs m_bad;
    QTemporaryDir m_dir;
    QByteArray m_plugin;
};

void TestElfInspector::initTestCase()
{
    QString why;
    QVERIFY2(m_bad.create(&why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    m_plugin = readFile(fixture("fixture_answer_v1"));
    QVERIFY(m_plugin.size() > qsizetype(sizeof(Elf64_Ehdr)));
}

void TestElfInspector::validLibraries_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("answer v1") << fixture("fixture_answer_v1");
    QTest::newRow("answer v2") << fixture("fixture_answer_v2");
    QTest::newRow("other IID") << fixture("fixture_other_iid");
    QTest::newRow("widget order") << fixture("fixture_widget_order");
    // Loading fails for this one, but the file itself is a complete library.
    QTest::newRow("unresolved") << fixture("fixture_unresolved");
    QTest::newRow("libm") << m_bad.path("libm");
}

// Built by relive_add_plugin (-fno-gnu-unique): a complete ELF library without UNIQUE symbols.
void TestElfInspector::validLibraries()
{
    QFETCH(QString, path);
    const ElfInspector inspector(path);
    QVERIFY2(inspector.isValid(), qPrintable(inspector.errorString()));
    QCOMPARE(inspector.errorString(), QString());
    QCOMPARE(inspector.uniqueSymbols(), QStringList());
}

void TestElfInspector::gnuUniqueFixture()
{
    if (!fixturesEmitGnuUnique)
        QSKIP("fixtures built by " RELIVE_FIXTURE_COMPILER ", which never emits STB_GNU_UNIQUE");
    const ElfInspector inspector(fixture("fixture_gnu_unique"));
    QVERIFY2(inspector.isValid(), qPrintable(inspector.errorString()));
    QVERIFY2(inspector.uniqueSymbols().contains(QLatin1String(uniqueSymbol)),
             qPrintable(inspector.uniqueSymbols().join(QLatin1Char(' '))));
}

// The symbol table as binutils reads it, on files this test did not build as well.
void TestElfInspector::agreesWithReadelf_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("gnu unique fixture") << fixture("fixture_gnu_unique");
    QTest::newRow("answer v1") << fixture("fixture_answer_v1");
    QTest::newRow("libm") << m_bad.path("libm");
    QTest::newRow("QtCore") << libraryOf(reinterpret_cast<const void *>(&qVersion));
    QTest::newRow("QtWidgets") << libraryOf(&QWidget::staticMetaObject);
}

void TestElfInspector::agreesWithReadelf()
{
    QFETCH(QString, path);
    QVERIFY2(!path.isEmpty() && QFileInfo::exists(path), qPrintable(path));
    QString error;
    const QStringList expected = readelfUniqueSymbols(path, &error);
    if (!error.isEmpty())
        RELIVE_MISSING_TOOL(QStringLiteral("no reference to compare with: ") + error);
    const ElfInspector inspector(path);
    QVERIFY2(inspector.isValid(), qPrintable(inspector.errorString()));
    QStringList found = inspector.uniqueSymbols();
    found.sort();
    found.removeDuplicates();
    QStringList reference = expected;
    reference.removeDuplicates();
    QCOMPARE(found, reference);
    if (path == fixture("fixture_gnu_unique") && fixturesEmitGnuUnique)
        QVERIFY(!found.isEmpty());
}

void TestElfInspector::invalid_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("phrase");

    const auto write = [this](const char *name, const QByteArray &bytes) {
        const QString path = m_dir.filePath(QLatin1String(name));
        return writeFile(path, bytes) ? path : QString();
    };
    const QByteArray &plugin = m_plugin;

    QTest::newRow("missing") << m_bad.path("missing") << QStringLiteral("file not found");
    QTest::newRow("directory") << m_bad.path("directory") << QStringLiteral("is a directory");
    QTest::newRow("empty") << m_bad.path("empty") << QStringLiteral("file is empty");
    QTest::newRow("random bytes") << m_bad.path("random bytes") << QStringLiteral("not an ELF shared library");
    // Issue 16: never opened (a pipe would wait for a writer, /dev/zero never ends), or too large to read.
    QTest::newRow("named pipe") << m_bad.path("named pipe") << QStringLiteral("not a regular file");
    QTest::newRow("link to /dev/zero") << m_bad.path("device") << QStringLiteral("not a regular file");
    QTest::newRow("socket") << m_bad.path("socket") << QStringLiteral("not a regular file");
    QTest::newRow("sparse 3 GB") << m_bad.path("sparse 3 GB") << QStringLiteral("too large");
    QTest::newRow("text") << write("a.so", "INPUT(-lm)\n") << QStringLiteral("not an ELF shared library");
    // A build writes the header first: a file cut short inside it is truncated, not foreign.
    QTest::newRow("magic only") << write("b.so", plugin.left(16)) << QStringLiteral("truncated");
    QTest::newRow("header only") << write("c.so", plugin.left(sizeof(Elf64_Ehdr))) << QStringLiteral("truncated");
    QTest::newRow("half") << m_bad.path("truncated plugin") << QStringLiteral("truncated");
    QTest::newRow("one byte short") << write("d.so", plugin.left(plugin.size() - 1)) << QStringLiteral("truncated");
    // Found by fuzz_elfinspector: unsigned offsets past 2^63 once turned negative and passed.
    QTest::newRow("section table offset past 2^63")
        << write("i.so", patched<quint64>(plugin, offsetof(Elf64_Ehdr, e_shoff), Q_UINT64_C(0xe004b999b80030e8)))
        << QStringLiteral("truncated");
    QTest::newRow("program table offset past 2^63")
        << write("j.so", patched<quint64>(plugin, offsetof(Elf64_Ehdr, e_phoff), Q_UINT64_C(0xfffffffffffffff0)))
        << QStringLiteral("truncated");
    // Only sections with bytes in the file are checked against its size.
    QTest::newRow("string table without bytes") << write("k.so", withStringTableOutsideTheFile(plugin))
                                                << QStringLiteral("dynamic symbol table without string table");
    QTest::newRow("32-bit") << write("e.so", patched<quint8>(plugin, EI_CLASS, ELFCLASS32))
                            << QStringLiteral("not a 64-bit ELF file");
    QTest::newRow("executable") << write("f.so", patched<quint16>(plugin, offsetof(Elf64_Ehdr, e_type), ET_EXEC))
                                << QStringLiteral("not a shared library");
    QTest::newRow("object file") << write("g.so", patched<quint16>(plugin, offsetof(Elf64_Ehdr, e_type), ET_REL))
                                 << QStringLiteral("not a shared library");
#if defined(__x86_64__)
    QTest::newRow("other machine") << write("h.so", patched<quint16>(plugin, offsetof(Elf64_Ehdr, e_machine), EM_AARCH64))
                                   << QStringLiteral("built for another machine (ELF machine");
#elif defined(__aarch64__)
    QTest::newRow("other machine") << write("h.so", patched<quint16>(plugin, offsetof(Elf64_Ehdr, e_machine), EM_X86_64))
                                   << QStringLiteral("built for another machine (ELF machine");
#endif
}

void TestElfInspector::invalid()
{
    QFETCH(QString, path);
    QFETCH(QString, phrase);
    QVERIFY2(!path.isEmpty(), "could not write the input");

    const ElfInspector inspector(path);
    QVERIFY(!inspector.isValid());
    QVERIFY2(inspector.errorString().contains(phrase),
             qPrintable(QStringLiteral("\"%1\" does not say \"%2\"").arg(inspector.errorString(), phrase)));
    QCOMPARE(inspector.uniqueSymbols(), QStringList());

    // Each kind of problem has its own message.
    const QStringList phrases = {
        QStringLiteral("file not found"), QStringLiteral("is a directory"), QStringLiteral("file is empty"),
        QStringLiteral("not an ELF shared library"), QStringLiteral("truncated"), QStringLiteral("not a 64-bit ELF file"),
        QStringLiteral("not a shared library"), QStringLiteral("built for another machine (ELF machine"),
        QStringLiteral("not a regular file"), QStringLiteral("too large"),
    };
    for (const QString &other : phrases) {
        if (other != phrase)
            QVERIFY2(!inspector.errorString().contains(other),
                     qPrintable(QStringLiteral("\"%1\" also says \"%2\"").arg(inspector.errorString(), other)));
    }
}

// Issue 16: a file of 1.9 GB (under the size limit) that is no ELF file is refused from its
// first bytes, in well under a second, with the memory flat.
void TestElfInspector::hugeFileIsRefusedByItsHeader()
{
    const QString path = m_dir.filePath(QStringLiteral("huge.so"));
    QVERIFY(writeFile(path, QByteArray()) && QFile(path).resize(hugeSparseSize));
    const qint64 before = resetPeakRssKb();
    QVERIFY2(before > 0, "/proc/self/status has no VmHWM");
    const ElfInspector inspector(path);
    const qint64 grownKb = peakRssKb() - before;
    QFile::remove(path);
    QVERIFY2(inspector.errorString().contains(QStringLiteral("not an ELF shared library (no ELF header)")),
             qPrintable(inspector.errorString()));
    QCOMPARE(int(inspector.failure()), int(FailureKind::NotAnElfLibrary));
    QVERIFY2(grownKb < 50 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 kB").arg(grownKb)));
}

// The inspector reads bytes: it must not hand the file to the dynamic loader.
void TestElfInspector::inspectingMapsNothing()
{
    const QString path = fixture("fixture_widget_order");
    qApp->setProperty("orderLog", QVariant());
    const ElfInspector inspector(path);
    QVERIFY(inspector.isValid());
    QVERIFY(!LibraryMappings::isMapped(path));
    QVERIFY(!LibraryMappings::isLoaderResident(path));
    QCOMPARE(qApp->property("orderLog").toStringList(), QStringList());
}

QTEST_MAIN(TestElfInspector)
#include "tst_elfinspector.moc"
