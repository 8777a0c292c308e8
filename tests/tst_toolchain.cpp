// Toolchain detection on this machine: scripts/install-deps.sh installs clang, g++, mold, lld
// and ccache, so the fast path must be found, and each choice must reach CMake's arguments.
#include "requiretool.h"

#include <relive/private/linkerjob.h>
#include <relive/toolchain.h>

#include <QtCore/QFileInfo>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace Relive;

namespace {

bool installed(const char *program)
{
    return !QStandardPaths::findExecutable(QLatin1String(program)).isEmpty();
}

QString argumentValue(const QStringList &arguments, const QString &name)
{
    const QString prefix = QStringLiteral("-D") + name + QLatin1Char('=');
    for (const QString &argument : arguments) {
        if (argument.startsWith(prefix))
            return argument.mid(prefix.size());
    }
    return QString();
}

// Runs \a command in \a directory; false unless it exited with 0.
bool run(const QStringList &command, const QString &directory)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(command.constFirst(), command.mid(1));
    return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A small shared library's object in \a directory (a.o), built by \a compiler.
bool writeObject(const QString &directory, const QString &compiler)
{
    QFile source(directory + QStringLiteral("/a.cpp"));
    if (!source.open(QIODevice::WriteOnly))
        return false;
    source.write("#include <string>\nstd::string reliveName(int n) { return std::to_string(n) + \" live\"; }\n");
    source.close();
    return run({compiler, QStringLiteral("-fPIC"), QStringLiteral("-c"), QStringLiteral("a.cpp"), QStringLiteral("-o"),
                QStringLiteral("a.o")}, directory);
}

QStringList sharedLink(const QString &driver, const QString &output)
{
    return {driver, QStringLiteral("-fPIC"), QStringLiteral("-fuse-ld=mold"), QStringLiteral("-Xlinker"),
            QStringLiteral("--build-id"), QStringLiteral("-shared"), QStringLiteral("-o"), output, QStringLiteral("a.o")};
}

bool mentions(const QStringList &arguments, const QString &name)
{
    const QString prefix = QStringLiteral("-D") + name + QLatin1Char('=');
    for (const QString &argument : arguments) {
        if (argument.startsWith(prefix))
            return true;
    }
    return false;
}

} // namespace

class TestToolchain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void prefersClang();
    void gccWhenClangIsNotPreferred();
    void fastLinker();
    void noFastLinkerWhenNotWanted();
    void launcher();
    void launcherByName();
    void findLauncher_data();
    void findLauncher();
    void argumentsMatchDescription_data();
    void argumentsMatchDescription();
    void cmakeDefaults();
    void json();
    void linkerJobOfClang();
    void gccKeepsItsDriver();
    void jobWords_data();
    void jobWords();
};

void TestToolchain::initTestCase()
{
    for (const char *program : {"clang++", "g++", "ccache", "mold", "ld.lld"}) {
        if (!installed(program))
            RELIVE_MISSING_TOOL(QStringLiteral("%1 is not installed: run scripts/install-deps.sh").arg(QLatin1String(program)));
    }
}

void TestToolchain::prefersClang()
{
    const Toolchain toolchain = Toolchain::detect();
    QVERIFY2(QFileInfo(toolchain.cxxCompiler).isAbsolute(), qPrintable(toolchain.cxxCompiler));
    QCOMPARE(QFileInfo(toolchain.cxxCompiler).fileName(), QStringLiteral("clang++"));
    QVERIFY(QFileInfo(toolchain.cxxCompiler).isExecutable());
    QVERIFY(toolchain.pch);
    QVERIFY2(!toolchain.compilerVersion().isEmpty(), qPrintable(toolchain.describe()));
    QVERIFY2(toolchain.describe().startsWith(QStringLiteral("clang++ ") + toolchain.compilerVersion()),
             qPrintable(toolchain.describe()));
}

void TestToolchain::gccWhenClangIsNotPreferred()
{
    Toolchain::Preferences preferences;
    preferences.preferClang = false;
    preferences.usePch = false;
    const Toolchain toolchain = Toolchain::detect(preferences);
    QCOMPARE(QFileInfo(toolchain.cxxCompiler).fileName(), QStringLiteral("g++"));
    QVERIFY(QFileInfo(toolchain.cxxCompiler).isAbsolute());
    QVERIFY(!toolchain.pch);
    QVERIFY2(toolchain.describe().contains(QStringLiteral("no PCH")), qPrintable(toolchain.describe()));
}

