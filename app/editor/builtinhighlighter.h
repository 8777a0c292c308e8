#pragma once

#include <QtCore/QHash>
#include <QtGui/QSyntaxHighlighter>
#include <QtGui/QTextCharFormat>

namespace Relive::App {

/*!
 * The highlighter used when KSyntaxHighlighting is not available: C++ (keywords, types,
 * preprocessor lines, string and character literals, numbers, line and block comments), CMake
 * (commands, ${VAR} references, comments, strings) and JSON (keys, string values, numbers,
 * true/false/null). Colours suit a light or a dark palette.
 */
class BuiltinHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Language { None, Cpp, CMake, Json };
    Q_ENUM(Language)

    /*! The text styles, public so that tests can compare against them. */
    enum class Style { Keyword, Type, Preprocessor, String, Number, Comment, Key, Command, Variable };
    Q_ENUM(Style)

    BuiltinHighlighter(QTextDocument *document, Language language, bool dark);

    /*! CMakeLists.txt and *.cmake, *.json, C and C++ sources and headers; else None. */
    static Language languageForFileName(const QString &fileName);

    Language language() const;
    QTextCharFormat styleFormat(Style style) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    // Block states: what a line leaves open for the next one.
    enum BlockState { Normal = 0, InBlockComment = 1, InString = 2 };

    void highlightCpp(const QString &text);
    void highlightCMake(const QString &text);
    void highlightJson(const QString &text);
    int highlightBlockComment(const QString &text, int start, int searchFrom);
    int highlightCMakeString(const QString &text, int start, int searchFrom);
    void highlightCMakeVariables(const QString &text, int start, int end);
    void apply(int start, int end, Style style);

    Language m_language;
    QHash<int, QTextCharFormat> m_formats;
};

} // namespace Relive::App
