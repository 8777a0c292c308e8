#include "editor/syntaxhighlighting.h"

#include "editor/builtinhighlighter.h"

#include <QtGui/QPalette>
#include <QtGui/QTextDocument>

#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace Relive::App {

#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
namespace {
// Loading the definitions is costly: one repository for the whole app, created on first use.
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}
} // namespace
#endif

bool SyntaxHighlighting::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QStringList SyntaxHighlighting::themeNames()
{
#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
    QStringList names;
    for (const KSyntaxHighlighting::Theme &theme : repository().themes())
        names.append(theme.name());
    return names;
#else
    return {QStringLiteral("Light"), QStringLiteral("Dark")};
#endif
}

QSyntaxHighlighter *SyntaxHighlighting::attach(QTextDocument *document, const QString &fileName,
                                               const QPalette &palette, const QString &theme)
{
#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
    const KSyntaxHighlighting::Definition definition = repository().definitionForFileName(fileName);
    if (!definition.isValid())
        return nullptr;
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
    KSyntaxHighlighting::Theme chosen = repository().theme(theme);
    if (theme.isEmpty() || !chosen.isValid()) {
        chosen = repository().defaultTheme(isDark(palette) ? KSyntaxHighlighting::Repository::DarkTheme
                                                           : KSyntaxHighlighting::Repository::LightTheme);
    }
    highlighter->setTheme(chosen);
    highlighter->setDefinition(definition);
    return highlighter;
#else
    const BuiltinHighlighter::Language language = BuiltinHighlighter::languageForFileName(fileName);
    if (language == BuiltinHighlighter::Language::None)
        return nullptr;
    const bool dark = theme == QLatin1String("Dark") || (theme != QLatin1String("Light") && isDark(palette));
    return new BuiltinHighlighter(document, language, dark);
#endif
}

QString SyntaxHighlighting::engineName()
{
#ifdef RELIVE_HAVE_KSYNTAXHIGHLIGHTING
    return QStringLiteral("KSyntaxHighlighting " RELIVE_KSYNTAXHIGHLIGHTING_VERSION);
#else
    return QStringLiteral("built-in");
#endif
}

} // namespace Relive::App
