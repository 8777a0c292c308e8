#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtGui/QColor>
#include <QtGui/QTextCharFormat>

namespace Relive::App {

/*!
 * Turns text with ANSI SGR escape codes, as compilers, Ninja and CMake print them with colour
 * forced on, into runs of plain text with a QTextCharFormat each.
 *
 * Understood SGR codes: 0 (reset), 1 (bold), 22 (normal weight), 3/23 (italic on/off), 4/24
 * (underline on/off), 30–37 and 90–97 (foreground), 40–47 and 100–107 (background), 39/49
 * (default colours), 38;5;n / 48;5;n (256 colours) and 38;2;r;g;b / 48;2;r;g;b (true colour).
 * Unknown codes are dropped. Every other escape sequence (cursor moves such as "\x1b[K", OSC
 * hyperlinks) is removed with Relive::DiagnosticParser::stripAnsi(), so no escape character
 * ever reaches the text of a run.
 *
 * The format carries over from one parse() to the next, as on a terminal, until reset().
 */
class AnsiColorParser
{
public:
    struct Run
    {
        QString text;
        QTextCharFormat format;
    };

    /*! Runs of \a text, in order, neighbours with equal formats merged, none empty. */
    QList<Run> parse(const QString &text);

    /*! Back to the default format (no colours, normal weight). */
    void reset();
    QTextCharFormat currentFormat() const;

    /*!
     * The colour of palette entry \a index (0–255): 0–7 the normal colours, 8–15 the bright
     * ones, 16–231 the 6×6×6 cube, 232–255 the grey ramp. Invalid outside that range.
     */
    static QColor paletteColor(int index);

private:
    void applySgr(const QString &parameters);

    QTextCharFormat m_format;
};

} // namespace Relive::App
