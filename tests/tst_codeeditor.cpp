// CodeEditor, its gutter and the syntax highlighting, on the offscreen platform.
#include "editor/builtinhighlighter.h"
#include "editor/codeeditor.h"
#include "editor/editorgutter.h"
#include "editor/syntaxhighlighting.h"

#include <QtGui/QTextBlock>
#include <QtGui/QTextDocument>
#include <QtGui/QTextLayout>
#include <QtTest/QtTest>
#include <QtWidgets/QToolTip>

#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

using namespace Relive::App;
using Relive::Diagnostic;
using Style = BuiltinHighlighter::Style;

namespace {
const QString DiagnosticSource = QStringLiteral("int main()\n"
                                                "{\n"
                                                "    return undefined_name + 1;\n"
                                                "}\n");

Diagnostic makeDiagnostic(Diagnostic::Severity severity, int line, int column, const QString &message)
{
    Diagnostic diagnostic;
    diagnostic.severity = severity;
    diagnostic.file = QStringLiteral("/src/main.cpp");
    diagnostic.line = line;
    diagnostic.column = column;
    diagnostic.message = message;
    return diagnostic;
}

QList<QTextEdit::ExtraSelection> underlines(const CodeEditor &editor)
{
    QList<QTextEdit::ExtraSelection> result;
    const QList<QTextEdit::ExtraSelection> all = editor.extraSelections();
    for (const QTextEdit::ExtraSelection &selection : all) {
        if (selection.format.underlineStyle() == QTextCharFormat::WaveUnderline)
            result.append(selection);
    }
    return result;
}

// The format the highlighter gave the character at line, column (1-based).
QTextCharFormat formatAt(const QTextDocument &document, int line, int column)
{
    const QTextBlock block = document.findBlockByNumber(line - 1);
    const QVector<QTextLayout::FormatRange> formats = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : formats) {
        if (range.start <= column - 1 && column - 1 < range.start + range.length)
            return range.format;
    }
    return {};
}

// Its foreground; invalid for plain text.
QColor foregroundAt(const QTextDocument &document, int line, int column)
{
    const QTextCharFormat format = formatAt(document, line, column);
    return format.foreground().style() != Qt::NoBrush ? format.foreground().color() : QColor();
}

QColor styleColor(const BuiltinHighlighter &highlighter, BuiltinHighlighter::Style style)
{
    return highlighter.styleFormat(style).foreground().color();
}

// A document highlighted by the built-in highlighter, asked for colours by style or position.
struct Highlighted
{
    QTextDocument document;
    BuiltinHighlighter highlighter;

    Highlighted(const QString &text, BuiltinHighlighter::Language language, bool dark = false)
        : document(text)
        , highlighter(&document, language, dark)
    {
        highlighter.rehighlight();
    }
    QColor color(BuiltinHighlighter::Style style) const { return styleColor(highlighter, style); }
    QColor at(int line, int column) const { return foregroundAt(document, line, column); }
};

QPalette lightPalette()
{
    return QPalette(QColor(0xef, 0xef, 0xef));
}

QPalette darkPalette()
{
    return QPalette(QColor(0x2a, 0x2a, 0x2a));
}
} // namespace

class tst_CodeEditor : public QObject
{
    Q_OBJECT

private slots:
    void gutterWidthGrowsWithDigitCount();
    void enterKeepsIndentation();
    void tabInsertsFourSpaces();
    void usesFixedPitchFont();
    void diagnosticsAreUnderlinedAndMarked();
    void diagnosticRanges_data();
    void diagnosticRanges();
    void diagnosticsFollowEdits();
    void hoverShowsDiagnosticToolTips();
    void emptyDiagnosticListClears();
    void goToPositionClamps();
    void builtinHighlighting_data();
    void builtinHighlighting();
    void builtinHighlighterColoursAndStates();
    void builtinLanguageForFileName_data();
    void builtinLanguageForFileName();
    void engineFollowsBuild();
#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
    // Only where the app uses it (a Qt 5 build without it fails engineFollowsBuild): a Qt 6
    // build on Debian 12 has no KF6 and uses the built-in highlighter, tested above.
    void kSyntaxHighlightingColoursCpp();
#endif
};

