// relive-moc and MocDeclarations: moc is skipped only when its output cannot have changed.
#include "relive/private/mocdeclarations.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

using Relive::MocDeclarations;

namespace {

const QByteArray classHead = "class A : public QObject {\n    Q_OBJECT\npublic:\n";

QByteArray withClass(const QByteArray &members, const QByteArray &outside = QByteArray())
{
    return "#include <QtCore/QObject>\n" + classHead + members + "};\n" + outside;
}

void write(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

qint64 modifiedNs(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

} // namespace

class TestReliveMoc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void declarations_data();
    void declarations();
    void sameDeclarationsGiveSameMocOutput();
    void notCacheable_data();
    void notCacheable();

    void firstRunIsMocsOwnOutput();
    void bodyEditSkipsMoc();
    void declarationEditRunsMoc();
    void includedHeaderChangeRunsMoc();
    void directiveInBodyAlwaysRunsMoc();
    void mocErrorIsPassedOn();

private:
    int runTool(const QString &source, QByteArray *errors = nullptr);
    QStringList mocArguments(const QString &source, const QString &output) const;
    QString output() const { return m_dir.filePath(QStringLiteral("out/a.moc")); }
    QString source() const { return m_dir.filePath(QStringLiteral("a.cpp")); }

    QTemporaryDir m_dir;
};

namespace {

// Pairs of sources, and whether MocDeclarations must find them the same.
struct DeclarationCase
{
    const char *name;
    QByteArray before;
    QByteArray after;
    bool same;
};

QList<DeclarationCase> declarationCases()
{
    QList<DeclarationCase> cases;
    const QByteArray f1 = "    Q_INVOKABLE int f() const { return 1; }\n";
    const QByteArray f2 = "    Q_INVOKABLE int f() const { return 2; }\n";
    cases.append({"inline body edited", withClass(f1), withClass(f2), true});
    cases.append({"reformatted", withClass(f1), withClass("    Q_INVOKABLE   int f()\n        const\n    {\n        return 1;\n    }\n"), true});
    cases.append({"comment edited", withClass(f1 + "    // one\n"), withClass(f1 + "    /* two */\n"), true});
    cases.append({"out-of-class body edited", withClass("    int g();\n", "int A::g() { return 1; }\n"), withClass("    int g();\n", "int A::g()\n{\n    int x = 3;\n    return x;\n}\n"), true});
    cases.append({"constructor with initializer list", withClass("    A() : m(1) { m += 1; }\n    int m;\n"), withClass("    A() : m(1) { m += 2; }\n    int m;\n"), true});
    cases.append({"initializer list changed", withClass("    A() : m(1) {}\n    int m;\n"), withClass("    A() : m(2) {}\n    int m;\n"), false});
    cases.append({"lambda at namespace scope", withClass(f1, "auto l = [](int x) { return x; };\n"), withClass(f1, "auto l = [](int x) { return x + 1; };\n"), true});
    cases.append({"signal added", withClass(f1), withClass(f1 + "Q_SIGNALS:\n    void changed();\n"), false});
    cases.append({"invokable added", withClass(f1), withClass(f1 + "    Q_INVOKABLE int added() const { return 7; }\n"), false});
    cases.append({"property added", withClass(f1), withClass("    Q_PROPERTY(int f READ f)\n" + f1), false});
    cases.append({"braces in literals inside a body", withClass("    int f() const { const char *s = \"}}\"; char c = '}'; auto r = R\"x(}})x\"; return 1'000; }\n    int g();\n"), withClass("    int f() const { const char *s = \"}}\"; char c = '}'; auto r = R\"x(}})x\"; return 1'000; }\n    int h();\n"), false});
    cases.append({"braces in comments inside a body", withClass("    int f() const { /* } */ return 1; // }\n    }\n    int g();\n"), withClass("    int f() const { /* } */ return 1; // }\n    }\n    int h();\n"), false});
    cases.append({"final class is not a function", QByteArray("class A final : public QObject {\n    Q_OBJECT\n    int g();\n};\n"), QByteArray("class A final : public QObject {\n    Q_OBJECT\n    int h();\n};\n"), false});
    cases.append({"base class named through a macro call", QByteArray("class A : public QT_PREPEND_NAMESPACE(QObject) {\n    Q_OBJECT\n    int g();\n};\n"), QByteArray("class A : public QT_PREPEND_NAMESPACE(QObject) {\n    Q_OBJECT\n    int h();\n};\n"), false});
    cases.append({"override and const qualifiers", withClass("    int f() const noexcept override { return 1; }\n"), withClass("    int f() const noexcept override { return 2; }\n"), true});
    cases.append({"include added", withClass(f1), "#include <QtWidgets/QLabel>\n" + withClass(f1), false});
    // Initializers of variables at namespace scope: moc never reads them.
    cases.append({"initializer at file scope", withClass(f1, "static const char tag[] = \"one\";\n"),
                  withClass(f1, "static const char tag[] = \"two\";\n"), true});
    cases.append({"initializers in a namespace", withClass(f1, "namespace {\nconst int limits[] = {1, 2};\nauto l = [] { return 1; };\n}\n"),
                  withClass(f1, "namespace {\nconst int limits[] = {3, 4, 5};\nauto l = [] { return 2; };\n}\n"), true});
    cases.append({"member initializer", withClass("    int m = 1;\n"), withClass("    int m = 2;\n"), false});
    cases.append({"enum value", withClass(f1, "enum E { Low = 1 };\n"), withClass(f1, "enum E { Low = 2 };\n"), false});
    cases.append({"alias", withClass(f1, "using Number = int;\n"), withClass(f1, "using Number = long;\n"), false});
    cases.append({"initializer in an extern C block", withClass(f1, "extern \"C\" {\nint x = 1;\n}\n"),
                  withClass(f1, "extern \"C\" {\nint x = 2;\n}\n"), false});
    cases.append({"interface id", "#include <QtCore/QObject>\nclass I {};\nQ_DECLARE_INTERFACE(I, \"one\")\n" + withClass(f1),
                  "#include <QtCore/QObject>\nclass I {};\nQ_DECLARE_INTERFACE(I, \"two\")\n" + withClass(f1), false});
    return cases;
}

} // namespace

void TestReliveMoc::declarations_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<bool>("same");
    for (const DeclarationCase &row : declarationCases())
        QTest::newRow(row.name) << row.before << row.after << row.same;
}

