#include "relive/private/mocdeclarations.h"

#include <QtCore/QList>

namespace Relive {

namespace {

bool isIdentifierStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool isIdentifierChar(char c)
{
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
}

enum class Kind { Space, Newline, Directive, Comment, Literal, Identifier, Number, Punctuation };

struct Token
{
    Kind kind;
    int begin;
    int end;
};

// A just-good-enough C++ lexer: it has to agree with moc on where literals, comments and
// directives start and end, since braces inside those must not count.
class Lexer
{
public:
    explicit Lexer(const QByteArray &source) : m_s(source) {}

    bool atEnd() const { return m_i >= m_s.size(); }

    Token next()
    {
        const int begin = m_i;
        const char c = m_s.at(m_i);
        if (c == '\n') {
            ++m_i;
            m_lineStart = true;
            return {Kind::Newline, begin, m_i};
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++m_i;
            return {Kind::Space, begin, m_i};
        }
        if (m_lineStart && c == '#') {
            skipDirective();
            return {Kind::Directive, begin, m_i};
        }
        m_lineStart = false;
        if (c == '/' && peek(1) == '/') {
            skipToLineEnd();
            return {Kind::Comment, begin, m_i};
        }
        if (c == '/' && peek(1) == '*') {
            skipBlockComment();
            return {Kind::Comment, begin, m_i};
        }
        if (c == '"' || c == '\'') {
            skipQuoted(c);
            return {Kind::Literal, begin, m_i};
        }
        if (c >= '0' && c <= '9') {
            skipNumber();
            return {Kind::Number, begin, m_i};
        }
        if (isIdentifierStart(c)) {
            while (m_i < m_s.size() && isIdentifierChar(m_s.at(m_i)))
                ++m_i;
            const QByteArray word = m_s.mid(begin, m_i - begin);
            if (peek(0) == '"' && (word == "R" || word == "LR" || word == "uR" || word == "UR" || word == "u8R")) {
                skipRawString();
                return {Kind::Literal, begin, m_i};
            }
            return {Kind::Identifier, begin, m_i};
        }
        if (c == '&' && peek(1) == '&')
            m_i += 2;
        else
            ++m_i;
        return {Kind::Punctuation, begin, m_i};
    }

private:
    char peek(int ahead) const
    {
        return m_i + ahead < m_s.size() ? m_s.at(m_i + ahead) : '\0';
    }

    void skipToLineEnd()
    {
        while (m_i < m_s.size() && m_s.at(m_i) != '\n')
            ++m_i;
    }

    void skipBlockComment()
    {
        const int close = m_s.indexOf("*/", m_i + 2);
        m_i = close < 0 ? m_s.size() : close + 2;
    }

    // A directive runs to the end of its line, continued by backslashes; comments in it may
    // span lines.
    void skipDirective()
    {
        while (m_i < m_s.size()) {
            const char c = m_s.at(m_i);
            if (c == '\n')
                return;
            if (c == '\\' && peek(1) == '\n')
                m_i += 2;
            else if (c == '/' && peek(1) == '*')
                skipBlockComment();
            else if (c == '/' && peek(1) == '/')
                skipToLineEnd();
            else
                ++m_i;
        }
    }

    void skipQuoted(char quote)
    {
        ++m_i;
        while (m_i < m_s.size()) {
            const char c = m_s.at(m_i);
            if (c == '\\')
                m_i += 2;
            else if (c == quote) {
                ++m_i;
                return;
            } else if (c == '\n')
                return; // unterminated: moc and the compiler stop at the line end too
            else
                ++m_i;
        }
        m_i = qMin(m_i, int(m_s.size()));
    }

    // Digit separators (1'000) belong to the number, they do not open a character literal.
    void skipNumber()
    {
        while (m_i < m_s.size()) {
            const char c = m_s.at(m_i);
            const char before = m_s.at(m_i - 1);
            if (isIdentifierChar(c) || c == '.' || c == '\''
                || ((c == '+' || c == '-') && (before == 'e' || before == 'E' || before == 'p' || before == 'P')))
                ++m_i;
            else
                return;
        }
    }

    void skipRawString()
    {
        const int open = m_s.indexOf('(', m_i);
        if (open < 0) {
            m_i = m_s.size();
            return;
        }
        const QByteArray terminator = ')' + m_s.mid(m_i + 1, open - m_i - 1) + '"';
        const int close = m_s.indexOf(terminator, open);
        m_i = close < 0 ? m_s.size() : close + terminator.size();
    }