void tst_CodeEditor::gutterWidthGrowsWithDigitCount()
{
    CodeEditor editor;
    QStringList lines;
    for (int i = 1; i <= 9; ++i)
        lines.append(QString::number(i));
    editor.setPlainText(lines.join(QLatin1Char('\n')));
    QCOMPARE(editor.blockCount(), 9);
    const int nineLines = editor.gutter()->preferredWidth();
    QCOMPARE(editor.gutter()->width(), nineLines);

    for (int i = 10; i <= 1000; ++i)
        lines.append(QString::number(i));
    editor.setPlainText(lines.join(QLatin1Char('\n')));
    QCOMPARE(editor.blockCount(), 1000);
    const int thousandLines = editor.gutter()->preferredWidth();
    // Two more digits than "9" (the gutter keeps room for two at least): wider by at least one.
    QVERIFY2(thousandLines >= nineLines + editor.fontMetrics().horizontalAdvance(QLatin1Char('9')),
             qPrintable(QStringLiteral("%1 -> %2").arg(nineLines).arg(thousandLines)));
    QCOMPARE(editor.gutter()->width(), thousandLines);
    QCOMPARE(editor.viewport()->geometry().left(), editor.contentsRect().left() + thousandLines);
}

void tst_CodeEditor::enterKeepsIndentation()
{
    CodeEditor editor;
    editor.show();
    editor.setPlainText(QStringLiteral("void f()\n{\n    int x;\n\t\tint y;"));

    editor.goToPosition(3, 11); // end of "    int x;"
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, QStringLiteral("z"));
    QCOMPARE(editor.document()->findBlockByNumber(3).text(), QStringLiteral("    z"));
    QCOMPARE(editor.currentLineNumber(), 4);

    editor.goToPosition(5, 9); // end of "\t\tint y;"
    QTest::keyClick(&editor, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(editor.document()->findBlockByNumber(5).text(), QStringLiteral("\t\t"));

    editor.goToPosition(1, 9); // end of "void f()": no indentation to keep
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.document()->findBlockByNumber(1).text(), QString());

    // One undo step takes the whole line break and its indentation back.
    editor.setPlainText(QStringLiteral("    a"));
    editor.goToPosition(1, 6);
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("    a\n    "));
    editor.undo();
    QCOMPARE(editor.toPlainText(), QStringLiteral("    a"));
}

void tst_CodeEditor::tabInsertsFourSpaces()
{
    CodeEditor editor;
    editor.show();
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("    "));

    editor.setPlainText(QStringLiteral("ab"));
    editor.goToPosition(1, 2);
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("a    b"));
    QCOMPARE(editor.currentColumnNumber(), 6);
}

