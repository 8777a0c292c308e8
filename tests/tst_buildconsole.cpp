// BuildConsole on the real, coloured output of g++ and clang++, compiled here from broken
// snippets, driven with the mouse and its toolbar as a user drives it.
#include "requiretool.h"
#include "snippetfolder.h"

#include "build/buildconsole.h"
#include "build/buildoutputview.h"

#include "relive/diagnosticparser.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QDir>
#include <QtCore/QRegularExpression>
#include <QtGui/QTextBlock>
#include <QtTest/QtTest>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QToolButton>

using namespace Relive::App;

using Relive::BuildResult;
using Relive::Diagnostic;
using TestSupport::Snippet;

namespace {

const QString gxx = QStringLiteral(RELIVE_TEST_GXX);
const QString clangxx = QStringLiteral(RELIVE_TEST_CLANGXX);

const Snippet snippets[] = {
    {"syntax.cpp", "int main()\n{\n    int x = ;\n    return x;\n}\n"},
    {"link.cpp", "int missing();\nint main()\n{\n    return missing();\n}\n"},
};

/*!
 * Where the compilers point in a snippet: the line (1-based) holding \a marker and, when
 * \a columnAt is given, the column (1-based) of its first character on that line; else 0.
 */
QPair<int, int> locate(const QString &name, const char *marker, const char *columnAt)
{
    for (const Snippet &s : snippets) {
        if (name != QLatin1String(s.name))
            continue;
        const QStringList lines = QString::fromLatin1(s.text).split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).contains(QLatin1String(marker)))
                return qMakePair(i + 1, columnAt ? int(lines.at(i).indexOf(QLatin1String(columnAt))) + 1 : 0);
        }
    }
    return qMakePair(-1, -1);
}

// Colour forced on, as BuildRunner asks for it; the flag each compiler knows.
const QString gxxColour = QStringLiteral("-fdiagnostics-color=always");
const QString clangColour = QStringLiteral("-fcolor-diagnostics");

// The source is ../src/<name>, relative to the build folder as under Ninja. Compile: keep
// nothing. Link: with debug information, so that GNU ld names the source line.
QStringList compileArguments(const char *name, const QString &colourFlag = QString(), bool link = false)
{
    QStringList arguments{link ? QStringLiteral("-g") : QStringLiteral("-c"),
                          QStringLiteral("../src/") + QLatin1String(name), QStringLiteral("-o"),
                          link ? QStringLiteral("a.out") : QStringLiteral("/dev/null")};
    if (!colourFlag.isEmpty())
        arguments.prepend(colourFlag);
    return arguments;
}

QStringList linkArguments(const char *name, const QString &colourFlag = QString())
{
    return compileArguments(name, colourFlag, true);
}

bool isReddish(const QColor &color)
{
    return color.isValid() && color.red() > 2 * color.green() && color.red() > 2 * color.blue();
}

bool isGreenish(const QColor &color)
{
    return color.isValid() && color.green() > color.red() && color.green() > color.blue();
}

QTextBlock blockContaining(const BuildOutputView *view, const QString &text)
{
    for (QTextBlock block = view->document()->firstBlock(); block.isValid(); block = block.next()) {
        if (block.text().contains(text))
            return block;
    }
    return QTextBlock();
}

// The format of the run of \a block whose text contains \a text.
QTextCharFormat formatOf(const QTextBlock &block, const QString &text)
{
    for (QTextBlock::iterator it = block.begin(); !it.atEnd(); ++it) {
        if (it.fragment().text().contains(text))
            return it.fragment().charFormat();
    }
    return QTextCharFormat();
}

// Where on the viewport a click lands on \a block: a few characters into it, scrolled into view.
QPoint pointOn(BuildOutputView *view, const QTextBlock &block)
{
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, qMin(3, block.length() - 1));
    view->setTextCursor(cursor);
    view->ensureCursorVisible();
    return view->cursorRect(cursor).center();
}

