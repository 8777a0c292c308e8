// DiagnosticParser on the output of the real compilers and linkers, run here on broken
// snippets, and on hand-written transcripts of the forms that are hard to provoke.
#include "requiretool.h"
#include "snippetfolder.h"

#include <relive/diagnosticparser.h>

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QtTest>

using namespace Relive;
using TestSupport::Snippet;

namespace {

const QString gxx = QStringLiteral(RELIVE_TEST_GXX);
const QString clangxx = QStringLiteral(RELIVE_TEST_CLANGXX);
const QString mold = QStringLiteral(RELIVE_TEST_MOLD);
const QString lld = QStringLiteral(RELIVE_TEST_LLD);

// The snippets, written to <tmp>/src. The compilers run in <tmp>/build on ../src/<name>, as
// Ninja runs them in a build folder beside the sources.
const Snippet snippets[] = {
    {"syntax.cpp",
     "int main()\n"
     "{\n"
     "    int x = ;\n"
     "    return x;\n"
     "}\n"},
    {"unused.cpp",
     "int main()\n"
     "{\n"
     "    int unused = 42;\n"
     "    return 0;\n"
     "}\n"},
    // Two errors in one header: the compilers print the include chain for the first only.
    {"broken.h",
     "#pragma once\n"
     "inline int broken()\n"
     "{\n"
     "    return undeclared_name;\n"
     "}\n"
     "inline int alsoBroken()\n"
     "{\n"
     "    return other_undeclared;\n"
     "}\n"},
    {"middle.h",
     "#pragma once\n"
     "#include \"broken.h\"\n"},
    {"header.cpp",
     "#include \"middle.h\"\n"
     "int main()\n"
     "{\n"
     "    return broken() + alsoBroken();\n"
     "}\n"},
    {"template.cpp",
     "struct NoSize {};\n"
     "\n"
     "template <typename T>\n"
     "int sizeOf(const T &value)\n"
     "{\n"
     "    return value.size();\n"
     "}\n"
     "\n"
     "int main()\n"
     "{\n"
     "    NoSize n;\n"
     "    return sizeOf(n);\n"
     "}\n"},
    {"fatal.cpp",
     "#include \"does_not_exist.h\"\n"
     "int main()\n"
     "{\n"
     "    return 0;\n"
     "}\n"},
    {"link.cpp",
     "int missing();\n"
     "int main()\n"
     "{\n"
     "    return missing();\n"
     "}\n"},
};

// One line per diagnostic, notes indented below their parent: what a failed comparison shows.
QStringList describe(const QList<Diagnostic> &diagnostics, const QString &indent = QString())
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics) {
        QString line = QStringLiteral("%1%2 %3 %4:%5:%6: %7")
                           .arg(indent, Diagnostic::severityName(d.severity), d.kind, d.file)
                           .arg(d.line)
                           .arg(d.column)
                           .arg(d.message);
        if (!d.includeChain.isEmpty())
            line += QStringLiteral(" [included from %1]").arg(d.includeChain.join(QStringLiteral(", ")));
        lines.append(line);
        lines += describe(d.notes, indent + QStringLiteral("  "));
    }
    return lines;
}

QByteArray toJson(const QList<Diagnostic> &diagnostics)
{
    QJsonArray array;
    for (const Diagnostic &d : diagnostics)
        array.append(d.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

struct Parsed
{
    QList<Diagnostic> diagnostics;
    int errors = 0;
    int warnings = 0;
};

Parsed parseAllAtOnce(const QString &buildDirectory, const QString &output)
{
    DiagnosticParser parser(buildDirectory);
    parser.addOutput(output);
    return {parser.diagnostics(), parser.errorCount(), parser.warningCount()};
}

Parsed parseLineByLine(const QString &buildDirectory, const QString &output)
{
    DiagnosticParser parser(buildDirectory);
    for (const QString &line : output.split(QLatin1Char('\n')))
        parser.addLine(line);
    return {parser.diagnostics(), parser.errorCount(), parser.warningCount()};
}

Parsed parseLinesWithBreaks(const QString &buildDirectory, const QString &output)
{
    DiagnosticParser parser(buildDirectory);
    const QStringList lines = output.split(QLatin1Char('\n'));
    for (const QString &line : lines)
        parser.addOutput(line + QLatin1Char('\n'));
    return {parser.diagnostics(), parser.errorCount(), parser.warningCount()};
}

} // namespace

class TestDiagnosticParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void realOutput_data();
    void realOutput();
    void writtenForms_data();
    void writtenForms();
    void feedingStyles_data();
    void feedingStyles();
    void stripAnsi_data();
    void stripAnsi();
    void json();
    void clearKeepsTheBuildFolder();
    void lineLocations_data();
    void lineLocations();

private:
    void addRealRows(const QString &compilerName, const QString &compiler, bool colour);
    void addLinkRow(const QString &name, const QString &compiler, const QStringList &linkerArguments,
                    const QString &requiredTool, bool colour, const QString &messagePattern, const QString &file,
                    int line, const QStringList &notes);
    void addWrittenRows();

    TestSupport::SnippetFolder m_folder;
    QString m_src;
    QString m_build;
};

void TestDiagnosticParser::initTestCase()
{
    QString why;
    QVERIFY2(m_folder.create(snippets, &why), qPrintable(why));
    m_src = m_folder.src();
    m_build = m_folder.build();
}