void tst_CodeEditor::usesFixedPitchFont()
{
    CodeEditor editor;
    QCOMPARE(editor.font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    QCOMPARE(editor.lineWrapMode(), QPlainTextEdit::NoWrap);
}

void tst_CodeEditor::diagnosticsAreUnderlinedAndMarked()
{
    CodeEditor editor;
    editor.resize(600, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(DiagnosticSource);

    Diagnostic error = makeDiagnostic(Diagnostic::Severity::Error, 3, 12,
                                      QStringLiteral("'undefined_name' was not declared in this scope"));
    Diagnostic note = makeDiagnostic(Diagnostic::Severity::Note, 1, 5, QStringLiteral("suggested alternative: 'defined_name'"));
    error.notes.append(note);
    const Diagnostic warning = makeDiagnostic(Diagnostic::Severity::Warning, 1, 5, QStringLiteral("unused parameter"));
    const Diagnostic standaloneNote = makeDiagnostic(Diagnostic::Severity::Note, 4, 1, QStringLiteral("end of main"));
    editor.setDiagnostics({error, warning, standaloneNote});
    QCOMPARE(editor.diagnostics().size(), 3);

    // Errors and warnings are underlined over their token, notes are not.
    const QList<QTextEdit::ExtraSelection> marks = underlines(editor);
    QCOMPARE(marks.size(), 2);
    const int line3 = editor.document()->findBlockByNumber(2).position();
    QCOMPARE(marks.at(0).cursor.selectionStart(), line3 + 11);
    QCOMPARE(marks.at(0).cursor.selectedText(), QStringLiteral("undefined_name"));
    QCOMPARE(marks.at(0).format.underlineColor(), CodeEditor::severityColor(Diagnostic::Severity::Error));
    QCOMPARE(marks.at(1).cursor.selectedText(), QStringLiteral("main"));
    QCOMPARE(marks.at(1).format.underlineColor(), CodeEditor::severityColor(Diagnostic::Severity::Warning));
    QVERIFY(CodeEditor::severityColor(Diagnostic::Severity::Error)
            != CodeEditor::severityColor(Diagnostic::Severity::Warning));
    // The current line keeps its own selection beside the underlines.
    QCOMPARE(editor.extraSelections().size(), 3);

    // The message and its notes are the tooltip over the underlined range, and only there.
    const QString tip = editor.diagnosticToolTipAt(3, 12);
    QVERIFY2(tip.contains(error.message), qPrintable(tip));
    QVERIFY2(tip.contains(note.message), qPrintable(tip));
    QVERIFY(tip.startsWith(QStringLiteral("error: ")));
    QCOMPARE(editor.diagnosticToolTipAt(3, 25), tip); // last character of the name
    QCOMPARE(editor.diagnosticToolTipAt(3, 11), QString()); // the space before it
    QCOMPARE(editor.diagnosticToolTipAt(3, 27), QString()); // '+'
    QVERIFY(editor.diagnosticToolTipAt(1, 6).contains(warning.message));

    // Gutter markers: the most severe diagnostic of each line decides the colour.
    Diagnostic::Severity severity;
    QVERIFY(editor.diagnosticSeverityForLine(3, &severity));
    QCOMPARE(severity, Diagnostic::Severity::Error);
    QVERIFY(editor.diagnosticSeverityForLine(1, &severity));
    QCOMPARE(severity, Diagnostic::Severity::Warning);
    QVERIFY(editor.diagnosticSeverityForLine(4, &severity));
    QCOMPARE(severity, Diagnostic::Severity::Note);
    QVERIFY(!editor.diagnosticSeverityForLine(2, &severity));
    QVERIFY(editor.diagnosticToolTipForLine(4).contains(standaloneNote.message));
    QCOMPARE(editor.diagnosticToolTipForLine(2), QString());

    // And the marker is really painted there, in its colour.
    const QImage gutter = editor.gutter()->grab().toImage();
    const QRect marker = editor.gutter()->markerRect(3);
    QVERIFY(!marker.isEmpty());
    QCOMPARE(QColor(gutter.pixel(marker.center())), CodeEditor::severityColor(Diagnostic::Severity::Error));
    const QRect noMarker = editor.gutter()->markerRect(2);
    QVERIFY(QColor(gutter.pixel(noMarker.center())) != CodeEditor::severityColor(Diagnostic::Severity::Error));
}

void tst_CodeEditor::diagnosticRanges_data()
{
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("underlined");

    QTest::newRow("identifier") << 3 << 12 << QStringLiteral("undefined_name");
    QTest::newRow("inside an identifier") << 3 << 16 << QStringLiteral("fined_name");
    QTest::newRow("number") << 3 << 29 << QStringLiteral("1");
    QTest::newRow("punctuation: one character") << 3 << 27 << QStringLiteral("+");
    QTest::newRow("column 0: whole line") << 3 << 0 << QStringLiteral("    return undefined_name + 1;");
    QTest::newRow("past the end: last character") << 3 << 40 << QStringLiteral(";");
    QTest::newRow("brace line") << 4 << 1 << QStringLiteral("}");
}

void tst_CodeEditor::diagnosticRanges()
{
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, underlined);

    CodeEditor editor;
    editor.setPlainText(DiagnosticSource);
    editor.setDiagnostics({makeDiagnostic(Diagnostic::Severity::Error, line, column, QStringLiteral("boom"))});
    const QList<QTextEdit::ExtraSelection> marks = underlines(editor);
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.first().cursor.selectedText(), underlined);
    QCOMPARE(marks.first().cursor.block().blockNumber(), line - 1);
}