void TestToolchain::fastLinker()
{
    // Both are installed, and each compiler must really link with the one chosen.
    for (const bool clang : {true, false}) {
        Toolchain::Preferences preferences;
        preferences.preferClang = clang;
        const Toolchain toolchain = Toolchain::detect(preferences);
        QVERIFY2(toolchain.linker == QLatin1String("mold") || toolchain.linker == QLatin1String("lld"),
                 qPrintable(toolchain.cxxCompiler + QStringLiteral(": linker '") + toolchain.linker + QLatin1Char('\'')));
        // Cached per process: the second call does not link again and says the same.
        QCOMPARE(Toolchain::detect(preferences).linker, toolchain.linker);
    }
}

void TestToolchain::noFastLinkerWhenNotWanted()
{
    Toolchain::Preferences preferences;
    preferences.useFastLinker = false;
    const Toolchain toolchain = Toolchain::detect(preferences);
    QCOMPARE(toolchain.linker, QString());
    QVERIFY(!toolchain.configureArguments().join(QLatin1Char(' ')).contains(QStringLiteral("-fuse-ld")));
    QVERIFY2(toolchain.describe().contains(QStringLiteral("default linker")), qPrintable(toolchain.describe()));
}

void TestToolchain::launcher()
{
    Toolchain::Preferences automatic;
    const Toolchain withCcache = Toolchain::detect(automatic);
    QCOMPARE(QFileInfo(withCcache.launcher).fileName(), QStringLiteral("ccache"));
    QVERIFY(QFileInfo(withCcache.launcher).isAbsolute());
    QVERIFY2(withCcache.describe().endsWith(QStringLiteral(", ccache")), qPrintable(withCcache.describe()));

    Toolchain::Preferences none;
    none.launcher = QString();
    const Toolchain withoutLauncher = Toolchain::detect(none);
    QCOMPARE(withoutLauncher.launcher, QString());
    QVERIFY(!mentions(withoutLauncher.configureArguments(), QStringLiteral("CMAKE_CXX_COMPILER_LAUNCHER")));
    QVERIFY2(!withoutLauncher.describe().contains(QStringLiteral("ccache")), qPrintable(withoutLauncher.describe()));
}

void TestToolchain::launcherByName()
{
    Toolchain::Preferences named;
    named.launcher = QStringLiteral("ccache");
    QCOMPARE(Toolchain::detect(named).launcher, QStandardPaths::findExecutable(QStringLiteral("ccache")));

    Toolchain::Preferences missing;
    missing.launcher = QStringLiteral("no-such-launcher-relive");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no-such-launcher-relive.*not found")));
    QCOMPARE(Toolchain::detect(missing).launcher, QString());
}

// The values of `relive-cli watch --launcher` and the app's Build → Compiler Launcher menu.
void TestToolchain::findLauncher_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected"); // "<script>" is the executable script below
    const QString ccache = QStandardPaths::findExecutable(QStringLiteral("ccache"));
    QTest::newRow("auto") << QStringLiteral("auto") << ccache;
    QTest::newRow("none") << QStringLiteral("none") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("by name") << QStringLiteral("ccache") << ccache;
    QTest::newRow("not installed") << QStringLiteral("no-such-launcher-relive") << QString();
    QTest::newRow("absolute path") << QStringLiteral("<script>") << QStringLiteral("<script>");
    QTest::newRow("path, not executable") << QStringLiteral("<plain file>") << QString();
}

void TestToolchain::findLauncher()
{
    QFETCH(QString, setting);
    QFETCH(QString, expected);
    QVERIFY2(installed("ccache"), "ccache is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir folder;
    const QString script = folder.filePath(QStringLiteral("launcher.sh"));
    const QString plain = folder.filePath(QStringLiteral("plain.txt"));
    for (const QString &path : {script, plain}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\nexec \"$@\"\n");
    }
    QVERIFY(QFile::setPermissions(script, QFile::permissions(script) | QFileDevice::ExeOwner));
    const auto substitute = [&](QString value) {
        return value.replace(QStringLiteral("<script>"), script).replace(QStringLiteral("<plain file>"), plain);
    };
    QCOMPARE(Toolchain::findLauncher(substitute(setting)), substitute(expected));
}

void TestToolchain::argumentsMatchDescription_data()
{
    QTest::addColumn<bool>("preferClang");
    QTest::addColumn<bool>("usePch");
    QTest::addColumn<bool>("useFastLinker");
    QTest::addColumn<QString>("launcher");
    QTest::newRow("fastest") << true << true << true << QStringLiteral("auto");
    QTest::newRow("g++, nothing else") << false << false << false << QString();
    QTest::newRow("g++, mold, ccache") << false << false << true << QStringLiteral("auto");
    QTest::newRow("clang++, PCH only") << true << true << false << QString();
}

