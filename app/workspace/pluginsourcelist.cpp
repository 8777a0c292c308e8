#include "workspace/pluginsourcelist.h"

#include "editor/textfile.h"

#include <QtCore/QDir>
#include <QtCore/QList>

#include <utility>

namespace Relive::App {

namespace {

enum class Kind { Word, Quoted, Open, Close };

struct Lexeme
{
    Kind kind;
    int start;
    int end;
    QString text; // a quoted argument's text without its quotes
};

// Where the comment starting at \a i ("# …" or "#[[ … ]]") ends.
int commentEnd(const QString &text, int i)
{
    int equals = 0;
    while (text.size() > i + 2 + equals && text.at(i + 2 + equals) == QLatin1Char('='))
        ++equals;
    if (text.mid(i, 2) == QLatin1String("#[") && text.mid(i + 2 + equals, 1) == QLatin1String("[")) {
        const QString close = QLatin1Char(']') + QString(equals, QLatin1Char('=')) + QLatin1Char(']');
        const int end = text.indexOf(close, i);
        return end < 0 ? int(text.size()) : end + int(close.size());
    }
    const int end = text.indexOf(QLatin1Char('\n'), i);
    return end < 0 ? int(text.size()) : end;
}

// Where the quoted argument starting at \a i ends (one past its closing quote).
int quotedEnd(const QString &text, int i)
{
    for (int j = i + 1; j < text.size(); ++j) {
        if (text.at(j) == QLatin1Char('\\'))
            ++j;
        else if (text.at(j) == QLatin1Char('"'))
            return j + 1;
    }
    return int(text.size());
}

// The file as CMake reads it, comments left out: words, quoted arguments and parentheses.
QList<Lexeme> lex(const QString &text)
{
    QList<Lexeme> lexemes;
    int i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('#')) {
            i = commentEnd(text, i);
        } else if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            lexemes.append({c == QLatin1Char('(') ? Kind::Open : Kind::Close, i, i + 1, QString(c)});
            ++i;
        } else if (c == QLatin1Char('"')) {
            const int end = quotedEnd(text, i);
            lexemes.append({Kind::Quoted, i, end, text.mid(i + 1, end - i - 2)});
            i = end;
        } else {
            int end = i;
            while (end < text.size() && !text.at(end).isSpace() && !QStringLiteral("()#\"").contains(text.at(end)))
                ++end;
            lexemes.append({Kind::Word, i, end, text.mid(i, end - i)});
            i = end;
        }
    }
    return lexemes;
}

bool isKeyword(const QString &word)
{
    static const QStringList keywords{QStringLiteral("SOURCES"), QStringLiteral("METADATA"),
                                      QStringLiteral("OUTPUT_DIRECTORY"), QStringLiteral("NO_PCH"),
                                      QStringLiteral("ALLOW_GNU_UNIQUE"), QStringLiteral("NO_WIDGETS")};
    return keywords.contains(word);
}

bool sameEntry(const QString &a, const QString &b)
{
    return QDir::cleanPath(a) == QDir::cleanPath(b);
}

} // namespace

const PluginSourceList::Token *PluginSourceList::Sources::find(const QString &entry) const
{
    for (const Token &token : tokens) {
        if (sameEntry(token.text, entry))
            return &token;
    }
    return nullptr;
}

PluginSourceList::PluginSourceList(const QString &cmakeFile)
    : m_file(cmakeFile)
{
}

QString PluginSourceList::errorString() const
{
    return m_error;
}

PluginSourceList::Status PluginSourceList::fail(Status status, const QString &detail)
{
    switch (status) {
    case Status::Done: m_error.clear(); break;
    case Status::Unreadable: m_error = tr("%1 cannot be read: %2").arg(m_file, detail); break;
    case Status::NoCall: m_error = tr("%1 has no relive_add_plugin() call.").arg(m_file); break;
    case Status::SeveralCalls: m_error = tr("%1 has more than one relive_add_plugin() call: which one is meant is not clear.").arg(m_file); break;
    case Status::Unclear: m_error = tr("The relive_add_plugin() call in %1 has no SOURCES written out to edit.").arg(m_file); break;
    case Status::NotListed: m_error = tr("The SOURCES in %1 do not list %2.").arg(m_file, detail); break;
    case Status::AlreadyListed: m_error = tr("The SOURCES in %1 already list %2.").arg(m_file, detail); break;
    case Status::LastSource: m_error = tr("%2 is the only source in %1: relive_add_plugin() needs one.").arg(m_file, detail); break;
    case Status::Unwritable: m_error = tr("%1 was not changed: %2").arg(m_file, detail); break;
    }
    return status;
}