void tst_CodeEditor::diagnosticsFollowEdits()
{
    CodeEditor editor;
    editor.setPlainText(DiagnosticSource);
    editor.setDiagnostics({makeDiagnostic(Diagnostic::Severity::Error, 3, 12, QStringLiteral("boom"))});
    QTextCursor cursor(editor.document());
    cursor.insertText(QStringLiteral("// a new first line\n"));

    const QList<QTextEdit::ExtraSelection> marks = underlines(editor);
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.first().cursor.selectedText(), QStringLiteral("undefined_name"));
    QVERIFY(editor.diagnosticToolTipAt(4, 12).contains(QStringLiteral("boom")));
    Diagnostic::Severity severity;
    QVERIFY(editor.diagnosticSeverityForLine(4, &severity));
    QVERIFY(!editor.diagnosticSeverityForLine(3, &severity));
}

void tst_CodeEditor::hoverShowsDiagnosticToolTips()
{
    CodeEditor editor;
    editor.resize(600, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(DiagnosticSource);
    const QString message = QStringLiteral("no match for operator< here");
    editor.setDiagnostics({makeDiagnostic(Diagnostic::Severity::Error, 3, 12, message)});

    // The real path: a ToolTip event on the viewport, over the middle of the underlined name.
    QTextCursor over(editor.document()->findBlockByNumber(2));
    over.setPosition(over.position() + 15);
    const QRect rect = editor.cursorRect(over);
    const QPoint inside(rect.left() + editor.fontMetrics().horizontalAdvance(QLatin1Char('x')) / 2, rect.center().y());
    QHelpEvent hover(QEvent::ToolTip, inside, editor.viewport()->mapToGlobal(inside));
    QApplication::sendEvent(editor.viewport(), &hover);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("no match for operator&lt; here")), qPrintable(QToolTip::text()));

    // Outside the range there is no tooltip.
    QToolTip::hideText();
    QTRY_VERIFY(!QToolTip::isVisible());
    const QPoint outside(editor.cursorRect(QTextCursor(editor.document()->findBlockByNumber(1))).center());
    QHelpEvent away(QEvent::ToolTip, outside, editor.viewport()->mapToGlobal(outside));
    QApplication::sendEvent(editor.viewport(), &away);
    QTest::qWait(50);
    QVERIFY(!QToolTip::isVisible());

    // The gutter marker of that line has the same message.
    const QPoint marker = editor.gutter()->markerRect(3).center();
    QHelpEvent onMarker(QEvent::ToolTip, marker, editor.gutter()->mapToGlobal(marker));
    QApplication::sendEvent(editor.gutter(), &onMarker);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("no match for operator&lt; here")), qPrintable(QToolTip::text()));
    QToolTip::hideText();
}

void tst_CodeEditor::emptyDiagnosticListClears()
{
    CodeEditor editor;
    editor.setPlainText(DiagnosticSource);
    editor.setDiagnostics({makeDiagnostic(Diagnostic::Severity::Error, 3, 12, QStringLiteral("boom")),
                           makeDiagnostic(Diagnostic::Severity::Warning, 1, 5, QStringLiteral("hmm"))});
    QCOMPARE(underlines(editor).size(), 2);

    editor.setDiagnostics({});
    QVERIFY(editor.diagnostics().isEmpty());
    QVERIFY(underlines(editor).isEmpty());
    QCOMPARE(editor.extraSelections().size(), 1); // the current line only
    QCOMPARE(editor.diagnosticToolTipAt(3, 12), QString());
    Diagnostic::Severity severity;
    QVERIFY(!editor.diagnosticSeverityForLine(3, &severity));
    QVERIFY(!editor.diagnosticSeverityForLine(1, &severity));
}

void tst_CodeEditor::goToPositionClamps()
{
    CodeEditor editor;
    editor.setPlainText(DiagnosticSource);
    editor.goToPosition(3, 5);
    QCOMPARE(editor.currentLineNumber(), 3);
    QCOMPARE(editor.currentColumnNumber(), 5);
    QCOMPARE(editor.textCursor().block().text().mid(editor.currentColumnNumber() - 1, 6), QStringLiteral("return"));

    editor.goToPosition(2, 100); // past the end of "{"
    QCOMPARE(editor.currentLineNumber(), 2);
    QCOMPARE(editor.currentColumnNumber(), 2);

    editor.goToPosition(100, 1); // the last line (empty, after the final newline)
    QCOMPARE(editor.currentLineNumber(), editor.blockCount());

    editor.goToPosition(0, 0);
    QCOMPARE(editor.currentLineNumber(), 1);
    QCOMPARE(editor.currentColumnNumber(), 1);
}