void TestReliveMoc::declarations()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(bool, same);
    const MocDeclarations a(before), b(after);
    QVERIFY(a.isCacheable());
    QVERIFY(b.isCacheable());
    QCOMPARE(a.text() == b.text(), same);
    // Whatever is left out, the class head and Q_OBJECT never are.
    QVERIFY(a.text().contains("Q_OBJECT"));
}

// The premise of relive-moc, checked against the real moc: what MocDeclarations leaves out
// never changes moc's output.
void TestReliveMoc::sameDeclarationsGiveSameMocOutput()
{
    QVERIFY(m_dir.isValid());
    int checked = 0;
    for (const DeclarationCase &row : declarationCases()) {
        if (!row.same)
            continue;
        QByteArray outputs[2];
        for (int i = 0; i < 2; ++i) {
            write(source(), i == 0 ? row.before : row.after);
            const QString generated = m_dir.filePath(QStringLiteral("same-%1.moc").arg(i));
            QProcess moc;
            moc.start(QStringLiteral(RELIVE_REAL_MOC), mocArguments(source(), generated));
            QVERIFY(moc.waitForFinished(60000));
            QVERIFY2(moc.exitCode() == 0, row.name);
            QFile file(generated);
            QVERIFY(file.open(QIODevice::ReadOnly));
            outputs[i] = file.readAll();
        }
        QVERIFY2(!outputs[0].isEmpty() && outputs[0] == outputs[1], row.name);
        ++checked;
    }
    QCOMPARE(checked, 9);
}

void TestReliveMoc::notCacheable_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("directive inside a body")
        << withClass("    int f() const {\n#ifdef X\n        return 1;\n#else\n        return 2;\n#endif\n    }\n");
    QTest::newRow("unbalanced body") << withClass("    int f() const { if (x) { return 1;\n");
}

void TestReliveMoc::notCacheable()
{
    QFETCH(QByteArray, source);
    QVERIFY(!MocDeclarations(source).isCacheable());
}

