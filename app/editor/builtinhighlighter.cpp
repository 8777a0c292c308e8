#include "editor/builtinhighlighter.h"

#include <QtCore/QFileInfo>
#include <QtCore/QSet>
#include <QtGui/QColor>

namespace Relive::App {

namespace {
using Style = BuiltinHighlighter::Style;

const QSet<QString> &cppKeywords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word :
             {"alignas", "alignof", "asm", "auto", "break", "case", "catch", "class", "co_await", "co_return",
              "co_yield", "concept", "const", "const_cast", "consteval", "constexpr", "constinit", "continue",
              "decltype", "default", "delete", "do", "dynamic_cast", "else", "emit", "enum", "explicit", "export",
              "extern", "false", "final", "for", "friend", "goto", "if", "inline", "mutable", "namespace", "new",
              "noexcept", "nullptr", "operator", "override", "private", "protected", "public", "register",
              "reinterpret_cast", "requires", "return", "signals", "sizeof", "slots", "static", "static_assert",
              "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true", "try",
              "typedef", "typeid", "typename", "union", "using", "virtual", "volatile", "while"})
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

const QSet<QString> &cppTypes()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word :
             {"bool", "char", "char8_t", "char16_t", "char32_t", "double", "float", "int", "long", "short",
              "signed", "unsigned", "void", "wchar_t", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t", "int8_t",
              "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "qint64", "quint64",
              "qreal"})
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

// Qt's classes (QString, QWidget) read as types.
bool isQtClassName(const QString &word)
{
    return word.size() > 1 && word.at(0) == QLatin1Char('Q') && word.at(1).isUpper();
}

bool isWordStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

int wordEnd(const QString &text, int from)
{
    while (from < text.size() && (text.at(from).isLetterOrNumber() || text.at(from) == QLatin1Char('_')))
        ++from;
    return from;
}

// Digits, hex and exponent letters, suffixes, digit separators: what follows a leading digit.
int numberEnd(const QString &text, int from)
{
    ++from;
    while (from < text.size()) {
        const QChar c = text.at(from);
        const bool exponentSign = (c == QLatin1Char('+') || c == QLatin1Char('-'))
                                  && (text.at(from - 1) == QLatin1Char('e') || text.at(from - 1) == QLatin1Char('E'));
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('\'') && c != QLatin1Char('_')
            && !exponentSign)
            break;
        ++from;
    }
    return from;
}

// Just past the quote that closes a literal whose contents start at from; -1 if the line ends
// first. A backslash escapes the next character.
int closingQuoteEnd(const QString &text, int from, QChar quote)
{
    for (int i = from; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\\'))
            ++i;
        else if (text.at(i) == quote)
            return i + 1;
    }
    return -1;
}

int firstNonSpace(const QString &text)
{
    int i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    return i;
}

struct StyleColor
{
    Style style;
    const char *light;
    const char *dark;
    bool bold;
    bool italic;
};

const StyleColor styleColors[] = {
    // style                 light      dark       bold   italic
    {Style::Keyword,      "#0033b3", "#cc7832", true,  false},
    {Style::Type,         "#7a3e9d", "#b392f0", false, false},
    {Style::Preprocessor, "#9e6a03", "#bbb529", false, false},
    {Style::String,       "#067d17", "#98c379", false, false},
    {Style::Number,       "#1750eb", "#6897bb", false, false},
    {Style::Comment,      "#8c8c8c", "#7f848e", false, true},
    {Style::Key,          "#871094", "#9876aa", false, false},
    {Style::Command,      "#0033b3", "#61afef", true,  false},
    {Style::Variable,     "#9e3a00", "#e5c07b", false, false},
};
} // namespace

