#pragma once

#include <QtCore/QString>
#include <QtGui/QFont>

namespace Relive::App {

/*!
 * How the editors show and indent text (Edit → Preferences): the font, the tab width in
 * columns, whether Tab and auto-indent insert spaces or tab characters, and the highlighting
 * theme by name (SyntaxHighlighting::themeNames(); empty: follow the window's palette).
 */
struct EditorStyle
{
    QFont font;
    int tabWidth = 4;
    bool indentWithSpaces = true;
    QString theme;

    /*! One level of indentation: tabWidth spaces, or a tab. */
    QString indentUnit() const { return indentWithSpaces ? QString(tabWidth, QLatin1Char(' ')) : QStringLiteral("\t"); }
};

} // namespace Relive::App