// Columns: how to run the tool, then what the parser must make of its output. notes holds one
// "line:column:pattern" per note, in order. Every row is run plain and with colour (and, for
// GCC, hyperlinks): ANSI codes must change nothing.
void TestDiagnosticParser::realOutput_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("requiredTool"); // a linker the row needs, "missing" if absent; empty: none
    QTest::addColumn<bool>("colour");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("warnings");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("messagePattern");
    QTest::addColumn<QStringList>("includeChain"); // of every top-level diagnostic
    QTest::addColumn<QStringList>("notes");        // of the first

    for (bool colour : {false, true}) {
        addRealRows(QStringLiteral("g++"), gxx, colour);
        addRealRows(QStringLiteral("clang++"), clangxx, colour);

        const QString link = m_src + QStringLiteral("/link.cpp");
        const QString gnuLdPattern = QStringLiteral("^undefined reference to `missing\\(\\)'$");
        const QString undefinedSymbol = QStringLiteral("^undefined symbol: missing\\(\\)$");
        const QStringList inMain{QStringLiteral("0:0:^in function `main'$")};
        const auto needs = [](const QString &tool) { return tool.isEmpty() ? QStringLiteral("missing") : tool; };
        // With debug information GNU ld names the source line from DWARF...
        addLinkRow(QStringLiteral("g++, GNU ld"), gxx, {QStringLiteral("-g")}, QString(), colour, gnuLdPattern, link,
                   4, inMain);
        // ... without it, only the object's STT_FILE name, which is not a path: kept as printed.
        addLinkRow(QStringLiteral("g++, GNU ld, no debug info"), gxx, {}, QString(), colour, gnuLdPattern,
                   QStringLiteral("link.cpp"), 0, inMain);
        // Clang's "linker command failed" summary must not add a second error.
        addLinkRow(QStringLiteral("clang++, default linker"), clangxx, {QStringLiteral("-g")}, QString(), colour,
                   gnuLdPattern, link, 4, inMain);
        // lld prints the path as the compiler saw it: absolute from Clang's DWARF, relative
        // (../src/link.cpp) from GCC's.
        const QStringList lldNotes{QStringLiteral("4:0:^referenced by link\\.cpp:4 \\(.*link\\.cpp:4\\) in .*\\.o:\\(main\\)$")};
        addLinkRow(QStringLiteral("clang++, lld"), clangxx, {QStringLiteral("-g"), QStringLiteral("-fuse-ld=lld")}, needs(lld),
                   colour, undefinedSymbol, link, 4, lldNotes);
        addLinkRow(QStringLiteral("g++, lld"), gxx, {QStringLiteral("-g"), QStringLiteral("-fuse-ld=lld")}, needs(lld), colour,
                   undefinedSymbol, link, 4, lldNotes);
        // mold 1.x names the STT_FILE only, even with debug information.
        const QStringList moldNotes{QStringLiteral("0:0:^referenced by link\\.cpp in .*\\.o:\\(main\\)$")};
        addLinkRow(QStringLiteral("g++, mold"), gxx, {QStringLiteral("-g"), QStringLiteral("-fuse-ld=mold")}, needs(mold),
                   colour, undefinedSymbol, QStringLiteral("link.cpp"), 0, moldNotes);
        addLinkRow(QStringLiteral("clang++, mold"), clangxx, {QStringLiteral("-g"), QStringLiteral("-fuse-ld=mold")},
                   needs(mold), colour, undefinedSymbol, QStringLiteral("link.cpp"), 0, moldNotes);
    }
}

void TestDiagnosticParser::addRealRows(const QString &compilerName, const QString &compiler, bool colour)
{
    const bool gcc = compilerName == QLatin1String("g++");
    const QString suffix = colour ? QStringLiteral(" (colour)") : QString();
    QStringList common{QStringLiteral("-c"), colour ? QStringLiteral("-fdiagnostics-color=always")
                                                    : QStringLiteral("-fdiagnostics-color=never")};
    if (gcc && colour)
        common << QStringLiteral("-fdiagnostics-urls=always"); // OSC 8 hyperlinks on [-W...]
    const auto args = [&](const char *source, const QStringList &extra = QStringList()) {
        return QStringList(common) << extra << QStringLiteral("../src/%1").arg(QLatin1String(source))
                                   << QStringLiteral("-o") << QStringLiteral("out.o");
    };
    const auto src = [this](const char *name) { return m_src + QLatin1Char('/') + QLatin1String(name); };
    const auto row = [&](const char *what) -> QTestData & {
        return QTest::newRow(qPrintable(compilerName + QLatin1Char(' ') + QLatin1String(what) + suffix));
    };
    const QString error = QStringLiteral("error");
    const QString compilerKind = QStringLiteral("compiler");

    row("syntax error") << compiler << args("syntax.cpp") << QString() << colour << true << 1 << 1 << 0 << error
                        << compilerKind << src("syntax.cpp") << 3 << 13
                        << (gcc ? QStringLiteral("^expected primary-expression before .;. token$")
                                : QStringLiteral("^expected expression$"))
                        << QStringList() << QStringList();
    row("unused variable") << compiler << args("unused.cpp", {QStringLiteral("-Wall")}) << QString() << colour << false
                           << 1 << 0 << 1 << QStringLiteral("warning") << compilerKind << src("unused.cpp") << 3 << 9
                           << QStringLiteral("^unused variable .unused. \\[-Wunused-variable\\]$") << QStringList()
                           << QStringList();
    // GCC prints the chain innermost first, Clang outermost first: both give innermost first.
    row("error in an included header")
        << compiler << args("header.cpp") << QString() << colour << true << 2 << 2 << 0 << error << compilerKind
        << src("broken.h") << 4 << 12 << QStringLiteral("undeclared_name")
        << QStringList{src("middle.h") + QStringLiteral(":2"), src("header.cpp") + QStringLiteral(":1")} << QStringList();
    // The instantiation context is GCC's notes, printed before the error; Clang's a note after.
    row("template error") << compiler << args("template.cpp") << QString() << colour << true << 1 << 1 << 0 << error
                          << compilerKind << src("template.cpp") << 6 << 18
                          << (gcc ? QStringLiteral("^.const struct NoSize. has no member named .size.")
                                  : QStringLiteral("^no member named 'size' in 'NoSize'$"))
                          << QStringList()
                          << (gcc ? QStringList{QStringLiteral("0:0:^In instantiation of .int sizeOf\\(const T&\\) \\[with T = NoSize\\].$"),
                                                QStringLiteral("12:18:^required from here$")}
                                  : QStringList{QStringLiteral("12:12:^in instantiation of function template specialization 'sizeOf<NoSize>' requested here$")});
    row("missing include") << compiler << args("fatal.cpp") << QString() << colour << true << 1 << 1 << 0 << error
                           << compilerKind << src("fatal.cpp") << 1 << 10
                           << (gcc ? QStringLiteral("^does_not_exist\\.h: No such file or directory$")
                                   : QStringLiteral("^'does_not_exist\\.h' file not found$"))
                           << QStringList() << QStringList();
}