BuiltinHighlighter::BuiltinHighlighter(QTextDocument *document, Language language, bool dark)
    : QSyntaxHighlighter(document)
    , m_language(language)
{
    for (const StyleColor &entry : styleColors) {
        QTextCharFormat format;
        format.setForeground(QColor(QString::fromLatin1(dark ? entry.dark : entry.light)));
        if (entry.bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(entry.italic);
        m_formats.insert(int(entry.style), format);
    }
}

BuiltinHighlighter::Language BuiltinHighlighter::languageForFileName(const QString &fileName)
{
    const QFileInfo info(fileName);
    const QString suffix = info.suffix().toLower();
    if (info.fileName() == QLatin1String("CMakeLists.txt") || suffix == QLatin1String("cmake"))
        return Language::CMake;
    if (suffix == QLatin1String("json"))
        return Language::Json;
    static const QSet<QString> cppSuffixes = {
        QStringLiteral("c"),   QStringLiteral("cc"),  QStringLiteral("cpp"), QStringLiteral("cxx"),
        QStringLiteral("c++"), QStringLiteral("h"),   QStringLiteral("hh"),  QStringLiteral("hpp"),
        QStringLiteral("hxx"), QStringLiteral("h++"), QStringLiteral("ipp"), QStringLiteral("inl")};
    return cppSuffixes.contains(suffix) ? Language::Cpp : Language::None;
}

BuiltinHighlighter::Language BuiltinHighlighter::language() const
{
    return m_language;
}

QTextCharFormat BuiltinHighlighter::styleFormat(Style style) const
{
    return m_formats.value(int(style));
}

void BuiltinHighlighter::apply(int start, int end, Style style)
{
    setFormat(start, end - start, m_formats.value(int(style)));
}

void BuiltinHighlighter::highlightBlock(const QString &text)
{
    setCurrentBlockState(Normal);
    switch (m_language) {
    case Language::Cpp:
        highlightCpp(text);
        break;
    case Language::CMake:
        highlightCMake(text);
        break;
    case Language::Json:
        highlightJson(text);
        break;
    case Language::None:
        break;
    }
}

// Formats a /* */ comment from start and returns where it ends; one left open continues in
// the next block.
int BuiltinHighlighter::highlightBlockComment(const QString &text, int start, int searchFrom)
{
    const int close = text.indexOf(QLatin1String("*/"), searchFrom);
    const int end = close < 0 ? text.size() : close + 2;
    apply(start, end, Style::Comment);
    if (close < 0)
        setCurrentBlockState(InBlockComment);
    return end;
}

void BuiltinHighlighter::highlightCpp(const QString &text)
{
    int i = previousBlockState() == InBlockComment ? highlightBlockComment(text, 0, 0) : 0;
    const int directiveStart = firstNonSpace(text);
    while (i < text.size()) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (c == QLatin1Char('/') && next == QLatin1Char('/')) {
            apply(i, text.size(), Style::Comment);
            return;
        }
        if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            i = highlightBlockComment(text, i, i + 2);
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const int end = closingQuoteEnd(text, i + 1, c);
            apply(i, end < 0 ? text.size() : end, Style::String);
            i = end < 0 ? text.size() : end;
        } else if (c.isDigit() || (c == QLatin1Char('.') && next.isDigit())) {
            const int end = numberEnd(text, i);
            apply(i, end, Style::Number);
            i = end;
        } else if (c == QLatin1Char('#') && i == directiveStart) {
            // The whole line is preprocessor; strings and comments in it are formatted over it.
            apply(i, text.size(), Style::Preprocessor);
            const int nameStart = firstNonSpace(text.mid(i + 1)) + i + 1;
            i = wordEnd(text, nameStart);
            const int open = text.indexOf(QLatin1Char('<'), i);
            const int close = text.indexOf(QLatin1Char('>'), open + 1);
            if (text.mid(nameStart, i - nameStart) == QLatin1String("include") && open >= 0 && close > open
                && firstNonSpace(text.mid(i)) + i == open) {
                apply(open, close + 1, Style::String);
                i = close + 1;
            }
        } else if (isWordStart(c)) {
            const int end = wordEnd(text, i);
            const QString word = text.mid(i, end - i);
            if (cppKeywords().contains(word))
                apply(i, end, Style::Keyword);
            else if (cppTypes().contains(word) || isQtClassName(word))
                apply(i, end, Style::Type);
            i = end;
        } else {
            ++i;
        }
    }
}

// Formats a quoted CMake argument and the variables in it; one left open continues in the
// next block, as CMake strings may span lines.
int BuiltinHighlighter::highlightCMakeString(const QString &text, int start, int searchFrom)
{
    int end = closingQuoteEnd(text, searchFrom, QLatin1Char('"'));
    if (end < 0) {
        end = text.size();
        setCurrentBlockState(InString);
    }
    apply(start, end, Style::String);
    highlightCMakeVariables(text, start, end);
    return end;
}

void BuiltinHighlighter::highlightCMakeVariables(const QString &text, int start, int end)
{
    for (int i = text.indexOf(QLatin1Char('$'), start); i >= 0 && i < end; i = text.indexOf(QLatin1Char('$'), i + 1)) {
        const int open = text.indexOf(QLatin1Char('{'), i);
        // ${VAR}, $ENV{VAR}, $CACHE{VAR}: only letters may stand between '$' and '{'.
        if (open < 0 || wordEnd(text, i + 1) != open)
            continue;
        const int close = text.indexOf(QLatin1Char('}'), open);
        if (close < 0 || close >= end)
            continue;
        apply(i, close + 1, Style::Variable);
    }
}

void BuiltinHighlighter::highlightCMake(const QString &text)
{
    int i = previousBlockState() == InString ? highlightCMakeString(text, 0, 0) : 0;
    const int commandStart = firstNonSpace(text);
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('#')) {
            apply(i, text.size(), Style::Comment);
            return;
        }
        if (c == QLatin1Char('"')) {
            i = highlightCMakeString(text, i, i + 1);
        } else if (isWordStart(c)) {
            const int end = wordEnd(text, i);
            if (i == commandStart && text.mid(end).trimmed().startsWith(QLatin1Char('(')))
                apply(i, end, Style::Command);
            i = end;
        } else if (c == QLatin1Char('$')) {
            // An unquoted ${VAR} up to the next space or parenthesis.
            int end = i;
            while (end < text.size() && !text.at(end).isSpace() && text.at(end) != QLatin1Char(')'))
                ++end;
            highlightCMakeVariables(text, i, end);
            i = end;
        } else {
            ++i;
        }
    }
}

void BuiltinHighlighter::highlightJson(const QString &text)
{
    int i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            int end = closingQuoteEnd(text, i + 1, c);
            end = end < 0 ? text.size() : end;
            // A string followed by ':' is an object key.
            const int after = firstNonSpace(text.mid(end)) + end;
            apply(i, end, after < text.size() && text.at(after) == QLatin1Char(':') ? Style::Key : Style::String);
            i = end;
        } else if (c.isDigit() || (c == QLatin1Char('-') && i + 1 < text.size() && text.at(i + 1).isDigit())) {
            const int end = numberEnd(text, i);
            apply(i, end, Style::Number);
            i = end;
        } else if (isWordStart(c)) {
            const int end = wordEnd(text, i);
            const QString word = text.mid(i, end - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") || word == QLatin1String("null"))
                apply(i, end, Style::Keyword);
            i = end;
        } else {
            ++i;
        }
    }
}

} // namespace Relive::App
