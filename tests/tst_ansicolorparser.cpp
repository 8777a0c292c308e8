// AnsiColorParser on the SGR codes that compilers, Ninja and CMake print, and on the ones
// they could print: every supported code gives its format, and nothing else reaches the text.
#include "build/ansicolorparser.h"

#include <QtGui/QFont>
#include <QtTest/QtTest>

using namespace Relive::App;

class TestAnsiColorParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void colourCodes_data();
    void colourCodes();
    void formatCarriesOverUntilReset();
};

void TestAnsiColorParser::colourCodes_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QList<QColor>>("foregrounds"); // invalid: none
    QTest::addColumn<QList<QColor>>("backgrounds");
    QTest::addColumn<QList<bool>>("bold");

    const QString esc(QChar(0x1b));
    const QColor none;
    // xterm's 256-colour cube: index 16 + 36r + 6g + b, levels 0, 95, 135, 175, 215, 255.
    QTest::newRow("256 colours") << esc + QStringLiteral("[38;5;196mred") + esc + QStringLiteral("[38;5;21mblue")
                                 << QStringList{QStringLiteral("red"), QStringLiteral("blue")}
                                 << QList<QColor>{QColor(255, 0, 0), QColor(0, 0, 255)} << QList<QColor>{none, none}
                                 << QList<bool>{false, false};
    QTest::newRow("grey ramp") << esc + QStringLiteral("[48;5;232mdark")
                               << QStringList{QStringLiteral("dark")} << QList<QColor>{none}
                               << QList<QColor>{QColor(8, 8, 8)} << QList<bool>{false};
    QTest::newRow("true colour") << esc + QStringLiteral("[38;2;10;20;30;48;2;200;150;100mrgb")
                                 << QStringList{QStringLiteral("rgb")} << QList<QColor>{QColor(10, 20, 30)}
                                 << QList<QColor>{QColor(200, 150, 100)} << QList<bool>{false};
    QTest::newRow("bold, then normal weight")
        << esc + QStringLiteral("[1mstrong") + esc + QStringLiteral("[22mplain")
        << QStringList{QStringLiteral("strong"), QStringLiteral("plain")} << QList<QColor>{none, none}
        << QList<QColor>{none, none} << QList<bool>{true, false};
    QTest::newRow("default foreground") << esc + QStringLiteral("[31;42mboth") + esc + QStringLiteral("[39mbg")
                                        << QStringList{QStringLiteral("both"), QStringLiteral("bg")}
                                        << QList<QColor>{AnsiColorParser::paletteColor(1), none}
                                        << QList<QColor>{AnsiColorParser::paletteColor(2), AnsiColorParser::paletteColor(2)}
                                        << QList<bool>{false, false};
    QTest::newRow("bright") << esc + QStringLiteral("[91mhot") + esc + QStringLiteral("[0mcold")
                            << QStringList{QStringLiteral("hot"), QStringLiteral("cold")}
                            << QList<QColor>{AnsiColorParser::paletteColor(9), none} << QList<QColor>{none, none}
                            << QList<bool>{false, false};
    // Blink (5) and reverse video (7) are not supported: dropped, the text kept whole.
    QTest::newRow("unknown codes dropped") << esc + QStringLiteral("[5;7mblink") + esc + QStringLiteral("[K!")
                                           << QStringList{QStringLiteral("blink!")} << QList<QColor>{none}
                                           << QList<QColor>{none} << QList<bool>{false};
    QTest::newRow("gcc hyperlink") << QStringLiteral("[") + esc + QStringLiteral("]8;;https://gcc.gnu.org/")
                                          + esc + QStringLiteral("\\-Wunused") + esc + QStringLiteral("]8;;") + esc
                                          + QStringLiteral("\\]")
                                   << QStringList{QStringLiteral("[-Wunused]")} << QList<QColor>{none}
                                   << QList<QColor>{none} << QList<bool>{false};
}

void TestAnsiColorParser::colourCodes()
{
    QFETCH(QString, input);
    QFETCH(QStringList, texts);
    QFETCH(QList<QColor>, foregrounds);
    QFETCH(QList<QColor>, backgrounds);
    QFETCH(QList<bool>, bold);

    AnsiColorParser parser;
    const QList<AnsiColorParser::Run> runs = parser.parse(input);
    QStringList actual;
    for (const AnsiColorParser::Run &run : runs)
        actual << run.text;
    QCOMPARE(actual, texts);
    for (int i = 0; i < runs.size(); ++i) {
        const QTextCharFormat &format = runs.at(i).format;
        QCOMPARE(format.hasProperty(QTextFormat::ForegroundBrush), foregrounds.at(i).isValid());
        if (foregrounds.at(i).isValid())
            QCOMPARE(format.foreground().color(), foregrounds.at(i));
        QCOMPARE(format.hasProperty(QTextFormat::BackgroundBrush), backgrounds.at(i).isValid());
        if (backgrounds.at(i).isValid())
            QCOMPARE(format.background().color(), backgrounds.at(i));
        QCOMPARE(format.fontWeight() >= QFont::Bold, bold.at(i));
    }
}

// As on a terminal: a colour left on at the end of one line still holds on the next.
void TestAnsiColorParser::formatCarriesOverUntilReset()
{
    const QString esc(QChar(0x1b));
    AnsiColorParser parser;
    QCOMPARE(parser.parse(esc + QStringLiteral("[1;32mgreen")).size(), 1);
    const QList<AnsiColorParser::Run> next = parser.parse(QStringLiteral("still"));
    QCOMPARE(next.size(), 1);
    QCOMPARE(next.at(0).format.foreground().color(), AnsiColorParser::paletteColor(2));
    QVERIFY(next.at(0).format.fontWeight() >= QFont::Bold);
    parser.reset();
    const QList<AnsiColorParser::Run> plain = parser.parse(QStringLiteral("plain"));
    QCOMPARE(plain.size(), 1);
    QCOMPARE(plain.at(0).format, QTextCharFormat());
}

QTEST_MAIN(TestAnsiColorParser)
#include "tst_ansicolorparser.moc"