    const QByteArray &m_s;
    int m_i = 0;
    bool m_lineStart = true;
};

bool isFunctionQualifier(const QByteArray &token)
{
    return token == "const" || token == "volatile" || token == "noexcept" || token == "mutable"
        || token == "override" || token == "final" || token == "&" || token == "&&";
}

bool isClassKey(const QByteArray &token)
{
    return token == "class" || token == "struct" || token == "union" || token == "enum" || token == "namespace";
}

// Statements whose "=" does not start a variable's initializer.
bool isNotInitialized(const QList<QByteArray> &statement)
{
    for (const QByteArray &token : statement) {
        if (token == "using" || token == "typedef" || token == "template" || token == "operator")
            return true;
    }
    return false;
}

} // namespace

MocDeclarations::MocDeclarations(const QByteArray &source)
{
    scan(source);
}

QByteArray MocDeclarations::text() const
{
    return m_text;
}

bool MocDeclarations::isCacheable() const
{
    return m_cacheable;
}

void MocDeclarations::scan(const QByteArray &source)
{
    Lexer lexer(source);
    QList<QByteArray> recent;        // the significant tokens of the statement so far
    QByteArray statementKey;         // its first class key: "class Foo : public MACRO(x) {" is not a function
    QList<bool> scopes;              // the open braces kept: true for a namespace
    int parenDepth = 0;              // in the statement
    int bodyDepth = 0;               // > 0 while inside a function body being left out
    int initializerDepth = -1;       // >= 0 while inside a namespace-scope initializer being left out
    bool pendingSpace = false;
    while (!lexer.atEnd()) {
        const Token token = lexer.next();
        const QByteArray text = source.mid(token.begin, token.end - token.begin);
        const bool punctuation = token.kind == Kind::Punctuation;
        if (bodyDepth > 0) {
            if (token.kind == Kind::Directive) {
                m_cacheable = false;
                m_text.clear();
                return;
            }
            if (punctuation && text == "{")
                ++bodyDepth;
            else if (punctuation && text == "}" && --bodyDepth == 0)
                m_text += '}';
            continue;
        }
        // A variable's initializer at namespace scope: moc reads only classes and namespaces,
        // so "static const char tag[] = "...";" can change without a moc run. Directives stay.
        if (initializerDepth >= 0 && token.kind != Kind::Directive) {
            if (punctuation && (text == "{" || text == "(" || text == "["))
                ++initializerDepth;
            else if (punctuation && (text == "}" || text == ")" || text == "]"))
                initializerDepth = qMax(0, initializerDepth - 1);
            else if (punctuation && text == ";" && initializerDepth == 0) {
                initializerDepth = -1;
                m_text += ';';
                recent.clear();
                statementKey.clear();
                parenDepth = 0;
            }
            continue;
        }
        // Layout means nothing to moc: a run of spaces, newlines and comments is one space,
        // so reformatting keeps the cache. Directives are whole lines.
        if (token.kind == Kind::Comment || token.kind == Kind::Space || token.kind == Kind::Newline) {
            pendingSpace = true;
            continue;
        }
        if (token.kind == Kind::Directive) {
            m_text += '\n' + text + '\n';
            pendingSpace = false;
            continue;
        }
        if (pendingSpace && !m_text.isEmpty() && !m_text.endsWith('\n'))
            m_text += ' ';
        pendingSpace = false;
        if (text == "{" && punctuation && statementKey.isEmpty()) {
            int i = recent.size() - 1;
            while (i >= 0 && isFunctionQualifier(recent.at(i)))
                --i;
            if (i >= 0 && recent.at(i) == ")") {
                m_text += '{';
                bodyDepth = 1;
                recent.clear();
                parenDepth = 0;
                continue;
            }
        }
        if (punctuation && text == "=" && parenDepth == 0 && statementKey.isEmpty() && !recent.isEmpty()
            && !scopes.contains(false) && !isNotInitialized(recent)) {
            m_text += '=';
            initializerDepth = 0;
            continue;
        }
        m_text += text;
        if (punctuation && (text == ";" || text == "{" || text == "}")) {
            if (text == "{")
                scopes.append(statementKey == "namespace");
            else if (text == "}" && !scopes.isEmpty())
                scopes.removeLast();
            recent.clear();
            statementKey.clear();
            parenDepth = 0;
            continue;
        }
        if (punctuation && text == "(")
            ++parenDepth;
        else if (punctuation && text == ")")
            --parenDepth;
        if (token.kind == Kind::Identifier && statementKey.isEmpty() && isClassKey(text))
            statementKey = text;
        recent.append(token.kind == Kind::Literal ? QByteArray("\"\"") : text);
    }
    if (bodyDepth > 0 || initializerDepth >= 0) { // unbalanced: let moc judge it
        m_cacheable = false;
        m_text.clear();
    }
}

} // namespace Relive
