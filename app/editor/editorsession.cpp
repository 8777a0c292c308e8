#include "editor/editorsession.h"

#include "editor/codeeditor.h"
#include "editor/editorarea.h"

#include <QtCore/QJsonArray>
#include <QtCore/QTimer>
#include <QtWidgets/QTabWidget>

namespace {
const QString PathKey = QStringLiteral("path");
const QString LineKey = QStringLiteral("line");
const QString ColumnKey = QStringLiteral("column");
const QString ScrollKey = QStringLiteral("scroll");
const QString ModifiedKey = QStringLiteral("modified");
const QString TextKey = QStringLiteral("text");
const QString FilesKey = QStringLiteral("files");
const QString CurrentKey = QStringLiteral("current");
} // namespace

QJsonObject EditorSession::save(const EditorArea &area)
{
    QJsonArray files;
    const QList<CodeEditor *> editors = area.editors();
    for (const CodeEditor *editor : editors) {
        const bool modified = editor->document()->isModified();
        QJsonObject file{{PathKey, editor->filePath()},
                         {LineKey, editor->currentLineNumber()},
                         {ColumnKey, editor->currentColumnNumber()},
                         {ScrollKey, editor->scrollPosition()},
                         {ModifiedKey, modified}};
        if (modified)
            file.insert(TextKey, editor->fileText());
        files.append(file);
    }
    return {{FilesKey, files}, {CurrentKey, area.tabWidget()->currentIndex()}};
}

void EditorSession::restore(EditorArea &area, const QJsonObject &state)
{
    const QJsonArray files = state.value(FilesKey).toArray();
    QList<CodeEditor *> restored;
    for (const QJsonValue &value : files) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(PathKey).toString();
        CodeEditor *editor = file.value(ModifiedKey).toBool()
                                 ? area.openUnsaved(path, file.value(TextKey).toString())
                                 : area.openFile(path);
        restored.append(editor);
        if (!editor)
            continue;
        editor->goToPosition(file.value(LineKey).toInt(), file.value(ColumnKey).toInt());
        const int scroll = file.value(ScrollKey).toInt();
        editor->setScrollPosition(scroll);
        // The scroll range is only right once the editor has been laid out at its size.
        QTimer::singleShot(0, editor, [editor, scroll] { editor->setScrollPosition(scroll); });
    }
    const int current = state.value(CurrentKey).toInt(-1);
    if (current >= 0 && current < restored.size() && restored.at(current))
        area.tabWidget()->setCurrentWidget(restored.at(current));
}
