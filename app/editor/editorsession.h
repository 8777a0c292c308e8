#pragma once

#include <QtCore/QJsonObject>

class EditorArea;

/*!
 * The editor's part of "restart, keeping state", as JSON:
 * {"files": [{"path", "line", "column", "scroll", "modified", "text"}], "current": index}.
 * "text", the full unsaved buffer, is there only for modified files.
 */
class EditorSession
{
public:
    static QJsonObject save(const EditorArea &area);
    /*! Reopens the files of \a state in \a area; a missing file without unsaved text is left out. */
    static void restore(EditorArea &area, const QJsonObject &state);
};
