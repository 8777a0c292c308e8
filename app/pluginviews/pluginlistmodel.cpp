#include "pluginviews/pluginlistmodel.h"

#include "pluginviews/pluginstateicons.h"

#include "relive/pluginhost.h"

#include <algorithm>

namespace Relive::App {

using Relive::ModuleRecord;
using Relive::PluginStatus;

PluginListModel::PluginListModel(Relive::PluginHost *host, QObject *parent)
    : QAbstractTableModel(parent)
    , m_host(host)
{
    connect(host, &Relive::PluginHost::generationLive, this, &PluginListModel::onGenerationLive);
    connect(host, &Relive::PluginHost::statusChanged, this, &PluginListModel::onStatusChanged);
    connect(host, &Relive::PluginHost::forgotten, this, &PluginListModel::onForgotten);
    refresh();
}

PluginListModel::~PluginListModel() = default;

Relive::PluginHost *PluginListModel::host() const
{
    return m_host;
}

int PluginListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size()) + m_remote.count();
}

int PluginListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PluginListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const titles[ColumnCount] = {
        QT_TR_NOOP("Name"),      QT_TR_NOOP("Version"),  QT_TR_NOOP("Generation"), QT_TR_NOOP("State"),
        QT_TR_NOOP("Loaded at"), QT_TR_NOOP("Build ms"), QT_TR_NOOP("Load ms"),  QT_TR_NOOP("Process"),
    };
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QVariant();
    return tr(titles[section]);
}

QVariant PluginListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    if (index.row() >= m_rows.size())
        return remoteData(m_remote.at(index.row() - int(m_rows.size())), index.column(), role);
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case SortRole:
        return sortData(row, index.column());
    case PluginNameRole:
        return row.name;
    case Qt::DecorationRole:
        return index.column() == NameColumn ? QVariant(statusIcon(row.name)) : QVariant();
    case Qt::ToolTipRole: {
        const QString details = statusDetailsOf(row);
        return details.isEmpty() ? QVariant(row.record.artifactPath) : QVariant(details);
    }
    case Qt::TextAlignmentRole:
        if (index.column() == GenerationColumn || index.column() == BuildMsColumn || index.column() == LoadMsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    }
    return QVariant();
}

QVariant PluginListModel::displayData(const Row &row, int column) const
{
    const auto milliseconds = [](double ms) { return ms >= 0 ? QString::number(ms, 'f', 1) : QString(); };
    switch (column) {
    case NameColumn:
        return row.name;
    case VersionColumn:
        return row.record.version;
    case GenerationColumn:
        if (row.record.generation == 0) // a name the host only knows from a refused file
            return QString();
        if (row.record.rolledBackFrom > 0)
            return tr("%1 (rollback to %2)").arg(row.record.generation).arg(row.record.rolledBackFrom);
        return QString::number(row.record.generation);
    case StateColumn:
        return statusTextOf(row);
    case LoadedAtColumn:
        return row.record.loadedAt.isValid() ? row.record.loadedAt.toString(QStringLiteral("HH:mm:ss")) : QString();
    case BuildMsColumn:
        return milliseconds(row.buildMs);
    case LoadMsColumn:
        return milliseconds(row.record.loadMs);
    case ProcessColumn:
        return localProcess(); // attached or not: the same words before, during and after an attach
    }
    return QVariant();
}

QVariant PluginListModel::sortData(const Row &row, int column) const
{
    switch (column) {
    case GenerationColumn:
        return row.record.generation;
    case LoadedAtColumn:
        return row.record.loadedAt;
    case BuildMsColumn:
        return row.buildMs;
    case LoadMsColumn:
        return row.record.loadMs;
    case StateColumn:
        return int(statusOf(row));
    }
    return displayData(row, column);
}

