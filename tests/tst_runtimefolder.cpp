#include <relive/runtimefolder.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Relive;

namespace {

int modeOf(const QString &path)
{
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

/*! The id of a process that existed a moment ago and is gone now (reaped). */
qint64 deadPid()
{
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    if (child < 0)
        return -1;
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

bool makeFolderWithFile(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    QFile file(path + QStringLiteral("/answer.g1.so"));
    return file.open(QIODevice::WriteOnly) && file.write("x") == 1;
}

} // namespace

class TestRuntimeFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsPrivateFolderPerProcess();
    void makesAnOpenParentPrivate();
    void removedOnDestruction();
    void foldersOfOneProcessAreDistinct();
    void shadowPath_data();
    void shadowPath();
    void staleFoldersOfDeadProcessesAreRemoved();
    void constructionRemovesStaleFolders();
    void somethingInTheWay();
    void defaultBase();
};

void TestRuntimeFolder::createsPrivateFolderPerProcess()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString base = tmp.filePath(QStringLiteral("relive")); // does not exist yet
    RuntimeFolder folder(base);
    QVERIFY2(folder.isValid(), qPrintable(folder.errorString()));
    QCOMPARE(folder.errorString(), QString());
    QCOMPARE(QFileInfo(folder.path()).absolutePath(), QFileInfo(base).absoluteFilePath());
    QVERIFY(QFileInfo(folder.path()).isDir());
    QCOMPARE(modeOf(base), 0700);
    QCOMPARE(modeOf(folder.path()), 0700);
    // Named after this process, so that a later process can tell whether it is still alive.
    const QString name = QFileInfo(folder.path()).fileName();
    QVERIFY2(name.startsWith(QString::number(::getpid()) + QLatin1Char('-')), qPrintable(name));
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(folder.path()).constData(), &st), 0);
    QCOMPARE(st.st_uid, ::getuid());
}

void TestRuntimeFolder::makesAnOpenParentPrivate()
{
    QTemporaryDir tmp;
    const QString base = tmp.filePath(QStringLiteral("relive"));
    QVERIFY(QDir().mkdir(base));
    QVERIFY(QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QCOMPARE(modeOf(base), 0755);
    RuntimeFolder folder(base);
    QVERIFY2(folder.isValid(), qPrintable(folder.errorString()));
    QCOMPARE(modeOf(base), 0700);
}

void TestRuntimeFolder::removedOnDestruction()
{
    QTemporaryDir tmp;
    QString path;
    {
        RuntimeFolder folder(tmp.path());
        QVERIFY2(folder.isValid(), qPrintable(folder.errorString()));
        path = folder.path();
        QVERIFY(makeFolderWithFile(path + QStringLiteral("/sub")));
        QFile shadow(folder.shadowPathFor(QStringLiteral("answer"), 1));
        QVERIFY(shadow.open(QIODevice::WriteOnly));
        QVERIFY(shadow.write("ELF") == 3);
    }
    QVERIFY2(!QFileInfo::exists(path), qPrintable(path + QStringLiteral(" survived its RuntimeFolder")));
    QVERIFY(QFileInfo::exists(tmp.path())); // the shared parent stays
}

void TestRuntimeFolder::foldersOfOneProcessAreDistinct()
{
    QTemporaryDir tmp;
    RuntimeFolder first(tmp.path());
    RuntimeFolder second(tmp.path());
    QVERIFY(first.isValid() && second.isValid());
    QVERIFY(first.path() != second.path());
    QVERIFY(first.shadowPathFor(QStringLiteral("answer"), 1) != second.shadowPathFor(QStringLiteral("answer"), 1));
}

void TestRuntimeFolder::shadowPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("generation");
    QTest::addColumn<QString>("fileName");

    QTest::newRow("plain") << QStringLiteral("answer") << 1 << QStringLiteral("answer.g1.so");
    QTest::newRow("two digits") << QStringLiteral("answer") << 12 << QStringLiteral("answer.g12.so");
    QTest::newRow("dots and dashes") << QStringLiteral("my-plugin.v2") << 3 << QStringLiteral("my-plugin.v2.g3.so");
    QTest::newRow("slash") << QStringLiteral("a/b") << 2 << QStringLiteral("a_b.g2.so");
    QTest::newRow("parent") << QStringLiteral("../evil") << 1 << QStringLiteral("_.._evil.g1.so");
    QTest::newRow("hidden") << QStringLiteral(".hidden") << 4 << QStringLiteral("_.hidden.g4.so");
    QTest::newRow("space") << QStringLiteral("my plugin") << 5 << QStringLiteral("my_plugin.g5.so");
}