void TestToolchain::argumentsMatchDescription()
{
    QFETCH(bool, preferClang);
    QFETCH(bool, usePch);
    QFETCH(bool, useFastLinker);
    QFETCH(QString, launcher);
    Toolchain::Preferences preferences;
    preferences.preferClang = preferClang;
    preferences.usePch = usePch;
    preferences.useFastLinker = useFastLinker;
    preferences.launcher = launcher;
    const Toolchain toolchain = Toolchain::detect(preferences);
    const QStringList arguments = toolchain.configureArguments();
    const QStringList said = toolchain.describe().split(QStringLiteral(", "));
    const QByteArray context = (toolchain.describe() + QStringLiteral(" <-> ") + arguments.join(QLatin1Char(' '))).toLocal8Bit();

    // The compiler it names is the one CMake is given.
    const QString compiler = argumentValue(arguments, QStringLiteral("CMAKE_CXX_COMPILER"));
    QCOMPARE(compiler, toolchain.cxxCompiler);
    QVERIFY2(said.value(0).startsWith(QFileInfo(compiler).fileName() + QLatin1Char(' ')), context.constData());
    QCOMPARE(QFileInfo(compiler).fileName(), preferClang ? QStringLiteral("clang++") : QStringLiteral("g++"));

    QVERIFY2(said.contains(usePch ? QStringLiteral("PCH") : QStringLiteral("no PCH")), context.constData());
    QCOMPARE(argumentValue(arguments, QStringLiteral("RELIVE_PCH")), usePch ? QStringLiteral("ON") : QStringLiteral("OFF"));

    if (useFastLinker) {
        QVERIFY2(said.contains(toolchain.linker), context.constData());
        const QString flag = QStringLiteral("-fuse-ld=") + toolchain.linker;
        for (const char *kind : {"EXE", "SHARED", "MODULE"})
            QCOMPARE(argumentValue(arguments, QStringLiteral("CMAKE_%1_LINKER_FLAGS").arg(QLatin1String(kind))), flag);
    } else {
        QVERIFY2(said.contains(QStringLiteral("default linker")), context.constData());
        QVERIFY2(!arguments.join(QLatin1Char(' ')).contains(QStringLiteral("-fuse-ld")), context.constData());
    }

    if (launcher.isEmpty()) {
        QVERIFY2(!mentions(arguments, QStringLiteral("CMAKE_CXX_COMPILER_LAUNCHER")), context.constData());
        QCOMPARE(said.size(), 3);
    } else {
        QVERIFY2(said.contains(QStringLiteral("ccache")), context.constData());
        QCOMPARE(argumentValue(arguments, QStringLiteral("CMAKE_CXX_COMPILER_LAUNCHER")), toolchain.launcher);
        QCOMPARE(said.size(), 4);
    }
}

void TestToolchain::cmakeDefaults()
{
    const Toolchain naive = Toolchain::cmakeDefaults();
    QCOMPARE(naive.cxxCompiler, QString());
    QCOMPARE(naive.linker, QString());
    QCOMPARE(naive.launcher, QString());
    QVERIFY(!naive.pch);
    // Nothing that would change CMake's choice of compiler, linker or launcher.
    QCOMPARE(naive.configureArguments(), QStringList{QStringLiteral("-DRELIVE_PCH=OFF")});
    QCOMPARE(naive.describe(), QStringLiteral("CMake's default compiler, no PCH, default linker"));
    QVERIFY(naive != Toolchain::detect());
    QVERIFY(naive == Toolchain::cmakeDefaults());
}

void TestToolchain::json()
{
    const Toolchain toolchain = Toolchain::detect();
    const QJsonObject json = toolchain.toJson();
    QCOMPARE(json.value(QStringLiteral("cxxCompiler")).toString(), toolchain.cxxCompiler);
    QCOMPARE(json.value(QStringLiteral("linker")).toString(), toolchain.linker);
    QCOMPARE(json.value(QStringLiteral("launcher")).toString(), toolchain.launcher);
    QCOMPARE(json.value(QStringLiteral("pch")).toBool(), toolchain.pch);
    QCOMPARE(json.value(QStringLiteral("compilerVersion")).toString(), toolchain.compilerVersion());
    QCOMPARE(json.value(QStringLiteral("description")).toString(), toolchain.describe());
}