void TestDiagnosticParser::addLinkRow(const QString &name, const QString &compiler, const QStringList &linkerArguments,
                                      const QString &requiredTool, bool colour, const QString &messagePattern,
                                      const QString &file, int line, const QStringList &notes)
{
    const QStringList arguments = QStringList{colour ? QStringLiteral("-fdiagnostics-color=always")
                                                     : QStringLiteral("-fdiagnostics-color=never")}
        << linkerArguments << QStringLiteral("../src/link.cpp") << QStringLiteral("-o") << QStringLiteral("app");
    const QString rowName = QStringLiteral("%1: undefined reference%2").arg(name, colour ? QStringLiteral(" (colour)") : QString());
    QTest::newRow(qPrintable(rowName)) << compiler << arguments << requiredTool << colour << true << 1 << 1 << 0 << QStringLiteral("error")
                                       << QStringLiteral("linker") << file << line << 0 << messagePattern
                                       << QStringList() << notes;
}

void TestDiagnosticParser::realOutput()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, requiredTool);
    QFETCH(bool, colour);
    QFETCH(bool, fails);
    QFETCH(int, count);
    QFETCH(int, errors);
    QFETCH(int, warnings);
    QFETCH(QString, severity);
    QFETCH(QString, kind);
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, messagePattern);
    QFETCH(QStringList, includeChain);
    QFETCH(QStringList, notes);

    if (program.isEmpty())
        RELIVE_MISSING_TOOL("this compiler is not installed");
    if (requiredTool == QLatin1String("missing"))
        RELIVE_MISSING_TOOL("this linker is not installed");

    // English messages; ASCII quotes in the plain rows, Unicode quotes in the colour rows.
    const TestSupport::ToolRun run =
        m_folder.run(program, arguments, colour ? QStringLiteral("C.UTF-8") : QStringLiteral("C"));
    QVERIFY2(run.finished, qPrintable(run.errorString));
    const QString &output = run.output;
    const QString command = program + QLatin1Char(' ') + arguments.join(QLatin1Char(' '));
    const QString context = QStringLiteral("\n$ %1\n%2").arg(command, output);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    if (fails && output.contains(QLatin1String("-fuse-ld=")) && run.exitCode != 0
        && !output.contains(QLatin1String("undefined")))
        RELIVE_MISSING_TOOL(QStringLiteral("the compiler cannot use this linker:") + context);
    QVERIFY2((run.exitCode != 0) == fails, qPrintable(QStringLiteral("exit code %1").arg(run.exitCode) + context));
    if (colour && kind == QLatin1String("compiler"))
        QVERIFY2(output.contains(QChar(0x1b)), qPrintable(QStringLiteral("no ANSI codes in the colour output") + context));

    const Parsed parsed = parseAllAtOnce(m_build, output);
    const QString got = QStringLiteral("\nparsed:\n") + describe(parsed.diagnostics).join(QLatin1Char('\n')) + context;

    // Fed as the build runner feeds it, line by line, the result is the same.
    const Parsed byLine = parseLineByLine(m_build, output);
    QVERIFY2(toJson(byLine.diagnostics) == toJson(parsed.diagnostics),
             qPrintable(QStringLiteral("line by line:\n") + describe(byLine.diagnostics).join(QLatin1Char('\n')) + got));

    QVERIFY2(parsed.diagnostics.size() == count, qPrintable(got));
    QCOMPARE(parsed.errors, errors);
    QCOMPARE(parsed.warnings, warnings);
    const Diagnostic &first = parsed.diagnostics.first();
    QVERIFY2(Diagnostic::severityName(first.severity) == severity, qPrintable(got));
    QVERIFY2(first.kind == kind, qPrintable(got));
    QVERIFY2(first.file == file, qPrintable(QStringLiteral("expected file %1").arg(file) + got));
    QVERIFY2(first.line == line, qPrintable(got));
    QVERIFY2(first.column == column, qPrintable(got));
    const QRegularExpression message(messagePattern);
    QVERIFY(message.isValid());
    QVERIFY2(message.match(first.message).hasMatch(),
             qPrintable(QStringLiteral("the message does not match %1").arg(messagePattern) + got));
    for (const Diagnostic &diagnostic : parsed.diagnostics) {
        QVERIFY2(diagnostic.includeChain == includeChain, qPrintable(got));
        QVERIFY2(!diagnostic.message.contains(QChar(0x1b)), qPrintable(got));
    }

    QVERIFY2(first.notes.size() == notes.size(), qPrintable(got));
    for (int i = 0; i < notes.size(); ++i) {
        const Diagnostic &note = first.notes.at(i);
        const QStringList expected = notes.at(i).split(QLatin1Char(':'));
        const QString pattern = notes.at(i).section(QLatin1Char(':'), 2);
        QCOMPARE(note.severity, Diagnostic::Severity::Note);
        QCOMPARE(note.kind, kind);
        QVERIFY2(note.line == expected.at(0).toInt() && note.column == expected.at(1).toInt(),
                 qPrintable(QStringLiteral("note %1 is not at %2:%3").arg(i).arg(expected.at(0), expected.at(1)) + got));
        QVERIFY2(QRegularExpression(pattern).match(note.message).hasMatch(),
                 qPrintable(QStringLiteral("note %1 does not match %2").arg(i).arg(pattern) + got));
        if (kind == QLatin1String("compiler"))
            QCOMPARE(note.file, first.file); // every note of these snippets is in the same file
        else if (note.line > 0)
            QCOMPARE(note.file, first.file);
    }
}

