#include "pluginviews/pluginlistview.h"

#include "pluginviews/plugindetailsview.h"
#include "pluginviews/pluginlistmodel.h"

#include <QtCore/QSortFilterProxyModel>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>

namespace Relive::App {

PluginListView::PluginListView(Relive::PluginHost *host, QWidget *parent)
    : QWidget(parent)
    , m_model(new PluginListModel(host, this))
    , m_sortModel(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_details(new PluginDetailsView(m_model, this))
{
    m_sortModel->setSourceModel(m_model);
    m_sortModel->setSortRole(PluginListModel::SortRole);
    m_sortModel->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_table->setModel(m_sortModel);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PluginListModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    // The details scroll in a low dock instead of holding the dock (and the editor above it) at
    // their full height.
    auto *detailsScroll = new QScrollArea(splitter);
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setWidget(m_details);
    splitter->addWidget(detailsScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PluginListView::onCurrentRowChanged);
    // The first plugin to appear is shown at once; later ones leave the user's choice alone.
    connect(m_sortModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->currentIndex().isValid())
            m_table->selectRow(0);
    });
    connect(m_details, &PluginDetailsView::openSourceRequested, this, &PluginListView::openSourceRequested);
    if (m_sortModel->rowCount() > 0)
        m_table->selectRow(0);
}

PluginListView::~PluginListView() = default;

PluginListModel *PluginListView::model() const
{
    return m_model;
}

PluginDetailsView *PluginListView::details() const
{
    return m_details;
}

QTableView *PluginListView::tableView() const
{
    return m_table;
}

QSortFilterProxyModel *PluginListView::sortModel() const
{
    return m_sortModel;
}

QString PluginListView::selectedPlugin() const
{
    return m_table->currentIndex().data(PluginListModel::PluginNameRole).toString();
}

bool PluginListView::selectPlugin(const QString &name)
{
    const int sourceRow = m_model->rowOf(name);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_sortModel->mapFromSource(m_model->index(sourceRow, 0));
    m_table->selectRow(index.row());
    return true;
}

void PluginListView::refresh()
{
    m_model->refresh();
}

void PluginListView::onCurrentRowChanged()
{
    m_details->setPlugin(selectedPlugin());
    if (!selectedPlugin().isEmpty())
        Q_EMIT pluginSelected(selectedPlugin());
}

} // namespace Relive::App
