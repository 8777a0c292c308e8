// AtomicFile on real files in a temporary folder: a whole new file or the old one, never a
// part; the permissions a file had or was given; a full disk simulated with RLIMIT_FSIZE.
#include "testfiles.h"
#include "filesizelimit.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

using Relive::AtomicFile;

namespace {

void writeInPlace(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    QCOMPARE(file.write(bytes), qint64(bytes.size()));
}

// The permission bits as the file system has them.
mode_t modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : mode_t(-1);
}

void setMode(const QString &path, mode_t mode)
{
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode), 0);
}


} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void replacesTheWholeFile();
    void newFileGetsTheDefaultPermissions();
    void keepsThePermissionsOfTheFileItReplaces();
    void givenPermissions();
    void fullDiskLeavesTheOriginal_data();
    void fullDiskLeavesTheOriginal();
    void missingFolder();

private:
    QString path(const QString &name) const { return m_folder->filePath(name); }
    QStringList entries() const { return QDir(m_folder->path()).entryList(QDir::Files | QDir::Hidden); }

    QScopedPointer<QTemporaryDir> m_folder;
};

void TestAtomicFile::init()
{
    m_folder.reset(new QTemporaryDir);
    QVERIFY(m_folder->isValid());
}

void TestAtomicFile::replacesTheWholeFile()
{
    const QString file = path(QStringLiteral("a.txt"));
    writeInPlace(file, "original, and longer than what replaces it\n");
    AtomicFile atomic(file);
    QCOMPARE(atomic.path(), file);
    QVERIFY2(atomic.write("new\n"), qPrintable(atomic.errorString()));
    QCOMPARE(TestFiles::readFile(file), QByteArray("new\n"));
    QCOMPARE(atomic.errorString(), QString());
    // No temporary file is left beside it.
    QCOMPARE(entries(), QStringList{QStringLiteral("a.txt")});
}

void TestAtomicFile::newFileGetsTheDefaultPermissions()
{
    const mode_t umask = ::umask(022);
    ::umask(umask);
    const QString file = path(QStringLiteral("new.txt"));
    QVERIFY(Relive::writeFileAtomically(file, "hello\n"));
    QCOMPARE(TestFiles::readFile(file), QByteArray("hello\n"));
    QCOMPARE(modeOf(file), mode_t(0666 & ~umask));
}

void TestAtomicFile::keepsThePermissionsOfTheFileItReplaces()
{
    for (const mode_t mode : {mode_t(0600), mode_t(0640), mode_t(0755)}) {
        const QString file = path(QStringLiteral("kept-%1").arg(mode, 0, 8));
        writeInPlace(file, "original\n");
        setMode(file, mode);
        QString error;
        QVERIFY2(Relive::writeFileAtomically(file, "replaced\n", &error), qPrintable(error));
        QCOMPARE(TestFiles::readFile(file), QByteArray("replaced\n"));
        QCOMPARE(modeOf(file), mode);
    }
}

void TestAtomicFile::givenPermissions()
{
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QString fresh = path(QStringLiteral("secret-new"));
    QVERIFY(Relive::writeFileAtomically(fresh, "secret\n", ownerOnly));
    QCOMPARE(modeOf(fresh), mode_t(0600));

    // Given permissions win over those of the file it replaces.
    const QString replaced = path(QStringLiteral("secret-replaced"));
    writeInPlace(replaced, "readable by all\n");
    setMode(replaced, 0644);
    AtomicFile atomic(replaced);
    atomic.setPermissions(ownerOnly);
    QVERIFY2(atomic.write("secret\n"), qPrintable(atomic.errorString()));
    QCOMPARE(TestFiles::readFile(replaced), QByteArray("secret\n"));
    QCOMPARE(modeOf(replaced), mode_t(0600));
}

void TestAtomicFile::fullDiskLeavesTheOriginal_data()
{
    // Each more than the few bytes the simulated full disk lets through.
    QTest::addColumn<QByteArray>("newContents");
    // QSaveFile's write() keeps it all in its buffer: only the flush can fail. QSaveFile::commit()
    // alone renames even then (Qt 6.4.2), which left 4 bytes over the original.
    QTest::newRow("within the write buffer") << QByteArray("new contents, more than four bytes\n");
    // write() itself goes to the file and fails.
    QTest::newRow("beyond the write buffer") << QByteArray(64 * 1024, 'x');
}

void TestAtomicFile::fullDiskLeavesTheOriginal()
{
    QFETCH(QByteArray, newContents);
    const QString file = path(QStringLiteral("precious.txt"));
    const QByteArray original = "original contents\n";
    writeInPlace(file, original);
    setMode(file, 0640);

    AtomicFile atomic(file);
    QString error;
    {
        const TestSupport::FileSizeLimit diskFull(4); // fewer bytes than either contents
        QVERIFY2(diskFull.isSet(), "setrlimit(RLIMIT_FSIZE) failed");
        QVERIFY(!atomic.write(newContents));
        QVERIFY(!Relive::writeFileAtomically(file, newContents, &error));
    }
    QCOMPARE(TestFiles::readFile(file), original);
    QCOMPARE(modeOf(file), mode_t(0640));
    QCOMPARE(entries(), QStringList{QStringLiteral("precious.txt")});
    // The system gives no reason for a write cut short; the message names the likely one.
    QCOMPARE(atomic.systemError(), QString());
    QVERIFY2(atomic.errorString().contains(QStringLiteral("disk is full")), qPrintable(atomic.errorString()));
    QCOMPARE(error, atomic.errorString());

    // Once there is room again, the same write goes through, with the same permissions.
    QVERIFY2(atomic.write(newContents), qPrintable(atomic.errorString()));
    QCOMPARE(TestFiles::readFile(file), newContents);
    QCOMPARE(modeOf(file), mode_t(0640));
    QCOMPARE(atomic.errorString(), QString());
}

void TestAtomicFile::missingFolder()
{
    const QString file = path(QStringLiteral("gone/a.txt"));
    AtomicFile atomic(file);
    QVERIFY(!atomic.write("text\n"));
    QVERIFY2(!atomic.systemError().isEmpty(), "the system says why a file cannot be made there");
    QCOMPARE(atomic.errorString(), atomic.systemError());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("gone"))));
    QVERIFY(entries().isEmpty());
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
