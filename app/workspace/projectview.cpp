#include "workspace/projectview.h"

#include "workspace/pluginsourcelist.h"

#include <QFileSystemModel> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtGui/QContextMenuEvent>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

namespace Relive::App {

namespace {
// \a path as the SOURCES of \a cmake write it: relative to its folder.
QString entryIn(const QString &cmake, const QString &path)
{
    return QDir(QFileInfo(cmake).absolutePath()).relativeFilePath(path);
}
} // namespace

ProjectView::ProjectView(QWidget *parent)
    : QTreeView(parent)
    , m_model(new QFileSystemModel(this))
{
    m_model->setFilter(QDir::AllDirs | QDir::Files | QDir::NoDotAndDotDot); // no hidden files
    m_model->setReadOnly(true);
    header()->hide();
    setUniformRowHeights(true);
    connect(this, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!m_model->isDir(index))
            Q_EMIT fileActivated(m_model->filePath(index));
    });
    m_deleteQuestion = [this](const QString &path) {
        return QMessageBox::question(this, tr("Delete"), tr("Delete %1? This cannot be undone.").arg(QDir::toNativeSeparators(path)))
               == QMessageBox::Yes;
    };
    m_cmakeQuestion = [this](CMakeChange change, const QString &question) { return askCMakeChange(change, question); };
}

void ProjectView::setRoot(const QString &workspace)
{
    // The model is shown only once there is a workspace: without a root it lists "/".
    if (!model()) {
        setModel(m_model);
        for (int column = 1; column < m_model->columnCount(); ++column)
            hideColumn(column); // size, type, date: noise in a side panel
    }
    setRootIndex(m_model->setRootPath(workspace));
}

QString ProjectView::root() const
{
    return m_model->rootPath();
}

QString ProjectView::errorString() const
{
    return m_error;
}

void ProjectView::setDeleteQuestion(std::function<bool(const QString &path)> question)
{
    m_deleteQuestion = std::move(question);
}

void ProjectView::setCMakeQuestion(CMakeQuestion question)
{
    m_cmakeQuestion = std::move(question);
}

bool ProjectView::askCMakeChange(CMakeChange change, const QString &question)
{
    QMessageBox box(QMessageBox::Question, tr("Plugin Sources"), question, QMessageBox::NoButton, this);
    const QString verb = change == CMakeChange::Add ? tr("&Add") : change == CMakeChange::Rename ? tr("&Update") : tr("&Remove");
    QPushButton *yes = box.addButton(verb, QMessageBox::AcceptRole);
    box.addButton(tr("&Not Now"), QMessageBox::RejectRole);
    box.exec();
    return box.clickedButton() == yes;
}

// Offers to make the SOURCES of \a cmake follow a new (Add), renamed or deleted file \a entry;
// when the answer is no, or the call is not clear enough to edit, says what stays to do.
void ProjectView::offerCMakeChange(CMakeChange change, const QString &cmake, const QString &entry, const QString &newEntry)
{
    QString problem;
    QString offer;
    switch (change) {
    case CMakeChange::Add:
        problem = tr("%1 is new: relive_add_plugin() in %2 does not list it, so it is not built.").arg(entry, cmake);
        offer = tr("Add it to its SOURCES?");
        break;
    case CMakeChange::Rename:
        problem = tr("%1 still names %2 in relive_add_plugin(): the build fails until it names %3.").arg(cmake, entry, newEntry);
        offer = tr("Update the name there?");
        break;
    case CMakeChange::Remove:
        problem = tr("%1 still names the deleted %2 in relive_add_plugin(): the build fails until it is removed.").arg(cmake, entry);
        offer = tr("Remove it from the SOURCES?");
        break;
    }
    PluginSourceList list(cmake);
    if (list.check() != PluginSourceList::Status::Done) {
        Q_EMIT message(tr("%1 %2 Edit it by hand.").arg(problem, list.errorString()));
        return;
    }
    if (!m_cmakeQuestion(change, problem + QLatin1Char(' ') + offer)) {
        Q_EMIT message(problem);
        return;
    }
    const PluginSourceList::Status status = change == CMakeChange::Add      ? list.add(entry)
                                            : change == CMakeChange::Rename ? list.rename(entry, newEntry)
                                                                            : list.remove(entry);
    if (status == PluginSourceList::Status::Done)
        Q_EMIT message(tr("%1: the SOURCES of relive_add_plugin() were updated.").arg(cmake));
    else
        Q_EMIT message(tr("%1 %2 Edit it by hand.").arg(problem, list.errorString()));
}

bool ProjectView::checkName(const QString &name)
{
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || name == QLatin1String(".") || name == QLatin1String("..")) {
        m_error = tr("\"%1\" is not a file name: give a name without \"/\".").arg(name);
        return false;
    }
    return true;
}

