#include "editor/editorsession.h"

#include "editor/codeeditor.h"

#include <QtCore/QJsonArray>
#include <QtCore/QTimer>

namespace Relive::App {

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

QJsonObject EditorSession::save(const QList<CodeEditor *> &editors, int currentIndex)
{
    QJsonArray files;
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
    return {{FilesKey, files}, {CurrentKey, currentIndex}};
}

CodeEditor *EditorSession::restore(const QJsonObject &state, const OpenFile &open)
{
    const QJsonArray files = state.value(FilesKey).toArray();
    QList<CodeEditor *> restored;
    for (const QJsonValue &value : files) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(PathKey).toString();
        CodeEditor *editor = open(path, file.value(ModifiedKey).toBool(), file.value(TextKey).toString());
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
    return current >= 0 && current < restored.size() ? restored.at(current) : nullptr;
}

} // namespace Relive::App
