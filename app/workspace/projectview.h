#pragma once

#include <QtWidgets/QTreeView>

#include <functional>

QT_BEGIN_NAMESPACE
class QFileSystemModel;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The workspace's files; activating one opens it in the editor. Its context menu makes new
 * files and folders, renames and deletes (after asking); a new source file in a plugin's
 * folder is not built until it is listed in relive_add_plugin(), which message() says.
 */
class ProjectView : public QTreeView
{
    Q_OBJECT

public:
    explicit ProjectView(QWidget *parent = nullptr);

    void setRoot(const QString &workspace);
    QString root() const;

    /*! Creates the empty file \a name in \a folder and opens it (fileActivated()); false with errorString(). */
    bool newFile(const QString &folder, const QString &name);
    bool newFolder(const QString &folder, const QString &name);
    /*! Renames \a path to \a newName in the same folder. */
    bool rename(const QString &path, const QString &newName);
    /*! Deletes the file or folder \a path (a folder with its contents), if the delete question says yes. */
    bool remove(const QString &path);
    QString errorString() const;
    /*! Asked before remove() deletes; the default asks in a message box. */
    void setDeleteQuestion(std::function<bool(const QString &path)> question);
    /*! The CMakeLists.txt of the plugin whose folder holds \a path (its relive_add_plugin()), or empty. */
    QString pluginCMakeListsFor(const QString &path) const;

Q_SIGNALS:
    void fileActivated(const QString &path);
    /*! Something to tell the user, e.g. that a new source is not in relive_add_plugin() yet. */
    void message(const QString &text);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    bool checkName(const QString &name);
    QString folderAt(const QModelIndex &index) const;

    QFileSystemModel *m_model;
    QString m_error;
    std::function<bool(const QString &)> m_deleteQuestion;
};

} // namespace Relive::App