bool ProjectView::newFile(const QString &folder, const QString &name)
{
    const QString path = folder + QLatin1Char('/') + name;
    if (!checkName(name))
        return false;
    QFile file(path);
    if (file.exists() || !file.open(QIODevice::NewOnly | QIODevice::WriteOnly)) {
        m_error = file.exists() ? tr("%1 already exists.").arg(path) : tr("Cannot create %1: %2").arg(path, file.errorString());
        return false;
    }
    file.close();
    static const QRegularExpression source(QStringLiteral("\\.(cpp|cc|cxx|c|h|hpp|hh|ui|qrc)$"));
    const QString cmake = pluginCMakeListsFor(path);
    Q_EMIT fileActivated(path);
    if (!cmake.isEmpty() && source.match(name).hasMatch())
        offerCMakeChange(CMakeChange::Add, cmake, entryIn(cmake, path));
    return true;
}

bool ProjectView::newFolder(const QString &folder, const QString &name)
{
    if (!checkName(name))
        return false;
    if (QFileInfo::exists(folder + QLatin1Char('/') + name) || !QDir(folder).mkdir(name)) {
        m_error = tr("Cannot create the folder %1 in %2: it exists, or the folder is not writable.").arg(name, folder);
        return false;
    }
    return true;
}

bool ProjectView::rename(const QString &path, const QString &newName)
{
    if (!checkName(newName))
        return false;
    const QString target = QFileInfo(path).absolutePath() + QLatin1Char('/') + newName;
    if (QFileInfo::exists(target) || !QDir().rename(path, target)) {
        m_error = tr("Cannot rename %1 to %2: the name is taken, or the folder is not writable.").arg(path, newName);
        return false;
    }
    Q_EMIT fileRenamed(path, target);
    const QString cmake = QFileInfo(target).isDir() ? QString() : pluginCMakeListsFor(target);
    if (!cmake.isEmpty() && PluginSourceList(cmake).lists(entryIn(cmake, path)))
        offerCMakeChange(CMakeChange::Rename, cmake, entryIn(cmake, path), entryIn(cmake, target));
    return true;
}

bool ProjectView::remove(const QString &path)
{
    if (!m_deleteQuestion(path))
        return false;
    const QFileInfo info(path);
    const bool folder = info.isDir() && !info.isSymLink();
    if (!(folder ? QDir(path).removeRecursively() : QFile::remove(path))) {
        m_error = tr("Cannot delete %1: check its permissions.").arg(path);
        return false;
    }
    Q_EMIT fileRemoved(path);
    const QString cmake = folder ? QString() : pluginCMakeListsFor(path);
    if (!cmake.isEmpty() && PluginSourceList(cmake).lists(entryIn(cmake, path)))
        offerCMakeChange(CMakeChange::Remove, cmake, entryIn(cmake, path));
    return true;
}

// The nearest CMakeLists.txt at or above \a path's folder, inside the workspace, that adds a plugin.
QString ProjectView::pluginCMakeListsFor(const QString &path) const
{
    const QString top = QDir(root()).absolutePath();
    for (QDir dir = QFileInfo(path).absoluteDir(); dir.absolutePath().startsWith(top); dir.cdUp()) {
        QFile cmake(dir.filePath(QStringLiteral("CMakeLists.txt")));
        if (cmake.open(QIODevice::ReadOnly) && cmake.readAll().contains("relive_add_plugin("))
            return cmake.fileName();
        if (dir.absolutePath() == top || dir.isRoot())
            break;
    }
    return QString();
}

QString ProjectView::folderAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return root();
    return m_model->isDir(index) ? m_model->filePath(index) : QFileInfo(m_model->filePath(index)).absolutePath();
}

void ProjectView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    const QString folder = folderAt(index);
    const QString path = index.isValid() ? m_model->filePath(index) : QString();
    const auto report = [this](bool ok) {
        if (!ok && !m_error.isEmpty())
            Q_EMIT message(m_error);
    };
    QMenu menu(this);
    menu.addAction(tr("New &File…"), this, [this, folder, report] {
        const QString name = QInputDialog::getText(this, tr("New File"), tr("Name of the new file in %1:").arg(folder));
        if (!name.isEmpty())
            report(newFile(folder, name));
    });
    menu.addAction(tr("New F&older…"), this, [this, folder, report] {
        const QString name = QInputDialog::getText(this, tr("New Folder"), tr("Name of the new folder in %1:").arg(folder));
        if (!name.isEmpty())
            report(newFolder(folder, name));
    });
    if (!path.isEmpty()) {
        menu.addSeparator();
        menu.addAction(tr("&Rename…"), this, [this, path, report] {
            const QString name = QInputDialog::getText(this, tr("Rename"), tr("New name:"), QLineEdit::Normal,
                                                       QFileInfo(path).fileName());
            if (!name.isEmpty() && name != QFileInfo(path).fileName())
                report(rename(path, name));
        });
        menu.addAction(tr("&Delete"), this, [this, path, report] { report(remove(path)); });
    }
    menu.exec(event->globalPos());
}

} // namespace Relive::App