// <name>.g<N>.so, always inside the folder, whatever the metadata's Name says.
void TestRuntimeFolder::shadowPath()
{
    QFETCH(QString, name);
    QFETCH(int, generation);
    QFETCH(QString, fileName);

    QTemporaryDir tmp;
    RuntimeFolder folder(tmp.path());
    QVERIFY(folder.isValid());
    const QString path = folder.shadowPathFor(name, generation);
    QCOMPARE(path, folder.path() + QLatin1Char('/') + fileName);
    QCOMPARE(QFileInfo(path).absolutePath(), folder.path());
}

void TestRuntimeFolder::staleFoldersOfDeadProcessesAreRemoved()
{
    QTemporaryDir tmp;
    const QString base = tmp.path();
    const qint64 dead = deadPid();
    QVERIFY(dead > 0);
    QVERIFY2(::kill(pid_t(dead), 0) != 0 && errno == ESRCH, "the reaped child still exists");

    const QString stale = QStringLiteral("%1/%2-Ab3dE9").arg(base).arg(dead);
    const QString ours = QStringLiteral("%1/%2-zzzzzz").arg(base).arg(::getpid());
    const QString init = QStringLiteral("%1/1-aaaaaa").arg(base); // pid 1 always exists
    const QString notAProcess = QStringLiteral("%1/notes").arg(base);
    const QString otherPattern = QStringLiteral("%1/%2-abc").arg(base).arg(dead);
    for (const QString &path : {stale, ours, init, notAProcess, otherPattern})
        QVERIFY(makeFolderWithFile(path));
    QFile file(QStringLiteral("%1/%2-fileee").arg(base).arg(dead)); // a file, not a folder
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    QCOMPARE(RuntimeFolder::removeStale(base), 1);
    QVERIFY2(!QFileInfo::exists(stale), "the folder of a dead process was kept");
    QVERIFY2(QFileInfo::exists(ours), "the folder of this (live) process was removed");
    QVERIFY2(QFileInfo::exists(init), "the folder of a live process (pid 1) was removed");
    QVERIFY2(QFileInfo::exists(notAProcess), "a folder not named like a process folder was removed");
    QVERIFY2(QFileInfo::exists(otherPattern), "a folder not named like a process folder was removed");
    QVERIFY(QFileInfo::exists(file.fileName()));
    QCOMPARE(RuntimeFolder::removeStale(base), 0);
}

void TestRuntimeFolder::constructionRemovesStaleFolders()
{
    QTemporaryDir tmp;
    const qint64 dead = deadPid();
    QVERIFY(dead > 0);
    const QString stale = QStringLiteral("%1/%2-qwerty").arg(tmp.path()).arg(dead);
    QVERIFY(makeFolderWithFile(stale));
    RuntimeFolder folder(tmp.path());
    QVERIFY(folder.isValid());
    QVERIFY2(!QFileInfo::exists(stale), "a new RuntimeFolder left a dead process's folder behind");
    QVERIFY(QFileInfo::exists(folder.path()));
}

void TestRuntimeFolder::somethingInTheWay()
{
    QTemporaryDir tmp;
    const QString base = tmp.filePath(QStringLiteral("relive"));
    QFile file(base);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    RuntimeFolder folder(base);
    QVERIFY(!folder.isValid());
    QCOMPARE(folder.path(), QString());
    QVERIFY2(folder.errorString().contains(QStringLiteral("not a folder")), qPrintable(folder.errorString()));

    const QString link = tmp.filePath(QStringLiteral("link"));
    QVERIFY(QFile::link(tmp.path(), link));
    RuntimeFolder linked(link);
    QVERIFY2(!linked.isValid(), "a symbolic link was accepted as the private parent folder");
    QVERIFY2(linked.errorString().contains(QStringLiteral("not a folder")), qPrintable(linked.errorString()));
}

void TestRuntimeFolder::defaultBase()
{
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    const bool hadIt = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
    QTemporaryDir tmp;

    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(tmp.path()));
    const QString withXdg = RuntimeFolder::defaultBase();
    qunsetenv("XDG_RUNTIME_DIR");
    const QString withoutXdg = RuntimeFolder::defaultBase();
    if (hadIt)
        qputenv("XDG_RUNTIME_DIR", saved);

    QCOMPARE(withXdg, tmp.path() + QStringLiteral("/relive"));
    QCOMPARE(withoutXdg, QStringLiteral("%1/relive-%2").arg(QDir::tempPath()).arg(::getuid()));
}

QTEST_MAIN(TestRuntimeFolder)
#include "tst_runtimefolder.moc"