// Forms the snippets cannot provoke here (other linkers' wording, Ninja and make around the
// tools, CRLF), as the tools print them. The build folder does not exist: relative paths stay
// as printed, absolute ones are cleaned.
void TestDiagnosticParser::addWrittenRows()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QStringList>("expected"); // describe() of the result

    QTest::newRow("Ninja around a compiler error")
        << QStringLiteral("[1/3] Building CXX object CMakeFiles/x.dir/x.cpp.o\n"
                          "FAILED: CMakeFiles/x.dir/x.cpp.o \n"
                          "/usr/bin/c++   -g -c /w/src/x.cpp -o CMakeFiles/x.dir/x.cpp.o\n"
                          "/w/build/../src/x.cpp:3:5: error: 'boom' was not declared in this scope\n"
                          "    3 |     boom;\n"
                          "      |     ^~~~\n"
                          "ninja: build stopped: subcommand failed.\n")
        << QStringList{QStringLiteral("error compiler /w/src/x.cpp:3:5: 'boom' was not declared in this scope")};
    QTest::newRow("Ninja: a missing input that no .qrc lists")
        << QStringLiteral("ninja: error: '/w/src/gone.h', needed by 'CMakeFiles/x.dir/x.cpp.o', missing and no known rule to make it\n")
        << QStringList{QStringLiteral("error build :0:0: /w/src/gone.h does not exist, and CMakeFiles/x.dir/x.cpp.o needs it: "
                                      "restore it, or remove it from the CMake file")};
    QTest::newRow("a note after a Ninja line stands alone")
        << QStringLiteral("[1/2] Building CXX object a.o\n"
                          "/w/a.cpp:1:1: error: first\n"
                          "[2/2] Building CXX object b.o\n"
                          "/w/b.cpp:2:2: note: orphan\n")
        << QStringList{QStringLiteral("error compiler /w/a.cpp:1:1: first"),
                       QStringLiteral("note compiler /w/b.cpp:2:2: orphan")};
    QTest::newRow("make around a compiler error")
        << QStringLiteral("[ 50%] Building CXX object CMakeFiles/x.dir/x.cpp.o\n"
                          "/w/x.cpp:2:1: error: boom\n"
                          "make[2]: *** [CMakeFiles/x.dir/build.make:76: CMakeFiles/x.dir/x.cpp.o] Error 1\n"
                          "make: *** [Makefile:91: all] Error 2\n")
        << QStringList{QStringLiteral("error compiler /w/x.cpp:2:1: boom")};
    QTest::newRow("CRLF and a terminal's progress line")
        << QStringLiteral("\r[1/2] Building CXX object x.o\x1b[K\r\n/w/x.cpp:1:2: error: crlf\r\n")
        << QStringList{QStringLiteral("error compiler /w/x.cpp:1:2: crlf")};
    QTest::newRow("warning without a column")
        << QStringLiteral("/w/x.cpp:5: warning: no column\n")
        << QStringList{QStringLiteral("warning compiler /w/x.cpp:5:0: no column")};
    QTest::newRow("-Werror keeps the option")
        << QStringLiteral("/w/x.cpp:3:9: error: unused variable 'u' [-Werror=unused-variable]\n"
                          "cc1plus: all warnings being treated as errors\n")
        << QStringList{QStringLiteral("error compiler /w/x.cpp:3:9: unused variable 'u' [-Werror=unused-variable]")};
    QTest::newRow("hyperlinked option")
        << QStringLiteral("/w/x.cpp:3:9: warning: unused variable 'u' "
                          "[\x1b]8;;https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wunused-variable"
                          "\x1b\\-Wunused-variable\x1b]8;;\x1b\\]\n")
        << QStringList{QStringLiteral("warning compiler /w/x.cpp:3:9: unused variable 'u' [-Wunused-variable]")};
    QTest::newRow("driver error")
        << QStringLiteral("g++: error: ../src/nope.cpp: No such file or directory\n"
                          "g++: fatal error: no input files\n"
                          "compilation terminated.\n")
        << QStringList{QStringLiteral("error compiler :0:0: ../src/nope.cpp: No such file or directory"),
                       QStringLiteral("error compiler :0:0: no input files")};
    QTest::newRow("Clang note with an include chain of its own")
        << QStringLiteral("/w/a.cpp:5:3: error: no matching function for call to 'f'\n"
                          "In file included from /w/a.cpp:1:\n"
                          "/w/f.h:2:6: note: candidate function not viable\n")
        << QStringList{QStringLiteral("error compiler /w/a.cpp:5:3: no matching function for call to 'f'"),
                       QStringLiteral("  note compiler /w/f.h:2:6: candidate function not viable [included from /w/a.cpp:1]")};
    // GCC stops a chain at the first inclusion it has already shown.
    QTest::newRow("GCC's shortened include chain is completed")
        << QStringLiteral("In file included from /w/b.h:2,\n"
                          "                 from /w/a.cpp:1:\n"
                          "/w/c.h:3:1: error: one\n"
                          "In file included from /w/b.h:3:\n"
                          "/w/d.h:4:1: error: two\n"
                          "/w/c.h:5:1: error: three\n")
        << QStringList{QStringLiteral("error compiler /w/c.h:3:1: one [included from /w/b.h:2, /w/a.cpp:1]"),
                       QStringLiteral("error compiler /w/d.h:4:1: two [included from /w/b.h:3, /w/a.cpp:1]"),
                       QStringLiteral("error compiler /w/c.h:5:1: three [included from /w/b.h:2, /w/a.cpp:1]")};
    QTest::newRow("GCC's explanation of a failed substitution")
        << QStringLiteral("/w/a.cpp: In function 'int main()':\n"
                          "/w/a.cpp:12:6: error: no matching function for call to 'g(int)'\n"
                          "/w/a.cpp:5:28: note: candidate: 'template<class T> decltype (f(t)) g(T)'\n"
                          "/w/a.cpp:5:28: note:   template argument deduction/substitution failed:\n"
                          "/w/a.cpp: In substitution of 'template<class T> decltype (f(t)) g(T) [with T = int]':\n"
                          "/w/a.cpp:12:6:   required from here\n"
                          "/w/a.cpp:5:48: error: 'f' was not declared in this scope\n")
        << QStringList{QStringLiteral("error compiler /w/a.cpp:12:6: no matching function for call to 'g(int)'"),
                       QStringLiteral("  note compiler /w/a.cpp:5:28: candidate: 'template<class T> decltype (f(t)) g(T)'"),
                       QStringLiteral("  note compiler /w/a.cpp:5:28:   template argument deduction/substitution failed:"),
                       QStringLiteral("  note compiler /w/a.cpp:0:0: In substitution of 'template<class T> decltype (f(t)) g(T) [with T = int]'"),
                       QStringLiteral("  note compiler /w/a.cpp:12:6: required from here"),
                       QStringLiteral("  note compiler /w/a.cpp:5:48: 'f' was not declared in this scope")};
    QTest::newRow("GCC's nested instantiation context")
        << QStringLiteral("/w/a.cpp: In instantiation of 'void h(T) [with T = int]':\n"
                          "/w/a.cpp:7:42:   required from 'void outer(T) [with T = int]'\n"
                          "/w/a.cpp:13:10:   required from here\n"
                          "/w/a.cpp:6:39: error: request for member 'nope' in 't'\n"
                          "    6 | template <typename T> void h(T t) { t.nope(); }\n"
                          "      |                                       ^~~~\n"
                          "/w/a.cpp:9:1: warning: next\n")
        << QStringList{QStringLiteral("error compiler /w/a.cpp:6:39: request for member 'nope' in 't'"),
                       QStringLiteral("  note compiler /w/a.cpp:0:0: In instantiation of 'void h(T) [with T = int]'"),
                       QStringLiteral("  note compiler /w/a.cpp:7:42: required from 'void outer(T) [with T = int]'"),
                       QStringLiteral("  note compiler /w/a.cpp:13:10: required from here"),
                       QStringLiteral("warning compiler /w/a.cpp:9:1: next")};

    // Linkers.
    QTest::newRow("summary alone, GCC")
        << QStringLiteral("collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker :0:0: ld returned 1 exit status")};
    QTest::newRow("summary alone, Clang")
        << QStringLiteral("clang++: error: linker command failed with exit code 1 (use -v to see invocation)\n")
        << QStringList{QStringLiteral("error linker :0:0: linker command failed with exit code 1 (use -v to see invocation)")};
    QTest::newRow("two links, the second without a word of its own")
        << QStringLiteral("[1/2] Linking CXX executable a\n"
                          "FAILED: a \n"
                          ": && /usr/bin/c++ a.o -o a && :\n"
                          "/usr/bin/ld: a.o: in function `main':\n"
                          "a.cpp:(.text+0x5): undefined reference to `f()'\n"
                          "collect2: error: ld returned 1 exit status\n"
                          "[2/2] Linking CXX executable b\n"
                          "FAILED: b \n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker a.cpp:0:0: undefined reference to `f()'"),
                       QStringLiteral("  note linker a.o:0:0: in function `main'"),
                       QStringLiteral("error linker :0:0: ld returned 1 exit status")};
    QTest::newRow("GNU ld, older wording")
        << QStringLiteral("a.o: In function `main':\n"
                          "/w/a.cpp:4: undefined reference to `f()'\n"
                          "/w/a.cpp:5: undefined reference to `g()'\n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker /w/a.cpp:4:0: undefined reference to `f()'"),
                       QStringLiteral("  note linker a.o:0:0: in function `main'"),
                       QStringLiteral("error linker /w/a.cpp:5:0: undefined reference to `g()'"),
                       QStringLiteral("  note linker a.o:0:0: in function `main'")};
    QTest::newRow("GNU ld, more undefined references")
        << QStringLiteral("/usr/bin/ld: a.o: in function `main':\n"
                          "a.cpp:(.text+0x5): undefined reference to `f()'\n"
                          "/usr/bin/ld: a.cpp:(.text+0x9): more undefined references to `f()' follow\n")
        << QStringList{QStringLiteral("error linker a.cpp:0:0: undefined reference to `f()'"),
                       QStringLiteral("  note linker a.o:0:0: in function `main'"),
                       QStringLiteral("  note linker a.cpp:0:0: more undefined references to `f()' follow")};
    QTest::newRow("GNU ld, multiple definition")
        << QStringLiteral("/usr/bin/ld: b.o: in function `f()':\n"
                          "b.cpp:(.text+0x0): multiple definition of `f()'; a.o:a.cpp:(.text+0x0): first defined here\n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker b.cpp:0:0: multiple definition of `f()'; a.o:a.cpp:(.text+0x0): first defined here"),
                       QStringLiteral("  note linker b.o:0:0: in function `f()'")};
    QTest::newRow("GNU ld, missing library")
        << QStringLiteral("/usr/bin/ld: cannot find -lnope: No such file or directory\n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker :0:0: cannot find -lnope: No such file or directory")};
    QTest::newRow("GNU ld, warning")
        << QStringLiteral("/usr/bin/ld: warning: libfoo.so.1, needed by libbar.so, not found (try using -rpath or -rpath-link)\n")
        << QStringList{QStringLiteral("warning linker :0:0: libfoo.so.1, needed by libbar.so, not found (try using -rpath or -rpath-link)")};
    QTest::newRow("gold")
        << QStringLiteral("../src/link.cpp:4: error: undefined reference to 'missing()'\n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker ../src/link.cpp:4:0: undefined reference to 'missing()'")};
    QTest::newRow("lld, duplicate symbol")
        << QStringLiteral("ld.lld: error: duplicate symbol: f()\n"
                          ">>> defined at a.cpp:1 (/w/src/a.cpp:1)\n"
                          ">>>            a.o:(f())\n"
                          ">>> defined at b.cpp:1 (/w/src/b.cpp:1)\n"
                          ">>>            b.o:(.text+0x0)\n"
                          "clang: error: linker command failed with exit code 1 (use -v to see invocation)\n")
        << QStringList{QStringLiteral("error linker /w/src/a.cpp:1:0: duplicate symbol: f()"),
                       QStringLiteral("  note linker /w/src/a.cpp:1:0: defined at a.cpp:1 (/w/src/a.cpp:1) in a.o:(f())"),
                       QStringLiteral("  note linker /w/src/b.cpp:1:0: defined at b.cpp:1 (/w/src/b.cpp:1) in b.o:(.text+0x0)")};
    QTest::newRow("lld, many references and a suggestion")
        << QStringLiteral("ld.lld: error: undefined symbol: g()\n"
                          ">>> referenced by a.cpp:3 (/w/a.cpp:3)\n"
                          ">>>               a.o:(main)\n"
                          ">>> referenced 2 more times\n"
                          ">>> did you mean: g(int)\n"
                          ">>> defined in: b.o\n"
                          "ld.lld: error: too many errors emitted, stopping now (use --error-limit=0 to see all errors)\n")
        << QStringList{QStringLiteral("error linker /w/a.cpp:3:0: undefined symbol: g()"),
                       QStringLiteral("  note linker /w/a.cpp:3:0: referenced by a.cpp:3 (/w/a.cpp:3) in a.o:(main)"),
                       QStringLiteral("  note linker :0:0: referenced 2 more times"),
                       QStringLiteral("  note linker :0:0: did you mean: g(int)"),
                       QStringLiteral("  note linker :0:0: defined in: b.o")};
    QTest::newRow("mold, two symbols")
        << QStringLiteral("mold: error: undefined symbol: f()\n"
                          ">>> referenced by a.cpp\n"
                          ">>>               a.o:(main)\n"
                          "mold: error: undefined symbol: g()\n"
                          ">>> referenced by b.cpp\n"
                          ">>>               b.o:(main)\n"
                          "collect2: error: ld returned 1 exit status\n")
        << QStringList{QStringLiteral("error linker a.cpp:0:0: undefined symbol: f()"),
                       QStringLiteral("  note linker a.cpp:0:0: referenced by a.cpp in a.o:(main)"),
                       QStringLiteral("error linker b.cpp:0:0: undefined symbol: g()"),
                       QStringLiteral("  note linker b.cpp:0:0: referenced by b.cpp in b.o:(main)")};
}