void hover(QWidget *viewport, const QPoint &position)
{
    QMouseEvent move(QEvent::MouseMove, position, viewport->mapToGlobal(position), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
}

/*!
 * A build's lines as Relive::LiveSession hands them to the console: each with the place
 * DiagnosticParser found in it, relative paths taken against the build folder.
 */
class SessionOutput
{
public:
    explicit SessionOutput(const QString &buildDirectory)
        : m_parser(buildDirectory)
    {
    }
    QString buildDirectory() const { return m_parser.buildDirectory(); }
    void feed(BuildConsole &console, const QString &output)
    {
        for (const QString &line : output.split(QLatin1Char('\n')))
            console.appendBuildOutput(line, m_parser.addLine(line));
    }

private:
    Relive::DiagnosticParser m_parser;
};

QToolButton *buttonOf(BuildConsole &console, QAction *action)
{
    return qobject_cast<QToolButton *>(console.toolBar()->widgetForAction(action));
}

} // namespace

class TestBuildConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compilerColoursKept_data();
    void compilerColoursKept();
    void diagnosticLineIsClickable_data();
    void diagnosticLineIsClickable();
    void relativePathNeedsTheBuildFolder();
    void summaryLine_data();
    void summaryLine();
    void cancelOnlyWhileBuilding();
    void clearEmpties();
    void followsTheOutputUntilScrolledUp();
    void nextAndPreviousDiagnostic();
    void oldLinesTakeTheirLinksAlong();

private:
    QString compile(const QString &compiler, const QStringList &arguments) const;
    QString sourcePath(const QString &name) const { return m_folder.sourcePath(name); }

    TestSupport::SnippetFolder m_folder;
    QString m_build;
};

void TestBuildConsole::initTestCase()
{
    QString why;
    QVERIFY2(m_folder.create(snippets, &why), qPrintable(why));
    m_build = m_folder.build();
}

// What a compiler run in the build folder printed, as Ninja would have shown it.
QString TestBuildConsole::compile(const QString &compiler, const QStringList &arguments) const
{
    return m_folder.run(compiler, arguments).output;
}

void TestBuildConsole::compilerColoursKept_data()
{
    QTest::addColumn<QString>("compiler");
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("g++") << gxx << compileArguments("syntax.cpp", gxxColour);
    QTest::newRow("clang++") << clangxx << compileArguments("syntax.cpp", clangColour);
}

void TestBuildConsole::compilerColoursKept()
{
    QFETCH(QString, compiler);
    QFETCH(QStringList, arguments);
    if (compiler.isEmpty())
        RELIVE_MISSING_TOOL("this compiler is not installed");
    const QString output = compile(compiler, arguments);
    QVERIFY2(output.contains(QChar(0x1b)), qPrintable(QStringLiteral("no colour codes in:\n") + output));

    BuildConsole console;
    SessionOutput(m_build).feed(console, output);
    const QString shown = console.outputView()->toPlainText();
    QVERIFY2(!shown.contains(QChar(0x1b)), qPrintable(shown));
    QVERIFY2(!shown.contains(QRegularExpression(QStringLiteral("\\[[0-9;]*[mK]"))), qPrintable(shown));

    const QTextBlock errorLine = blockContaining(console.outputView(), QStringLiteral("error: "));
    QVERIFY2(errorLine.isValid(), qPrintable(shown));
    const QTextCharFormat severity = formatOf(errorLine, QStringLiteral("error"));
    QVERIFY2(isReddish(severity.foreground().color()), qPrintable(severity.foreground().color().name()));
    QVERIFY(severity.fontWeight() >= QFont::Bold);
    // The message after the severity is back to the default colour: the reset was applied.
    const QTextCharFormat message = formatOf(errorLine, QStringLiteral("expected"));
    QVERIFY(!message.hasProperty(QTextFormat::ForegroundBrush));
}

void TestBuildConsole::diagnosticLineIsClickable_data()
{
    QTest::addColumn<QString>("compiler");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<QString>("lineText"); // what the clickable line says
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    const QPair<int, int> syntax = locate(QStringLiteral("syntax.cpp"), "int x = ;", ";");
    const QPair<int, int> link = locate(QStringLiteral("link.cpp"), "return missing();", nullptr);

    QTest::newRow("g++ error") << gxx << compileArguments("syntax.cpp", gxxColour) << QStringLiteral("syntax.cpp")
                               << QStringLiteral("error: ") << syntax.first << syntax.second;
    QTest::newRow("clang++ error") << clangxx << compileArguments("syntax.cpp", clangColour)
                                   << QStringLiteral("syntax.cpp") << QStringLiteral("error: ") << syntax.first
                                   << syntax.second;
    QTest::newRow("g++ linker error") << gxx << linkArguments("link.cpp", gxxColour) << QStringLiteral("link.cpp")
                                      << QStringLiteral("undefined reference") << link.first << link.second;
}

