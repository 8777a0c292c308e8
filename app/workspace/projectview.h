#pragma once

#include <QtWidgets/QTreeView>

#include <functional>

QT_BEGIN_NAMESPACE
class QFileSystemModel;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The workspace's files; activating one opens it in the editor. Its context menu makes new
 * files and folders, renames and deletes (after asking). The plugin's CMakeLists.txt is kept in
 * mind: a new source in a plugin's folder is not built until relive_add_plugin() lists it, and
 * a renamed or deleted source it lists breaks the build; each time the view offers to edit the
 * SOURCES (PluginSourceList), and says what stays to do when the answer is no.
 */
class ProjectView : public QTreeView
{
    Q_OBJECT

public:
    /*! The edit of a plugin's SOURCES that the CMake question offers. */
    enum class CMakeChange { Add, Rename, Remove };
    /*! Asked with the whole question (what is wrong, then the offer); true makes the change. */
    using CMakeQuestion = std::function<bool(CMakeChange change, const QString &question)>;

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
    /*! Asked before the SOURCES of relive_add_plugin() are edited; the default asks in a message box (Add / Not Now). */
    void setCMakeQuestion(CMakeQuestion question);
    /*! The CMakeLists.txt of the plugin whose folder holds \a path (its relive_add_plugin()), or empty. */
    QString pluginCMakeListsFor(const QString &path) const;

Q_SIGNALS:
    void fileActivated(const QString &path);
    /*! Something to tell the user, e.g. that a new source is not in relive_add_plugin() yet. */
    void message(const QString &text);
    /*! rename() moved \a from (a file or a folder) to \a to. */
    void fileRenamed(const QString &from, const QString &to);
    /*! remove() deleted \a path (a file or a folder). */
    void fileRemoved(const QString &path);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    bool checkName(const QString &name);
    QString folderAt(const QModelIndex &index) const;
    void offerCMakeChange(CMakeChange change, const QString &cmake, const QString &entry, const QString &newEntry = QString());
    bool askCMakeChange(CMakeChange change, const QString &question);

    QFileSystemModel *m_model;
    QString m_error;
    std::function<bool(const QString &)> m_deleteQuestion;
    CMakeQuestion m_cmakeQuestion;
};

} // namespace Relive::App