// The SOURCES of the file's one call, or why there is none to edit.
PluginSourceList::Status PluginSourceList::read(QString *text, Sources *sources)
{
    QByteArray contents;
    QString error;
    if (!TextFile::read(m_file, &contents, &error))
        return fail(Status::Unreadable, error);
    *text = TextFile::decode(contents);
    const QList<Lexeme> lexemes = lex(*text);
    int call = -1;
    for (int i = 0; i + 1 < lexemes.size(); ++i) {
        if (lexemes.at(i).kind == Kind::Word && lexemes.at(i + 1).kind == Kind::Open
            && lexemes.at(i).text.compare(QLatin1String("relive_add_plugin"), Qt::CaseInsensitive) == 0) {
            if (call >= 0)
                return fail(Status::SeveralCalls);
            call = i + 2;
        }
    }
    if (call < 0)
        return fail(Status::NoCall);
    QList<Lexeme> arguments;
    for (int i = call; i < lexemes.size() && lexemes.at(i).kind != Kind::Close; ++i) {
        if (lexemes.at(i).kind == Kind::Open)
            return fail(Status::Unclear);
        arguments.append(lexemes.at(i));
    }
    sources->tokens.clear();
    int keyword = -1;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i).kind == Kind::Word && arguments.at(i).text == QLatin1String("SOURCES"))
            keyword = i;
    }
    for (int i = keyword + 1; keyword > 0 && i < arguments.size(); ++i) {
        if (arguments.at(i).kind == Kind::Word && isKeyword(arguments.at(i).text))
            break;
        sources->tokens.append({arguments.at(i).start, arguments.at(i).end, arguments.at(i).text});
    }
    if (arguments.isEmpty() || arguments.constFirst().text.contains(QLatin1String("${")) || sources->tokens.isEmpty())
        return fail(Status::Unclear);
    sources->insertAt = sources->tokens.constLast().end;
    return fail(Status::Done);
}

PluginSourceList::Status PluginSourceList::write(const QString &text)
{
    QString error;
    if (!TextFile::write(m_file, TextFile::encode(text), &error))
        return fail(Status::Unwritable, error);
    return fail(Status::Done);
}

PluginSourceList::Status PluginSourceList::check()
{
    QString text;
    Sources sources;
    return read(&text, &sources);
}

bool PluginSourceList::lists(const QString &entry)
{
    QString text;
    Sources sources;
    return read(&text, &sources) == Status::Done && sources.find(entry);
}

PluginSourceList::Status PluginSourceList::add(const QString &entry)
{
    QString text;
    Sources sources;
    if (const Status status = read(&text, &sources); status != Status::Done)
        return status;
    if (sources.find(entry))
        return fail(Status::AlreadyListed, entry);
    return write(text.insert(sources.insertAt, QLatin1Char(' ') + entry));
}

PluginSourceList::Status PluginSourceList::rename(const QString &entry, const QString &newEntry)
{
    QString text;
    Sources sources;
    if (const Status status = read(&text, &sources); status != Status::Done)
        return status;
    const Token *token = sources.find(entry);
    if (!token)
        return fail(Status::NotListed, entry);
    return write(text.replace(token->start, token->end - token->start, newEntry));
}

PluginSourceList::Status PluginSourceList::remove(const QString &entry)
{
    QString text;
    Sources sources;
    if (const Status status = read(&text, &sources); status != Status::Done)
        return status;
    const Token *token = sources.find(entry);
    if (!token)
        return fail(Status::NotListed, entry);
    if (sources.tokens.size() == 1)
        return fail(Status::LastSource, entry);
    // The entry and the blanks before it; a line it had to itself goes too.
    int start = token->start;
    while (start > 0 && (text.at(start - 1) == QLatin1Char(' ') || text.at(start - 1) == QLatin1Char('\t')))
        --start;
    int end = token->end;
    if (start > 0 && text.at(start - 1) == QLatin1Char('\n') && end < text.size() && text.at(end) == QLatin1Char('\n'))
        ++end;
    return write(text.remove(start, end - start));
}

} // namespace Relive::App
