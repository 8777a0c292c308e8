#include "pluginviews/pluginlistmodel.h"

#include "pluginviews/pluginstateicons.h"

#include "relive/hostevent.h"
#include "relive/pluginhost.h"

#include <algorithm>

namespace Relive::App {

using Relive::HostEvent;
using Relive::ModuleRecord;

PluginListModel::PluginListModel(Relive::PluginHost *host, QObject *parent)
    : QAbstractTableModel(parent)
    , m_host(host)
{
    connect(host, &Relive::PluginHost::hostEvent, this, &PluginListModel::onHostEvent);
    refresh();
}

PluginListModel::~PluginListModel() = default;

Relive::PluginHost *PluginListModel::host() const
{
    return m_host;
}

int PluginListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PluginListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PluginListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const titles[ColumnCount] = {
        QT_TR_NOOP("Name"),      QT_TR_NOOP("Version"),  QT_TR_NOOP("Generation"), QT_TR_NOOP("State"),
        QT_TR_NOOP("Loaded at"), QT_TR_NOOP("Build ms"), QT_TR_NOOP("Load ms"),
    };
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QVariant();
    return tr(titles[section]);
}

QVariant PluginListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
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
        if (!row.known)
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
    case Status::Pinned:
        return PluginStateIcons::pinned();
    case Status::Unloaded:
        return PluginStateIcons::unloaded();
    }
    return QIcon();
}

PluginListModel::Status PluginListModel::statusOf(const Row &row) const
{
    if (row.live) {
        if (!row.lastError.isEmpty())
            return Status::LoadedLastReloadFailed;
        return row.pinnedOlder > 0 ? Status::LoadedOldPinned : Status::Loaded;
    }
    if (!row.lastError.isEmpty() || !row.known || row.record.state == ModuleRecord::State::Failed)
        return Status::Failed;
    return row.record.state == ModuleRecord::State::Pinned ? Status::Pinned : Status::Unloaded;
}

QString PluginListModel::statusTextOf(const Row &row) const
{
    switch (statusOf(row)) {
    case Status::Loaded:
        return tr("Loaded");
    case Status::LoadedLastReloadFailed:
        return tr("Loaded (last reload failed)");
    case Status::LoadedOldPinned:
        return row.pinnedOlder == 1 ? tr("Loaded (1 old generation pinned)")
                                    : tr("Loaded (%1 old generations pinned)").arg(row.pinnedOlder);
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
        return tr("Generation %1 keeps running. The last reload failed: %2").arg(row.record.generation).arg(row.lastError);
    case Status::LoadedOldPinned:
        return row.pinnedError;
    case Status::Failed:
        return row.lastError.isEmpty() ? row.record.errorString : row.lastError;
    case Status::Pinned:
        return row.record.errorString;
    }
    return QString();
}

void PluginListModel::onHostEvent(const HostEvent &event)
{
    if (event.plugin.isEmpty())
        return;
    switch (event.type) {
    case HostEvent::Type::BuildStarted:
    case HostEvent::Type::BuildFinished:
    case HostEvent::Type::BuildFailed:
        return; // about the workspace, not one plugin
    case HostEvent::Type::LoadFailed:
    case HostEvent::Type::ReloadFailed:
    case HostEvent::Type::Loaded:
    case HostEvent::Type::Reloaded:
    case HostEvent::Type::RolledBack:
    case HostEvent::Type::Unloaded:
    case HostEvent::Type::Pinned:
        break;
    }

    Row &row = m_rows[ensureRow(event.plugin)];
    switch (event.type) {
    case HostEvent::Type::LoadFailed:
    case HostEvent::Type::ReloadFailed:
        row.lastError = event.error;
        break;
    case HostEvent::Type::Loaded:
    case HostEvent::Type::Reloaded:
    case HostEvent::Type::RolledBack:
        row.lastError.clear();
        row.buildMs = event.timing.buildMs;
        break;
    case HostEvent::Type::Unloaded:
        row.lastError.clear(); // the user's unload supersedes an older failed attempt
        break;
    default:
        break;
    }
    update(event.plugin);
}

void PluginListModel::update(const QString &name)
{
    const int index = rowOf(name);
    if (index < 0)
        return;
    Row &row = m_rows[index];
    const QStringList known = m_host->pluginNames();
    row.known = known.contains(name);
    row.live = m_host->isLoaded(name);
    const QList<ModuleRecord> history = row.known ? m_host->history(name) : QList<ModuleRecord>();
    row.record = row.known ? m_host->record(name) : ModuleRecord();
    if (!row.live) {
        // The host's newest record may be a refused attempt; the row shows the last one that ran.
        const auto ran = std::find_if(history.cbegin(), history.cend(), [](const ModuleRecord &record) {
            return record.state != ModuleRecord::State::Failed;
        });
        if (ran != history.cend())
            row.record = *ran;
    } else if (row.lastError.isEmpty() && !history.isEmpty()
               && history.first().state == ModuleRecord::State::Failed
               && history.first().generation > row.record.generation) {
        row.lastError = history.first().errorString; // refused before this model saw the event
    }
    row.pinnedOlder = 0;
    row.pinnedError.clear();
    if (row.live) {
        for (const ModuleRecord &record : history) {
            if (record.state != ModuleRecord::State::Pinned)
                continue;
            ++row.pinnedOlder;
            if (row.pinnedError.isEmpty())
                row.pinnedError = record.errorString;
        }
    }
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

} // namespace Relive::App
