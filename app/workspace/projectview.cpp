#include "workspace/projectview.h"

#include <QFileSystemModel> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtWidgets/QHeaderView>

namespace Relive::App {

ProjectView::ProjectView(QWidget *parent)
    : QTreeView(parent)
    , m_model(new QFileSystemModel(this))
{
    m_model->setFilter(QDir::AllDirs | QDir::Files | QDir::NoDotAndDotDot); // no hidden files
    m_model->setReadOnly(true);
    setModel(m_model);
    for (int column = 1; column < m_model->columnCount(); ++column)
        hideColumn(column); // size, type, date: noise in a side panel
    header()->hide();
    setUniformRowHeights(true);
    connect(this, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!m_model->isDir(index))
            Q_EMIT fileActivated(m_model->filePath(index));
    });
}

void ProjectView::setRoot(const QString &workspace)
{
    setRootIndex(m_model->setRootPath(workspace));
}

QString ProjectView::root() const
{
    return m_model->rootPath();
}

} // namespace Relive::App