void TestBuildConsole::diagnosticLineIsClickable()
{
    QFETCH(QString, compiler);
    QFETCH(QStringList, arguments);
    QFETCH(QString, snippet);
    QFETCH(QString, lineText);
    QFETCH(int, line);
    QFETCH(int, column);
    if (compiler.isEmpty())
        RELIVE_MISSING_TOOL("this compiler is not installed");
    const QString output = compile(compiler, arguments);

    BuildConsole console;
    console.resize(900, 400);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    console.buildStarted(QStringLiteral("test toolchain"));
    SessionOutput(m_build).feed(console, output); // no buildFinished(): links work while the build streams
    BuildOutputView *view = console.outputView();
    QVERIFY2(console.diagnosticLineCount() >= 1, qPrintable(output));

    const QTextBlock link = blockContaining(view, lineText);
    QVERIFY2(link.isValid(), qPrintable(view->toPlainText()));
    QVERIFY(view->isLink(link.blockNumber()));
    QVERIFY(formatOf(link, lineText.left(5)).fontUnderline());
    const QTextBlock header = blockContaining(view, QStringLiteral("test toolchain"));
    QVERIFY(header.isValid());
    QVERIFY(!view->isLink(header.blockNumber()));

    QSignalSpy activated(&console, &BuildConsole::locationActivated);
    // Hovering shows a hand over the link, and the text cursor elsewhere.
    const QPoint onLink = pointOn(view, link);
    hover(view->viewport(), onLink);
    QCOMPARE(view->viewport()->cursor().shape(), Qt::PointingHandCursor);
    const QPoint onHeader = pointOn(view, header);
    hover(view->viewport(), onHeader);
    QCOMPARE(view->viewport()->cursor().shape(), Qt::IBeamCursor);

    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, onHeader);
    QCOMPARE(activated.count(), 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, pointOn(view, link));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), sourcePath(snippet));
    QCOMPARE(activated.at(0).at(1).toInt(), line);
    QCOMPARE(activated.at(0).at(2).toInt(), column);
}

// The compiler prints the path as Ninja gave it, relative to the build folder.
void TestBuildConsole::relativePathNeedsTheBuildFolder()
{
    if (gxx.isEmpty())
        RELIVE_MISSING_TOOL("g++ is not installed");
    const QString output = compile(gxx, compileArguments("syntax.cpp"));
    QVERIFY2(output.contains(QStringLiteral("../src/syntax.cpp:")), qPrintable(output));

    // From another folder the same relative path names no file: not a link to a wrong place.
    const QString elsewherePath = m_build + QStringLiteral("/elsewhere");
    QVERIFY(QDir().mkpath(elsewherePath));
    QVERIFY(!QFileInfo::exists(elsewherePath + QStringLiteral("/../src/syntax.cpp")));
    BuildConsole elsewhere;
    SessionOutput(elsewherePath).feed(elsewhere, output);
    QCOMPARE(elsewhere.diagnosticLineCount(), 0);

    BuildConsole console;
    SessionOutput session(m_build);
    QCOMPARE(session.buildDirectory(), m_build);
    session.feed(console, output);
    QCOMPARE(console.diagnosticLineCount(), 1);
    QSignalSpy activated(&console, &BuildConsole::locationActivated);
    QVERIFY(console.nextDiagnosticAction()->isEnabled());
    console.nextDiagnosticAction()->trigger();
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), sourcePath(QStringLiteral("syntax.cpp")));
}