namespace {
const QString CppSample = QStringLiteral("#include <vector>\n"
                                         "int main() {\n"
                                         "    // a comment\n"
                                         "    /* spans\n"
                                         "       lines */ return 0x1F;\n"
                                         "    const char *s = \"text // not a comment\";\n"
                                         "    char c = '\\'';\n"
                                         "    plain = 42;\n"
                                         "}\n");
const QString CMakeSample = QStringLiteral("cmake_minimum_required(VERSION 3.21)\n"
                                           "set(FOO \"${BAR}/x\") # a comment\n"
                                           "  target_link_libraries(${TARGET} PRIVATE Qt6::Core)\n"
                                           "message(\"two\n"
                                           "lines ${X}\")\n"
                                           "after()\n");
const QString JsonSample = QStringLiteral("{\n"
                                          "  \"Name\": \"hello\",\n"
                                          "  \"Version\" : -1.5e3,\n"
                                          "  \"ok\": true, \"none\": null, \"list\": [\"a\", 2]\n"
                                          "}\n");
const int Plain = -1;

// What the character at line, column (1-based) of a sample is highlighted as.
struct Expectation
{
    const char *what;
    int line;
    int column;
    int style; // a BuiltinHighlighter::Style, or Plain
};

void addHighlightingRows(const char *language, BuiltinHighlighter::Language id, const QString &sample,
                         std::initializer_list<Expectation> expectations)
{
    for (const Expectation &expected : expectations) {
        QTest::addRow("%s: %s", language, expected.what)
            << id << sample << expected.line << expected.column << expected.style;
    }
}
} // namespace

void tst_CodeEditor::builtinHighlighting_data()
{
    QTest::addColumn<BuiltinHighlighter::Language>("language");
    QTest::addColumn<QString>("sample");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("style");

    using L = BuiltinHighlighter::Language;
    addHighlightingRows("C++", L::Cpp, CppSample,
                        {{"preprocessor line", 1, 1, int(Style::Preprocessor)},
                         {"<header>", 1, 12, int(Style::String)},
                         {"type", 2, 1, int(Style::Type)},
                         {"identifier", 2, 5, Plain},
                         {"line comment", 3, 8, int(Style::Comment)},
                         {"block comment", 4, 8, int(Style::Comment)},
                         {"block comment, second line", 5, 8, int(Style::Comment)},
                         {"keyword after the comment", 5, 17, int(Style::Keyword)},
                         {"hex number", 5, 24, int(Style::Number)},
                         {"keyword", 6, 5, int(Style::Keyword)},
                         {"string", 6, 22, int(Style::String)},
                         {"// inside a string", 6, 30, int(Style::String)},
                         {"character literal", 7, 14, int(Style::String)},
                         {"escaped quote", 7, 15, int(Style::String)},
                         {"after the escaped quote", 7, 18, Plain},
                         {"plain", 8, 5, Plain},
                         {"number", 8, 13, int(Style::Number)}});
    addHighlightingRows("CMake", L::CMake, CMakeSample,
                        {{"command", 1, 1, int(Style::Command)},
                         {"keyword argument", 1, 24, Plain},
                         {"second command", 2, 1, int(Style::Command)},
                         {"unquoted argument", 2, 5, Plain},
                         {"string", 2, 9, int(Style::String)},
                         {"${VAR} in a string", 2, 10, int(Style::Variable)},
                         {"end of ${VAR}", 2, 15, int(Style::Variable)},
                         {"string after ${VAR}", 2, 16, int(Style::String)},
                         {"comment", 2, 23, int(Style::Comment)},
                         {"indented command", 3, 3, int(Style::Command)},
                         {"unquoted ${VAR}", 3, 25, int(Style::Variable)},
                         {"PRIVATE", 3, 36, Plain},
                         {"string, second line", 5, 1, int(Style::String)},
                         {"${VAR} on the second line", 5, 7, int(Style::Variable)},
                         {"command after the string", 6, 1, int(Style::Command)}});
    addHighlightingRows("JSON", L::Json, JsonSample,
                        {{"key", 2, 3, int(Style::Key)},
                         {"string value", 2, 11, int(Style::String)},
                         {"key before \" :\"", 3, 3, int(Style::Key)},
                         {"negative number", 3, 15, int(Style::Number)},
                         {"exponent", 3, 19, int(Style::Number)},
                         {"true", 4, 9, int(Style::Keyword)},
                         {"null", 4, 23, int(Style::Keyword)},
                         {"string in an array", 4, 38, int(Style::String)},
                         {"number in an array", 4, 43, int(Style::Number)},
                         {"comma", 4, 13, Plain}});
}