void TestDiagnosticParser::writtenForms_data()
{
    addWrittenRows();
    // A CMake message grows by its lines (not for feedingStyles(): its text is complete only at
    // its end).
    QTest::newRow("AutoUic's subprocess error: the form, the line uic names, no command")
        << QStringLiteral("AutoUic subprocess error\n------------------------\nThe uic process failed to compile\n"
                          "  \"/w/src/form.ui\"\ninto\n  \"/w/build/ui_form.h\"\n\nCommand\n-------\n"
                          "/usr/lib/qt6/libexec/uic -o /w/build/ui_form.h /w/src/form.ui\n\nOutput\n------\n"
                          "uic: Error in line 4, column 24 : Premature end of document.\n"
                          "ninja: build stopped: subcommand failed.\n")
        << QStringList{QStringLiteral("error autogen /w/src/form.ui:4:0: AutoUic: The uic process failed to compile into "
                                      "\"/w/build/ui_form.h\" uic: Error in line 4, column 24 : Premature end of document.")};
}

void TestDiagnosticParser::writtenForms()
{
    QFETCH(QString, output);
    QFETCH(QStringList, expected);

    DiagnosticParser parser(QStringLiteral("/nonexistent/build"));
    parser.addOutput(output);
    const QStringList got = describe(parser.diagnostics());
    if (got != expected)
        qWarning().noquote() << "parsed:\n" << got.join(QLatin1Char('\n'));
    QCOMPARE(got, expected);
}