void TestBuildConsole::summaryLine_data()
{
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("cancelled");
    QTest::addColumn<double>("totalMs");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("warnings");
    QTest::addColumn<QString>("errorString"); // BuildResult's
    QTest::addColumn<QString>("expected");

    const QString buildFailed = QStringLiteral("build failed (exit 1)");
    QTest::newRow("failed") << false << false << 1234.0 << 2 << 1 << buildFailed
                            << QStringLiteral("Build failed: 2 errors, 1 warning, 1.23 s");
    QTest::newRow("one error") << false << false << 2500.0 << 1 << 3 << buildFailed
                               << QStringLiteral("Build failed: 1 error, 3 warnings, 2.50 s");
    // Without a compiler error, the reason is said.
    QTest::newRow("configure failed") << false << false << 499.0 << 0 << 0 << QStringLiteral("configure failed (exit 1)")
                                      << QStringLiteral("Build failed: 0 errors, 0 warnings, 0.50 s (configure failed (exit 1))");
    QTest::newRow("succeeded") << true << false << 610.0 << 0 << 0 << QString()
                               << QStringLiteral("Build succeeded: 0 errors, 0 warnings, 0.61 s");
    QTest::newRow("succeeded with a warning") << true << false << 75.0 << 0 << 1 << QString()
                                              << QStringLiteral("Build succeeded: 0 errors, 1 warning, 0.07 s");
    QTest::newRow("cancelled") << false << true << 300.0 << 0 << 0 << QStringLiteral("cancelled")
                               << QStringLiteral("Build cancelled");
}

void TestBuildConsole::summaryLine()
{
    QFETCH(bool, ok);
    QFETCH(bool, cancelled);
    QFETCH(double, totalMs);
    QFETCH(int, errors);
    QFETCH(int, warnings);
    QFETCH(QString, errorString);
    QFETCH(QString, expected);

    QList<Diagnostic> diagnostics;
    for (int i = 0; i < errors; ++i)
        diagnostics.append(Diagnostic{Diagnostic::Severity::Error, sourcePath(QStringLiteral("syntax.cpp")), 3, 13,
                                      QStringLiteral("expected expression"), QStringLiteral("compiler"), {}, {}});
    for (int i = 0; i < warnings; ++i)
        diagnostics.append(Diagnostic{Diagnostic::Severity::Warning, sourcePath(QStringLiteral("syntax.cpp")), 4, 5,
                                      QStringLiteral("unused"), QStringLiteral("compiler"), {}, {}});
    // A note with nothing to attach to is listed, but counts as neither.
    diagnostics.append(Diagnostic{Diagnostic::Severity::Note, QString(), 0, 0, QStringLiteral("lonely"),
                                  QStringLiteral("compiler"), {}, {}});
    BuildResult result;
    result.ok = ok;
    result.cancelled = cancelled;
    result.totalMs = totalMs;
    result.errorString = errorString;

    BuildConsole console;
    console.buildStarted(QStringLiteral("g++, ld"));
    console.appendOutput(QStringLiteral("[1/2] Building CXX object x.o"));
    console.buildFinished(result, diagnostics);
    QCOMPARE(console.lastSummary(), expected);
    const QTextBlock last = console.outputView()->document()->lastBlock();
    QCOMPARE(last.text(), expected);
    const QColor color = formatOf(last, expected.left(5)).foreground().color();
    if (cancelled)
        QVERIFY(!isReddish(color) && !isGreenish(color));
    else
        QVERIFY2(ok ? isGreenish(color) : isReddish(color), qPrintable(color.name()));

    // One summary line per build: a second build adds its own.
    console.buildStarted(QStringLiteral("g++, ld"));
    console.buildFinished(result, diagnostics);
    QCOMPARE(console.outputView()->toPlainText().count(expected), 2);
    QCOMPARE(console.outputView()->document()->blockCount(), 5);
}

void TestBuildConsole::cancelOnlyWhileBuilding()
{
    BuildConsole console;
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QToolButton *cancel = buttonOf(console, console.cancelAction());
    QVERIFY(cancel);
    QSignalSpy requested(&console, &BuildConsole::cancelRequested);

    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(requested.count(), 0);

    console.buildStarted(QStringLiteral("clang++, mold"));
    QVERIFY(console.isBuilding());
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);

    BuildResult result;
    result.cancelled = true;
    console.buildFinished(result, {});
    QVERIFY(!console.isBuilding());
    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
}

void TestBuildConsole::clearEmpties()
{
    if (gxx.isEmpty())
        RELIVE_MISSING_TOOL("g++ is not installed");
    BuildConsole console;
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    console.buildStarted(QStringLiteral("g++"));
    SessionOutput(m_build).feed(console, compile(gxx, compileArguments("syntax.cpp")));
    BuildResult failed;
    failed.totalMs = 10;
    console.buildFinished(failed, {});
    QVERIFY(console.diagnosticLineCount() > 0);
    QVERIFY(!console.lastSummary().isEmpty());

    QTest::mouseClick(buttonOf(console, console.clearAction()), Qt::LeftButton);
    QCOMPARE(console.outputView()->toPlainText(), QString());
    QCOMPARE(console.outputView()->document()->blockCount(), 1);
    QCOMPARE(console.diagnosticLineCount(), 0);
    QCOMPARE(console.lastSummary(), QString());
}