// clang's driver starts for ~80 ms before it runs the linker: a candidate links with the
// linker's own command, which must write the very bytes the driver's link writes.
void TestToolchain::linkerJobOfClang()
{
    const QString clang = QStandardPaths::findExecutable(QStringLiteral("clang++"));
    if (clang.isEmpty() || !installed("ld.mold"))
        RELIVE_MISSING_TOOL("clang++ and mold are not installed: run scripts/install-deps.sh");
    QTemporaryDir directory;
    QVERIFY(writeObject(directory.path(), clang));
    QVERIFY(run(sharedLink(clang, QStringLiteral("by-driver.so")), directory.path()));

    QString why;
    const QStringList job = LinkerJob::ask(sharedLink(clang, QStringLiteral("direct.so")), directory.path(), &why);
    QVERIFY2(!job.isEmpty(), qPrintable(why));
    QCOMPARE(QFileInfo(job.constFirst()).fileName(), QStringLiteral("ld.mold"));
    QVERIFY(run(job, directory.path()));
    const QByteArray byDriver = bytesOf(directory.filePath(QStringLiteral("by-driver.so")));
    QVERIFY(!byDriver.isEmpty());
    QCOMPARE(bytesOf(directory.filePath(QStringLiteral("direct.so"))), byDriver);

    // Asked ahead, in the background: read at once, or after its answer came while events ran
    // (the driver has ended then; the link is asked for it no later than a build's compile).
    LinkerJob prefetched;
    prefetched.prefetch(sharedLink(clang, QStringLiteral("direct.so")), directory.path());
    QCOMPARE(prefetched.direct(sharedLink(clang, QStringLiteral("direct.so")), directory.path()), job);
    LinkerJob answered;
    answered.prefetch(sharedLink(clang, QStringLiteral("direct.so")), directory.path());
    QTest::qWait(2000);
    QCOMPARE(answered.direct(sharedLink(clang, QStringLiteral("direct.so")), directory.path()), job);

    // Asked once per command.
    LinkerJob linkerJob;
    const QStringList link = sharedLink(clang, QStringLiteral("direct.so"));
    QCOMPARE(linkerJob.direct(link, directory.path()), job);
    QVERIFY(QFile::remove(directory.filePath(QStringLiteral("a.o")))); // the driver would now fail
    QCOMPARE(linkerJob.direct(link, directory.path()), job);
}

// GCC's job is collect2, which needs the driver's environment: the driver stays.
void TestToolchain::gccKeepsItsDriver()
{
    const QString gcc = QStandardPaths::findExecutable(QStringLiteral("g++"));
    if (gcc.isEmpty() || !installed("ld.mold"))
        RELIVE_MISSING_TOOL("g++ and mold are not installed: run scripts/install-deps.sh");
    QTemporaryDir directory;
    QVERIFY(writeObject(directory.path(), gcc));
    const QStringList link = sharedLink(gcc, QStringLiteral("out.so"));
    QString why;
    QVERIFY(LinkerJob::ask(link, directory.path(), &why).isEmpty());
    QVERIFY2(why.contains(QLatin1String("collect2")), qPrintable(why));
    LinkerJob linkerJob;
    QCOMPARE(linkerJob.direct(link, directory.path()), link);
    QVERIFY(run(linkerJob.direct(link, directory.path()), directory.path()));
}

void TestToolchain::jobWords_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << QStringLiteral(" \"/usr/bin/ld.mold\" \"-shared\" \"-o\" \"x.so\"")
                           << QStringList{QStringLiteral("/usr/bin/ld.mold"), QStringLiteral("-shared"), QStringLiteral("-o"),
                                          QStringLiteral("x.so")};
    QTest::newRow("escapes") << QStringLiteral(" \"/a b/ld\" \"say \\\"hi\\\"\" \"c:\\\\d\" \"\\$HOME\"")
                             << QStringList{QStringLiteral("/a b/ld"), QStringLiteral("say \"hi\""), QStringLiteral("c:\\d"),
                                            QStringLiteral("$HOME")};
    QTest::newRow("not a job") << QStringLiteral("clang version 14.0.6") << QStringList();
    QTest::newRow("unterminated") << QStringLiteral(" \"/usr/bin/ld") << QStringList();
}

void TestToolchain::jobWords()
{
    QFETCH(QString, line);
    QFETCH(QStringList, words);
    QCOMPARE(LinkerJob::jobWords(line), words);
}

QTEST_GUILESS_MAIN(TestToolchain)
#include "tst_toolchain.moc"