QStringList TestReliveMoc::mocArguments(const QString &sourcePath, const QString &outputPath) const
{
    // As CMake's AUTOMOC calls moc.
    return {QStringLiteral("-I%1").arg(m_dir.path()), QStringLiteral("-I%1").arg(QStringLiteral(RELIVE_QT_INCLUDE_DIR)),
            QStringLiteral("--output-dep-file"), QStringLiteral("-o"), outputPath, sourcePath};
}

int TestReliveMoc::runTool(const QString &sourcePath, QByteArray *errors)
{
    QDir().mkpath(QFileInfo(output()).absolutePath());
    QProcess tool;
    tool.start(QStringLiteral(RELIVE_MOC_TOOL), mocArguments(sourcePath, output()));
    if (!tool.waitForFinished(60000))
        return -1;
    if (errors)
        *errors = tool.readAllStandardError();
    return tool.exitStatus() == QProcess::NormalExit ? tool.exitCode() : -1;
}

void TestReliveMoc::firstRunIsMocsOwnOutput()
{
    QVERIFY(m_dir.isValid());
    write(m_dir.filePath(QStringLiteral("local.h")), "#pragma once\n#define LOCAL_VALUE 1\n");
    write(source(), "#include \"local.h\"\n" + withClass("    Q_INVOKABLE int f() const { return LOCAL_VALUE; }\n"));
    QCOMPARE(runTool(source()), 0);
    QProcess moc;
    const QString reference = m_dir.filePath(QStringLiteral("reference.moc"));
    moc.start(QStringLiteral(RELIVE_REAL_MOC), mocArguments(source(), reference));
    QVERIFY(moc.waitForFinished(60000));
    QCOMPARE(moc.exitCode(), 0);
    QFile a(output()), b(reference);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());
    QVERIFY(QFileInfo::exists(output() + QStringLiteral(".d")));
}

void TestReliveMoc::bodyEditSkipsMoc()
{
    const qint64 before = modifiedNs(output());
    QTest::qWait(20); // a rewrite would have a later time
    write(source(), "#include \"local.h\"\n" + withClass("    Q_INVOKABLE int f() const { return LOCAL_VALUE + 41; }\n"));
    QCOMPARE(runTool(source()), 0);
    QCOMPARE(modifiedNs(output()), before);
}

void TestReliveMoc::declarationEditRunsMoc()
{
    write(source(), "#include \"local.h\"\n"
                        + withClass("    Q_INVOKABLE int f() const { return 1; }\n    Q_INVOKABLE int addedLater() const { return 7; }\n"));
    QCOMPARE(runTool(source()), 0);
    QFile generated(output());
    QVERIFY(generated.open(QIODevice::ReadOnly));
    QVERIFY(generated.readAll().contains("addedLater"));
}

void TestReliveMoc::includedHeaderChangeRunsMoc()
{
    const qint64 before = modifiedNs(output());
    QTest::qWait(20);
    write(m_dir.filePath(QStringLiteral("local.h")), "#pragma once\n#define LOCAL_VALUE 2\n");
    QCOMPARE(runTool(source()), 0);
    QVERIFY(modifiedNs(output()) > before);
}

void TestReliveMoc::directiveInBodyAlwaysRunsMoc()
{
    write(source(), withClass("    Q_INVOKABLE int f() const {\n#ifdef X\n        return 1;\n#endif\n        return 2;\n    }\n"));
    QCOMPARE(runTool(source()), 0);
    const qint64 before = modifiedNs(output());
    QTest::qWait(20);
    QCOMPARE(runTool(source()), 0);
    QVERIFY(modifiedNs(output()) > before);
}

void TestReliveMoc::mocErrorIsPassedOn()
{
    write(source(), withClass("    Q_PROPERTY(int f READ)\n"));
    QByteArray errors;
    QVERIFY(runTool(source(), &errors) != 0);
    QVERIFY2(errors.contains("a.cpp"), errors.constData()); // moc's own message, naming the file
    QVERIFY(!QFileInfo::exists(output() + QStringLiteral(".relive-moc")));
}

QTEST_GUILESS_MAIN(TestReliveMoc)
#include "tst_relivemoc.moc"