// A long build's last lines and its summary are in view; a user reading back is not dragged down.
void TestBuildConsole::followsTheOutputUntilScrolledUp()
{
    // The first build starts as the app's window opens: its lines arrive before the console's
    // dock is laid out, and the layout then changes the scroll range without any new line.
    QMainWindow window;
    window.setCentralWidget(new QWidget(&window));
    auto *dock = new QDockWidget(&window);
    auto *console = new BuildConsole(dock);
    dock->setWidget(console);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    QScrollBar *scrollBar = console->outputView()->verticalScrollBar();
    console->buildStarted(QStringLiteral("g++"));
    for (int i = 0; i < 300; ++i) {
        console->appendOutput(QStringLiteral("[%1/300] Building CXX object part%1.cpp.o").arg(i + 1));
        if (i == 5)
            QCoreApplication::processEvents();
    }
    window.resize(800, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(scrollBar->maximum() > 0);
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());
    for (int i = 0; i < 20; ++i) {
        console->appendOutput(QStringLiteral("later line %1").arg(i));
        QCoreApplication::processEvents(); // as lines arrive over time
    }
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());

    scrollBar->setValue(10); // the user scrolls back
    for (int i = 0; i < 50; ++i)
        console->appendOutput(QStringLiteral("more output %1").arg(i));
    QCoreApplication::processEvents();
    QCOMPARE(scrollBar->value(), 10);
}

void TestBuildConsole::nextAndPreviousDiagnostic()
{
    if (gxx.isEmpty())
        RELIVE_MISSING_TOOL("g++ is not installed");
    BuildConsole console;
    console.buildStarted(QString());
    SessionOutput session(m_build);
    session.feed(console, compile(gxx, compileArguments("syntax.cpp")));
    session.feed(console, compile(gxx, linkArguments("link.cpp")));
    QCOMPARE(console.diagnosticLineCount(), 2);

    QSignalSpy activated(&console, &BuildConsole::locationActivated);
    console.nextDiagnosticAction()->trigger();
    console.nextDiagnosticAction()->trigger();
    console.nextDiagnosticAction()->trigger(); // wraps to the first
    console.previousDiagnosticAction()->trigger(); // wraps back to the last
    QCOMPARE(activated.count(), 4);
    const QString syntaxFile = sourcePath(QStringLiteral("syntax.cpp"));
    const QString linkFile = sourcePath(QStringLiteral("link.cpp"));
    QCOMPARE(activated.at(0).at(0).toString(), syntaxFile);
    QCOMPARE(activated.at(1).at(0).toString(), linkFile);
    QCOMPARE(activated.at(2).at(0).toString(), syntaxFile);
    QCOMPARE(activated.at(3).at(0).toString(), linkFile);
    // The line stepped to is selected, so that the user sees which one it is.
    QVERIFY(console.outputView()->textCursor().selectedText().contains(QStringLiteral("undefined reference")));
}

void TestBuildConsole::oldLinesTakeTheirLinksAlong()
{
    if (gxx.isEmpty())
        RELIVE_MISSING_TOOL("g++ is not installed");
    BuildConsole console;
    console.outputView()->setMaximumBlockCount(10);
    SessionOutput(m_build).feed(console, compile(gxx, compileArguments("syntax.cpp")));
    QCOMPARE(console.diagnosticLineCount(), 1);
    for (int i = 0; i < 20; ++i)
        console.appendOutput(QStringLiteral("[%1/20] Building CXX object x%1.o").arg(i + 1));
    QCOMPARE(console.outputView()->document()->blockCount(), 10);
    QCOMPARE(console.diagnosticLineCount(), 0);
    QSignalSpy activated(&console, &BuildConsole::locationActivated);
    console.nextDiagnosticAction()->trigger();
    QCOMPARE(activated.count(), 0);
}

QTEST_MAIN(TestBuildConsole)
#include "tst_buildconsole.moc"
