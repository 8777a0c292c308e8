#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QList>

#include <functional>

namespace Relive::App {

class CodeEditor;

/*!
 * The editor's part of "restart, keeping state", as JSON:
 * {"files": [{"path", "line", "column", "scroll", "modified", "text"}], "current": index}.
 * "text", the full unsaved buffer, is there only for modified files.
 *
 * It knows the editors, not the area that holds them: EditorArea saves and restores through it.
 */
namespace EditorSession {
/*! Opens \a path; when \a modified, as an unsaved buffer holding \a text. Null if it cannot. */
using OpenFile = std::function<CodeEditor *(const QString &path, bool modified, const QString &text)>;

/*! The open \a editors in tab order, \a currentIndex the current tab. */
QJsonObject save(const QList<CodeEditor *> &editors, int currentIndex);
/*!
 * Reopens the files of \a state through \a open, with their cursors and scroll positions; a
 * missing file without unsaved text is left out. The editor of the tab that was current, or null.
 */
CodeEditor *restore(const QJsonObject &state, const OpenFile &open);
} // namespace EditorSession

} // namespace Relive::App