void tst_CodeEditor::builtinHighlighting()
{
    QFETCH(BuiltinHighlighter::Language, language);
    QFETCH(QString, sample);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(int, style);

    const Highlighted h(sample, language);
    QCOMPARE(h.at(line, column), style == Plain ? QColor() : h.color(Style(style)));
}

void tst_CodeEditor::builtinHighlighterColoursAndStates()
{
    const Highlighted cpp(CppSample, BuiltinHighlighter::Language::Cpp);
    const QColor keyword = cpp.color(Style::Keyword);
    const QColor comment = cpp.color(Style::Comment);
    const QColor string = cpp.color(Style::String);
    QVERIFY(keyword.isValid() && comment.isValid() && string.isValid());
    QVERIFY(keyword != comment && keyword != string && comment != string);
    const Highlighted json(JsonSample, BuiltinHighlighter::Language::Json);
    QVERIFY(json.color(Style::Key) != json.color(Style::String));

    // An open block comment or CMake string carries over to the next line, and ends there.
    QCOMPARE(cpp.document.findBlockByNumber(3).userState(), 1);
    QCOMPARE(cpp.document.findBlockByNumber(4).userState(), 0);
    const Highlighted cmake(CMakeSample, BuiltinHighlighter::Language::CMake);
    QCOMPARE(cmake.document.findBlockByNumber(3).userState(), 2);
    QCOMPARE(cmake.document.findBlockByNumber(4).userState(), 0);

    // A dark palette gets other colours.
    const Highlighted dark(QStringLiteral("return 0;"), BuiltinHighlighter::Language::Cpp, true);
    QVERIFY(dark.color(Style::Keyword) != keyword);
    QCOMPARE(dark.at(1, 1), dark.color(Style::Keyword));
}

void tst_CodeEditor::builtinLanguageForFileName_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<BuiltinHighlighter::Language>("language");
    QTest::newRow("CMakeLists.txt") << QStringLiteral("/w/CMakeLists.txt") << BuiltinHighlighter::Language::CMake;
    QTest::newRow(".cmake") << QStringLiteral("ReliveSdk.cmake") << BuiltinHighlighter::Language::CMake;
    QTest::newRow(".json") << QStringLiteral("counter.json") << BuiltinHighlighter::Language::Json;
    QTest::newRow(".cpp") << QStringLiteral("a/b.cpp") << BuiltinHighlighter::Language::Cpp;
    QTest::newRow(".h") << QStringLiteral("b.h") << BuiltinHighlighter::Language::Cpp;
    QTest::newRow(".hpp") << QStringLiteral("b.hpp") << BuiltinHighlighter::Language::Cpp;
    QTest::newRow(".cc") << QStringLiteral("b.cc") << BuiltinHighlighter::Language::Cpp;
    QTest::newRow("other .txt") << QStringLiteral("notes.txt") << BuiltinHighlighter::Language::None;
    QTest::newRow("no suffix") << QStringLiteral("Makefile") << BuiltinHighlighter::Language::None;
}

void tst_CodeEditor::builtinLanguageForFileName()
{
    QFETCH(QString, fileName);
    QFETCH(BuiltinHighlighter::Language, language);
    QCOMPARE(BuiltinHighlighter::languageForFileName(fileName), language);
}