QString PluginListModel::pluginName(int row) const
{
    if (row >= m_rows.size() && row < rowCount())
        return m_remote.at(row - int(m_rows.size())).name;
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

int PluginListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

const PluginListModel::Row *PluginListModel::find(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? nullptr : &m_rows.at(row);
}

PluginListModel::Status PluginListModel::status(const QString &name) const
{
    const Row *row = find(name);
    return row ? statusOf(*row) : Status::Failed;
}

QString PluginListModel::statusText(const QString &name) const
{
    const Row *row = find(name);
    return row ? statusTextOf(*row) : QString();
}

QString PluginListModel::statusDetails(const QString &name) const
{
    const Row *row = find(name);
    return row ? statusDetailsOf(*row) : QString();
}

ModuleRecord PluginListModel::record(const QString &name) const
{
    const Row *row = find(name);
    return row ? row->record : ModuleRecord();
}

double PluginListModel::buildMs(const QString &name) const
{
    const Row *row = find(name);
    return row ? row->buildMs : -1;
}

QIcon PluginListModel::statusIcon(const QString &name) const
{
    switch (status(name)) {
    case Status::Loaded:
        return PluginStateIcons::loaded();
    case Status::LoadedLastReloadFailed:
    case Status::Failed:
        return PluginStateIcons::failed();
    case Status::LoadedOldPinned:
    case Status::LoadedStale:
    case Status::Pinned:
        return PluginStateIcons::pinned();
    case Status::Unloaded:
        return PluginStateIcons::unloaded();
    }
    return QIcon();
}

PluginListModel::Status PluginListModel::statusOf(const Row &row) const
{
    const PluginStatus &status = row.status;
    if (status.isLive()) {
        if (status.lastAttemptFailed())
            return Status::LoadedLastReloadFailed;
        if (status.isStale())
            return Status::LoadedStale;
        return status.pinnedGenerations.isEmpty() ? Status::Loaded : Status::LoadedOldPinned;
    }
    if (status.lastAttemptFailed() || status.lastRunGeneration == 0)
        return Status::Failed;
    return status.isPinned(status.lastRunGeneration) ? Status::Pinned : Status::Unloaded;
}

QString PluginListModel::statusTextOf(const Row &row) const
{
    switch (statusOf(row)) {
    case Status::Loaded:
        return tr("Loaded");
    case Status::LoadedLastReloadFailed:
        return tr("Loaded (last reload failed)");
    case Status::LoadedOldPinned: {
        const int pinned = int(row.status.pinnedGenerations.size());
        return pinned == 1 ? tr("Loaded (1 old generation pinned)") : tr("Loaded (%1 old generations pinned)").arg(pinned);
    }
    case Status::LoadedStale:
        return tr("Loaded (stale: restart to run the new build)");
    case Status::Failed:
        return tr("Failed");
    case Status::Pinned:
        return tr("Pinned");
    case Status::Unloaded:
        return tr("Unloaded");
    }
    return QString();
}

QString PluginListModel::statusDetailsOf(const Row &row) const
{
    switch (statusOf(row)) {
    case Status::Loaded:
    case Status::Unloaded:
        return QString();
    case Status::LoadedLastReloadFailed:
        return tr("Generation %1 keeps running. The last reload failed: %2")
            .arg(row.record.generation)
            .arg(row.status.lastAttempt.error);
    case Status::LoadedOldPinned:
        return row.status.pinnedError;
    case Status::LoadedStale:
        return row.status.staleReason;
    case Status::Failed:
        return row.status.lastAttemptFailed() ? row.status.lastAttempt.error : row.record.errorString;
    case Status::Pinned:
        return row.record.errorString;
    }
    return QString();
}

void PluginListModel::onGenerationLive(const QString &name, const Relive::LoadAttempt &attempt)
{
    m_rows[ensureRow(name)].buildMs = attempt.timing.buildMs; // shown by the statusChanged() that follows
}

void PluginListModel::onStatusChanged(const QString &name)
{
    if (name.isEmpty())
        return;
    ensureRow(name);
    update(name);
}

void PluginListModel::onForgotten(const QString &name)
{
    const int index = rowOf(name);
    if (index < 0)
        return;
    beginRemoveRows(QModelIndex(), index, index);
    m_rows.removeAt(index);
    endRemoveRows();
}

void PluginListModel::update(const QString &name)
{
    const int index = rowOf(name);
    if (index < 0)
        return;
    Row &row = m_rows[index];
    row.status = m_host->status(name);
    // With nothing live, the row shows the last generation that ran, not a refused attempt after it.
    const int shown = row.status.isLive() ? 0 : row.status.lastRunGeneration;
    row.record = shown > 0 ? m_host->record(name, shown) : m_host->record(name);
    Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
}

void PluginListModel::refresh()
{
    const QStringList names = m_host->pluginNames();
    for (const QString &name : names)
        ensureRow(name);
    for (int i = 0; i < m_rows.size(); ++i)
        update(m_rows.at(i).name);
}

int PluginListModel::ensureRow(const QString &name)
{
    const int existing = rowOf(name);
    if (existing >= 0)
        return existing;
    // Keep the rows sorted by name, as the host lists its plugins.
    const auto position = std::lower_bound(m_rows.cbegin(), m_rows.cend(), name,
                                           [](const Row &row, const QString &n) { return row.name < n; });
    const int index = int(position - m_rows.cbegin());
    beginInsertRows(QModelIndex(), index, index);
    Row row;
    row.name = name;
    m_rows.insert(index, row);
    endInsertRows();
    return index;
}

Qt::ItemFlags PluginListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() < m_rows.size())
        return QAbstractTableModel::flags(index);
    // Another process's plugin: shown, not selectable (the details and Live View are this host's).
    return m_remote.isGone() ? Qt::NoItemFlags : Qt::ItemIsEnabled;
}

