#pragma once

#include <QtWidgets/QTreeView>

QT_BEGIN_NAMESPACE
class QFileSystemModel;
QT_END_NAMESPACE

namespace Relive::App {

/*! The workspace's files; activating one opens it in the editor. */
class ProjectView : public QTreeView
{
    Q_OBJECT

public:
    explicit ProjectView(QWidget *parent = nullptr);

    void setRoot(const QString &workspace);
    QString root() const;

Q_SIGNALS:
    void fileActivated(const QString &path);

private:
    QFileSystemModel *m_model;
};

} // namespace Relive::App
