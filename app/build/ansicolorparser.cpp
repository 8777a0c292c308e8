#include "build/ansicolorparser.h"

#include "relive/diagnosticparser.h"

#include <QtCore/QRegularExpression>
#include <QtGui/QFont>

namespace Relive::App {

namespace {

// Tango's palette: readable on a light and on a dark background alike, unlike xterm's yellow.
const QRgb basicColors[16] = {
    qRgb(0x2e, 0x34, 0x36), qRgb(0xcc, 0x00, 0x00), qRgb(0x4e, 0x9a, 0x06), qRgb(0xc4, 0xa0, 0x00),
    qRgb(0x34, 0x65, 0xa4), qRgb(0x75, 0x50, 0x7b), qRgb(0x06, 0x98, 0x9a), qRgb(0xd3, 0xd7, 0xcf),
    qRgb(0x55, 0x57, 0x53), qRgb(0xef, 0x29, 0x29), qRgb(0x8a, 0xe2, 0x34), qRgb(0xfc, 0xe9, 0x4f),
    qRgb(0x72, 0x9f, 0xcf), qRgb(0xad, 0x7f, 0xa8), qRgb(0x34, 0xe2, 0xe2), qRgb(0xee, 0xee, 0xec),
};

// Only SGR ("m") sequences are interpreted; the text between them still goes through stripAnsi().
const QRegularExpression &sgrSequence()
{
    static const QRegularExpression expression(QStringLiteral("\\x1b\\[([0-9;:]*)m"));
    return expression;
}

} // namespace

QColor AnsiColorParser::paletteColor(int index)
{
    if (index < 0 || index > 255)
        return QColor();
    if (index < 16)
        return QColor(basicColors[index]);
    if (index < 232) {
        const int cube = index - 16;
        const auto level = [](int step) { return step == 0 ? 0 : 55 + 40 * step; };
        return QColor(level(cube / 36), level(cube / 6 % 6), level(cube % 6));
    }
    const int grey = 8 + 10 * (index - 232);
    return QColor(grey, grey, grey);
}

void AnsiColorParser::reset()
{
    m_format = QTextCharFormat();
}

QTextCharFormat AnsiColorParser::currentFormat() const
{
    return m_format;
}

QList<AnsiColorParser::Run> AnsiColorParser::parse(const QString &text)
{
    QList<Run> runs;
    const auto addRun = [&runs, this](const QString &raw) {
        const QString plain = Relive::DiagnosticParser::stripAnsi(raw);
        if (plain.isEmpty())
            return;
        if (!runs.isEmpty() && runs.last().format == m_format)
            runs.last().text += plain;
        else
            runs.append({plain, m_format});
    };
    int position = 0;
    QRegularExpressionMatchIterator it = sgrSequence().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        addRun(text.mid(position, match.capturedStart() - position));
        applySgr(match.captured(1));
        position = match.capturedEnd();
    }
    addRun(text.mid(position));
    return runs;
}

void AnsiColorParser::applySgr(const QString &parameters)
{
    // "38:5:n" (ISO 8613-6) and "38;5;n" (xterm) mean the same.
    QString normalized = parameters;
    normalized.replace(QLatin1Char(':'), QLatin1Char(';'));
    const QStringList parts = normalized.split(QLatin1Char(';'));
    QList<int> codes;
    for (const QString &part : parts)
        codes.append(part.isEmpty() ? 0 : part.toInt()); // an empty parameter is a 0
    for (int i = 0; i < codes.size(); ++i) {
        const int code = codes.at(i);
        if (code == 0) {
            m_format = QTextCharFormat();
        } else if (code == 1) {
            m_format.setFontWeight(QFont::Bold);
        } else if (code == 22) {
            m_format.clearProperty(QTextFormat::FontWeight);
        } else if (code == 3) {
            m_format.setFontItalic(true);
        } else if (code == 23) {
            m_format.clearProperty(QTextFormat::FontItalic);
        } else if (code == 4) {
            m_format.setFontUnderline(true);
        } else if (code == 24) {
            m_format.clearProperty(QTextFormat::TextUnderlineStyle);
            m_format.clearProperty(QTextFormat::FontUnderline);
        } else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
            m_format.setForeground(paletteColor(code >= 90 ? code - 90 + 8 : code - 30));
        } else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
            m_format.setBackground(paletteColor(code >= 100 ? code - 100 + 8 : code - 40));
        } else if (code == 39) {
            m_format.clearForeground();
        } else if (code == 49) {
            m_format.clearBackground();
        } else if (code == 38 || code == 48) {
            QColor color;
            const int mode = codes.value(i + 1, -1);
            if (mode == 5 && i + 2 < codes.size()) {
                color = paletteColor(codes.at(i + 2));
                i += 2;
            } else if (mode == 2 && i + 4 < codes.size()) {
                const int r = codes.at(i + 2);
                const int g = codes.at(i + 3);
                const int b = codes.at(i + 4);
                if (r >= 0 && r <= 255 && g >= 0 && g <= 255 && b >= 0 && b <= 255)
                    color = QColor(r, g, b);
                i += 4;
            } else {
                return; // a colour without its arguments: the rest cannot be read reliably
            }
            if (!color.isValid())
                continue;
            if (code == 38)
                m_format.setForeground(color);
            else
                m_format.setBackground(color);
        }
        // Anything else (blink, reverse, fonts, ...) is dropped.
    }
}

} // namespace Relive::App