// addLine per line, addOutput once, addOutput per line with its line break: the same result,
// and diagnostics() is complete after each line.
void TestDiagnosticParser::feedingStyles_data()
{
    addWrittenRows();
}

void TestDiagnosticParser::feedingStyles()
{
    QFETCH(QString, output);
    const QString folder = QStringLiteral("/nonexistent/build");
    const Parsed atOnce = parseAllAtOnce(folder, output);
    const Parsed byLine = parseLineByLine(folder, output);
    const Parsed withBreaks = parseLinesWithBreaks(folder, output);
    QCOMPARE(describe(byLine.diagnostics), describe(atOnce.diagnostics));
    QCOMPARE(describe(withBreaks.diagnostics), describe(atOnce.diagnostics));
    QCOMPARE(toJson(byLine.diagnostics), toJson(atOnce.diagnostics));
    QCOMPARE(byLine.errors, atOnce.errors);
    QCOMPARE(byLine.warnings, atOnce.warnings);
    QVERIFY(byLine.diagnostics == atOnce.diagnostics);

    // Asked between lines, the parser has never to take back what it listed.
    DiagnosticParser parser(folder);
    QList<Diagnostic> before;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        parser.addLine(line);
        const QList<Diagnostic> now = parser.diagnostics();
        QVERIFY(now.size() >= before.size());
        for (int i = 0; i < before.size(); ++i)
            QVERIFY(now.at(i).message == before.at(i).message);
        before = now;
    }
    QVERIFY(before == atOnce.diagnostics);
}