void tst_CodeEditor::engineFollowsBuild()
{
#if QT_VERSION_MAJOR == 5 && !defined(RELIVE_HAVE_KSYNTAXHIGHLIGHTING)
    QFAIL("The Qt 5 build must use KSyntaxHighlighting (KF5): install libkf5syntaxhighlighting-dev");
#endif
    QTextDocument document(QStringLiteral("int x;"));
    QSyntaxHighlighter *highlighter = SyntaxHighlighting::attach(&document, QStringLiteral("main.cpp"), lightPalette());
    QVERIFY(highlighter);
    QCOMPARE(highlighter->document(), &document);
#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
    QVERIFY2(SyntaxHighlighting::engineName().startsWith(QStringLiteral("KSyntaxHighlighting %1.").arg(QT_VERSION_MAJOR)),
             qPrintable(SyntaxHighlighting::engineName()));
    QVERIFY(qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(highlighter));
#else
    QCOMPARE(SyntaxHighlighting::engineName(), QStringLiteral("built-in"));
    auto *light = qobject_cast<BuiltinHighlighter *>(highlighter);
    QVERIFY(light);
    QCOMPARE(light->language(), BuiltinHighlighter::Language::Cpp);
    // The palette decides between the light and the dark colours.
    QTextDocument darkDocument(document.toPlainText());
    auto *dark = qobject_cast<BuiltinHighlighter *>(
        SyntaxHighlighting::attach(&darkDocument, QStringLiteral("main.cpp"), darkPalette()));
    QVERIFY(dark);
    QVERIFY(styleColor(*dark, BuiltinHighlighter::Style::Keyword) != styleColor(*light, BuiltinHighlighter::Style::Keyword));
#endif
    QVERIFY(SyntaxHighlighting::isDark(darkPalette()));
    QVERIFY(!SyntaxHighlighting::isDark(lightPalette()));
    // No highlighting for a file nothing knows.
    QVERIFY(!SyntaxHighlighting::attach(&document, QStringLiteral("data.relive-unknown"), lightPalette()));

    // The editor attaches one for its file name, and a new one when the name changes.
    CodeEditor editor;
    QVERIFY(!editor.highlighter());
    editor.setFilePath(QStringLiteral("/w/CMakeLists.txt"));
    QVERIFY(editor.highlighter());
    QCOMPARE(editor.highlighter()->document(), editor.document());
    editor.setFilePath(QStringLiteral("/w/data.relive-unknown"));
    QVERIFY(!editor.highlighter());
}

#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
void tst_CodeEditor::kSyntaxHighlightingColoursCpp()
{
    QTextDocument document(QStringLiteral("int main()\n{\n    return 0; // done\n}\n"));
    auto *highlighter = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(
        SyntaxHighlighting::attach(&document, QStringLiteral("/w/main.cpp"), lightPalette()));
    QVERIFY(highlighter);
    QCOMPARE(highlighter->definition().name(), QStringLiteral("C++"));
    highlighter->rehighlight();

    // Breeze, the default theme, marks control-flow keywords such as "return" by weight in the
    // normal text colour, and data-type keywords such as "int" by colour.
    const QColor normal = QColor::fromRgba(highlighter->theme().textColor(KSyntaxHighlighting::Theme::Normal));
    const QTextCharFormat returnFormat = formatAt(document, 3, 5);
    QVERIFY2(returnFormat.fontWeight() > QFont::Normal || (returnFormat.foreground().style() != Qt::NoBrush
                                                           && returnFormat.foreground().color() != normal),
             "return is formatted like normal text");
    const QColor typeKeyword = foregroundAt(document, 1, 1);
    const QColor number = foregroundAt(document, 3, 12);
    const QColor comment = foregroundAt(document, 3, 18);
    QVERIFY2(typeKeyword.isValid() && typeKeyword != normal, qPrintable(typeKeyword.name() + QLatin1Char(' ') + normal.name()));
    QVERIFY2(number.isValid() && number != normal && number != typeKeyword, qPrintable(number.name()));
    QVERIFY2(comment.isValid() && comment != normal && comment != typeKeyword, qPrintable(comment.name()));
    const QColor plain = foregroundAt(document, 1, 5); // "main"
    QVERIFY2(!plain.isValid() || plain == normal, qPrintable(plain.name()));

    // The theme follows the palette: a dark window colour gets a dark theme.
    const QColor lightBackground = QColor::fromRgba(highlighter->theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
    QVERIFY(lightBackground.lightness() >= 128);
    QTextDocument darkDocument(document.toPlainText());
    auto *dark = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(
        SyntaxHighlighting::attach(&darkDocument, QStringLiteral("main.cpp"), darkPalette()));
    QVERIFY(dark);
    const QColor darkBackground = QColor::fromRgba(dark->theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
    QVERIFY2(darkBackground.lightness() < 128, qPrintable(dark->theme().name()));
}
#endif

QTEST_MAIN(tst_CodeEditor)
#include "tst_codeeditor.moc"