QVariant PluginListModel::remoteData(const RemoteModules::Module &module, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (column) {
        case NameColumn:
            return module.name;
        case VersionColumn:
            return module.version;
        case GenerationColumn:
            return role == SortRole ? QVariant(module.generation) : QVariant(QString::number(module.generation));
        case StateColumn:
            return m_remote.stateText(module);
        case ProcessColumn:
            return m_remote.process();
        }
        return role == SortRole ? QVariant(-1) : QVariant(QString());
    case PluginNameRole:
        return module.name;
    case Qt::ToolTipRole:
        return m_remote.details(module);
    case Qt::DecorationRole:
        if (column != NameColumn)
            return QVariant();
        return m_remote.isGone()                                       ? PluginStateIcons::unloaded()
               : module.error.isEmpty() && module.generation > 0 ? PluginStateIcons::loaded()
                                                                         : PluginStateIcons::failed();
    case Qt::TextAlignmentRole:
        return column == GenerationColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    return QVariant();
}

void PluginListModel::replaceRemoteRows(const std::function<void()> &change)
{
    const int first = int(m_rows.size());
    if (m_remote.count() > 0) {
        beginRemoveRows(QModelIndex(), first, first + m_remote.count() - 1);
        m_remote.clear();
        endRemoveRows();
    }
    change();
    if (m_remote.count() > 0) {
        const RemoteModules next = m_remote;
        m_remote.clear();
        beginInsertRows(QModelIndex(), first, first + next.count() - 1);
        m_remote = next;
        endInsertRows();
    }
}

QString PluginListModel::localProcess()
{
    return tr("Relive (this window)");
}

void PluginListModel::setRemoteModules(const QString &process, const QJsonArray &plugins)
{
    replaceRemoteRows([this, &process, &plugins] { m_remote.set(process, plugins); });
}

void PluginListModel::setRemoteGone(const QString &reason)
{
    const int first = int(m_rows.size());
    m_remote.setGone(reason);
    if (m_remote.count() > 0)
        Q_EMIT dataChanged(index(first, 0), index(first + m_remote.count() - 1, ColumnCount - 1));
}

const RemoteModules &PluginListModel::remoteModules() const
{
    return m_remote;
}

int PluginListModel::remoteRowOf(const QString &name) const
{
    const int index = m_remote.indexOf(name);
    return index < 0 ? -1 : int(m_rows.size()) + index;
}

} // namespace Relive::App