void TestDiagnosticParser::stripAnsi_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("a.cpp:1:2: error: x") << QStringLiteral("a.cpp:1:2: error: x");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("GCC colours")
        << QStringLiteral("\x1b[01m\x1b[K../src/a.cpp:3:13:\x1b[m\x1b[K \x1b[01;31m\x1b[Kerror: \x1b[m\x1b[Kexpected")
        << QStringLiteral("../src/a.cpp:3:13: error: expected");
    QTest::newRow("Clang colours")
        << QStringLiteral("\x1b[1m../src/a.cpp:3:13: \x1b[0m\x1b[0;1;31merror: \x1b[0m\x1b[1mexpected expression\x1b[0m")
        << QStringLiteral("../src/a.cpp:3:13: error: expected expression");
    QTest::newRow("Clang caret line") << QStringLiteral("\x1b[0;1;32m            ^\n\x1b[0m1 error generated.")
                                      << QStringLiteral("            ^\n1 error generated.");
    QTest::newRow("256 colours") << QStringLiteral("\x1b[38;5;196mred\x1b[0m") << QStringLiteral("red");
    QTest::newRow("cursor movement") << QStringLiteral("\x1b[2K\x1b[1Gdone") << QStringLiteral("done");
    QTest::newRow("hyperlink ended by ESC \\")
        << QStringLiteral("[\x1b]8;;https://gcc.gnu.org/x\x1b\\-Wunused\x1b]8;;\x1b\\]") << QStringLiteral("[-Wunused]");
    QTest::newRow("hyperlink ended by BEL") << QStringLiteral("\x1b]8;;https://x\x07-W\x1b]8;;\x07")
                                            << QStringLiteral("-W");
    QTest::newRow("character set") << QStringLiteral("\x1b(Bx\x1b" "7y") << QStringLiteral("xy");
    QTest::newRow("escape at the end") << QStringLiteral("text\x1b") << QStringLiteral("text");
    QTest::newRow("unterminated sequence") << QStringLiteral("a\x1b[12") << QStringLiteral("a");
    QTest::newRow("unterminated hyperlink") << QStringLiteral("a\x1b]8;;http") << QStringLiteral("a");
    QTest::newRow("non-ASCII kept") << QStringLiteral("\x1b[1m\u2018x\u2019 \u2014 \u00fc\x1b[m")
                                    << QStringLiteral("\u2018x\u2019 \u2014 \u00fc");
    QTest::newRow("brackets without escape") << QStringLiteral("a[0m] [1/2]") << QStringLiteral("a[0m] [1/2]");
}

void TestDiagnosticParser::stripAnsi()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(DiagnosticParser::stripAnsi(text), expected);
}

void TestDiagnosticParser::json()
{
    QCOMPARE(Diagnostic::severityName(Diagnostic::Severity::Error), QStringLiteral("error"));
    QCOMPARE(Diagnostic::severityName(Diagnostic::Severity::Warning), QStringLiteral("warning"));
    QCOMPARE(Diagnostic::severityName(Diagnostic::Severity::Note), QStringLiteral("note"));

    DiagnosticParser parser(QStringLiteral("/nonexistent/build"));
    parser.addOutput(QStringLiteral("In file included from /w/a.h:3,\n"
                                    "                 from /w/b.cpp:1:\n"
                                    "/w/c.h:2:5: warning: w [-Wextra]\n"
                                    "/w/c.h:1:1: note: n\n"
                                    "ld.lld: error: undefined symbol: f()\n"));
    const QList<Diagnostic> diagnostics = parser.diagnostics();
    QCOMPARE(diagnostics.size(), 2);
    QCOMPARE(parser.errorCount(), 1);
    QCOMPARE(parser.warningCount(), 1);

    const QJsonObject warning = diagnostics.at(0).toJson();
    QCOMPARE(warning.keys(), (QStringList{QStringLiteral("column"), QStringLiteral("file"), QStringLiteral("includedFrom"),
                                          QStringLiteral("kind"), QStringLiteral("line"), QStringLiteral("message"),
                                          QStringLiteral("notes"), QStringLiteral("severity")}));
    QCOMPARE(warning.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    QCOMPARE(warning.value(QStringLiteral("file")).toString(), QStringLiteral("/w/c.h"));
    QCOMPARE(warning.value(QStringLiteral("line")).toInt(), 2);
    QCOMPARE(warning.value(QStringLiteral("column")).toInt(), 5);
    QCOMPARE(warning.value(QStringLiteral("message")).toString(), QStringLiteral("w [-Wextra]"));
    QCOMPARE(warning.value(QStringLiteral("kind")).toString(), QStringLiteral("compiler"));
    QCOMPARE(warning.value(QStringLiteral("includedFrom")).toArray(),
             (QJsonArray{QStringLiteral("/w/a.h:3"), QStringLiteral("/w/b.cpp:1")}));
    const QJsonArray notes = warning.value(QStringLiteral("notes")).toArray();
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("note"));
    QCOMPARE(notes.at(0).toObject().value(QStringLiteral("message")).toString(), QStringLiteral("n"));
    // The note is in the same header, whose chain the compiler did not print again.
    QCOMPARE(notes.at(0).toObject().value(QStringLiteral("includedFrom")).toArray().size(), 2);

    const QJsonObject error = diagnostics.at(1).toJson();
    QCOMPARE(error.keys(), (QStringList{QStringLiteral("column"), QStringLiteral("file"), QStringLiteral("kind"),
                                        QStringLiteral("line"), QStringLiteral("message"), QStringLiteral("severity")}));
    QCOMPARE(error.value(QStringLiteral("file")).toString(), QString());
    QCOMPARE(error.value(QStringLiteral("line")).toInt(), 0);
    QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("linker"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("undefined symbol: f()"));

    QVariant variant = QVariant::fromValue(diagnostics.at(0));
    QVERIFY(variant.value<Diagnostic>() == diagnostics.at(0));
}

