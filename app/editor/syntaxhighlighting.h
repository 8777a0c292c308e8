#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QPalette;
class QSyntaxHighlighter;
class QTextDocument;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The app's syntax highlighting. With KSyntaxHighlighting (KF6 with Qt 6, KF5 with Qt 5) one
 * Repository serves the whole app: the definition is chosen by file name, the theme by the
 * palette (dark theme on a dark window colour) unless one is named. Without it, BuiltinHighlighter covers C++,
 * CMake and JSON.
 */
namespace SyntaxHighlighting {
/*!
 * Attaches a highlighter for \a fileName (a name or a path) to \a document, owned by the
 * document, with colours for \a palette. Null when no highlighting applies to that file.
 */
QSyntaxHighlighter *attach(QTextDocument *document, const QString &fileName, const QPalette &palette,
                           const QString &theme = QString());

/*!
 * The themes attach() knows, by name: KSyntaxHighlighting's themes, or the built-in
 * highlighter's "Light" and "Dark". An empty or unknown name follows the palette.
 */
QStringList themeNames();

/*! "KSyntaxHighlighting <version>" or "built-in". */
QString engineName();

/*! Whether \a palette is a dark one (light text on a dark window). */
bool isDark(const QPalette &palette);
} // namespace SyntaxHighlighting

} // namespace Relive::App
