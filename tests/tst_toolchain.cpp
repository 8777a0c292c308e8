// Toolchain detection on this machine: scripts/install-deps.sh installs clang, g++, mold, lld
// and ccache, so the fast path must be found, and each choice must reach CMake's arguments.
#include "requiretool.h"

#include <relive/toolchain.h>

#include <QtCore/QFileInfo>
#include <QtCore/QJsonObject>
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

QTEST_GUILESS_MAIN(TestToolchain)
#include "tst_toolchain.moc"