void TestDiagnosticParser::clearKeepsTheBuildFolder()
{
    DiagnosticParser parser(m_build);
    QCOMPARE(parser.buildDirectory(), m_build);
    parser.addLine(QStringLiteral("../src/syntax.cpp:3:13: error: x"));
    parser.addLine(QStringLiteral("In file included from ../src/middle.h:2,"));
    QCOMPARE(parser.errorCount(), 1);
    QCOMPARE(parser.diagnostics().first().file, m_src + QStringLiteral("/syntax.cpp"));

    DiagnosticParser copy = parser;
    parser.clear();
    QCOMPARE(parser.diagnostics().size(), 0);
    QCOMPARE(parser.errorCount(), 0);
    QCOMPARE(parser.buildDirectory(), m_build);
    // The chain begun before clear() is forgotten with the rest.
    parser.addLine(QStringLiteral("../src/broken.h:4:12: error: y"));
    QCOMPARE(parser.diagnostics().size(), 1);
    QCOMPARE(parser.diagnostics().first().file, m_src + QStringLiteral("/broken.h"));
    QCOMPARE(parser.diagnostics().first().includeChain, QStringList());

    // The copy kept everything, the pending chain included.
    QCOMPARE(copy.errorCount(), 1);
    copy.addLine(QStringLiteral("                 from ../src/header.cpp:1:"));
    copy.addLine(QStringLiteral("../src/broken.h:4:12: error: y"));
    QCOMPARE(copy.diagnostics().last().includeChain,
             (QStringList{m_src + QStringLiteral("/middle.h:2"), m_src + QStringLiteral("/header.cpp:1")}));

    // A relative build folder is made absolute; without one, paths stay as printed.
    QCOMPARE(DiagnosticParser(QStringLiteral("rel")).buildDirectory(), QDir::current().absoluteFilePath(QStringLiteral("rel")));
    DiagnosticParser noFolder;
    noFolder.addLine(QStringLiteral("../src/syntax.cpp:3:13: error: x"));
    QCOMPARE(noFolder.diagnostics().first().file, QStringLiteral("../src/syntax.cpp"));
}

// What addLine() says each line points at, as a build console links it: the diagnostic the line
// began, the note it added, or the place a linker's reference gave; nothing for the lines around.
void TestDiagnosticParser::lineLocations_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QStringList>("expected"); // "file:line:column", empty where it points nowhere

    QTest::newRow("compiler error and its note")
        << QStringList{QStringLiteral("[1/2] Building CXX object x.o"),
                       QStringLiteral("/w/build/../src/x.cpp:3:5: error: 'boom' was not declared in this scope"),
                       QStringLiteral("    3 |     boom;"),
                       QStringLiteral("      |     ^~~~"),
                       QStringLiteral("/w/src/x.h:1:2: note: declared here"),
                       QStringLiteral("ninja: build stopped: subcommand failed.")}
        << QStringList{QString(), QStringLiteral("/w/src/x.cpp:3:5"), QString(), QString(),
                       QStringLiteral("/w/src/x.h:1:2"), QString()};
    QTest::newRow("in colour")
        << QStringList{QStringLiteral("\x1b[01m\x1b[K/w/src/x.cpp:3:5:\x1b[m\x1b[K \x1b[01;31m\x1b[Kerror: \x1b[m\x1b[Kboom")}
        << QStringList{QStringLiteral("/w/src/x.cpp:3:5")};
    QTest::newRow("GCC's template context points through its error")
        << QStringList{QStringLiteral("/w/src/t.cpp: In instantiation of 'void h(T) [with T = int]':"),
                       QStringLiteral("/w/src/t.cpp:9:6:   required from here"),
                       QStringLiteral("/w/src/t.cpp:6:40: error: request for member 'nope' in 't'")}
        << QStringList{QString(), QString(), QStringLiteral("/w/src/t.cpp:6:40")};
    QTest::newRow("GNU ld")
        << QStringList{QStringLiteral("/usr/bin/ld: x.o: in function `main':"),
                       QStringLiteral("/w/src/x.cpp:4: undefined reference to `missing()'"),
                       QStringLiteral("collect2: error: ld returned 1 exit status")}
        << QStringList{QString(), QStringLiteral("/w/src/x.cpp:4:0"), QString()};
    QTest::newRow("lld: the reference gives the place")
        << QStringList{QStringLiteral("ld.lld: error: undefined symbol: missing()"),
                       QStringLiteral(">>> referenced by x.cpp:4 (/w/src/x.cpp:4)"),
                       QStringLiteral(">>>               x.o:(main)"),
                       QStringLiteral("clang++: error: linker command failed with exit code 1 (use -v to see invocation)")}
        << QStringList{QString(), QStringLiteral("/w/src/x.cpp:4:0"), QString(), QString()};
    QTest::newRow("a driver error names no place")
        << QStringList{QStringLiteral("g++: error: nothere.cpp: No such file or directory"),
                       QStringLiteral("g++: fatal error: no input files")}
        << QStringList{QString(), QString()};
}

void TestDiagnosticParser::lineLocations()
{
    QFETCH(QStringList, lines);
    QFETCH(QStringList, expected);

    DiagnosticParser parser(QStringLiteral("/nonexistent/build"));
    QStringList got;
    for (const QString &line : lines) {
        const Diagnostic at = parser.addLine(line);
        got.append(at.file.isEmpty() ? QString() : QStringLiteral("%1:%2:%3").arg(at.file).arg(at.line).arg(at.column));
    }
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestDiagnosticParser)
#include "tst_diagnosticparser.moc"
