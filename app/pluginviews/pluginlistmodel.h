#pragma once

#include "pluginviews/remotemodules.h"

#include "relive/modulerecord.h"
#include "relive/pluginstatus.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QList>
#include <QtGui/QIcon>

#include <functional>

namespace Relive {
class PluginHost;
} // namespace Relive

namespace Relive::App {

/*!
 * The plugins of a PluginHost as a table, like Qt Creator's About Plugins: one row per plugin
 * name, showing its live generation (or its last one when none is live) and what
 * PluginHost::status() says of it, kept current from PluginHost::statusChanged().
 *
 * A refused reload does not make a plugin look dead: the previous generation keeps running,
 * so the row says "Loaded (last reload failed)" with the failed icon and the reason as its
 * tooltip. A load that failed before the host knew the plugin still gets a row, named as the
 * host's event names it, so that the failure is seen.
 *
 * Attached to another app (File → Attach), that app's plugins follow this host's rows, as its
 * agent's last list reply said (setRemoteModules()); the Process column says which process
 * runs a row (this host's rows: localProcess(), attached or not). When the link ends they grey
 * out with the reason (setRemoteGone()).
 */
class PluginListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        VersionColumn,
        GenerationColumn,
        StateColumn,
        LoadedAtColumn,
        BuildMsColumn,
        LoadMsColumn,
        ProcessColumn, //!< which process runs it: this one, or an attached app (RemoteModules)
        ColumnCount
    };

    enum Role {
        PluginNameRole = Qt::UserRole + 1, //!< the plugin's name, in every column
        SortRole,                          //!< the raw value (number, time) a column sorts by
    };

    /*! What a row shows about its plugin, most urgent first. */
    enum class Status {
        Loaded,
        LoadedLastReloadFailed, //!< a generation is live; the newest attempt was refused
        LoadedOldPinned,        //!< a generation is live; an older one could not be unloaded
        LoadedStale,            //!< a generation is live, but runs a library the build has replaced
        Failed,                 //!< nothing live; the last attempt failed
        Pinned,                 //!< nothing live; the last generation could not be unloaded
        Unloaded,
    };
    Q_ENUM(Status)

    explicit PluginListModel(Relive::PluginHost *host, QObject *parent = nullptr);
    ~PluginListModel() override;

    Relive::PluginHost *host() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QString pluginName(int row) const;
    /*! The row of \a name, or -1. */
    int rowOf(const QString &name) const;

    Status status(const QString &name) const;
    /*! "Loaded", "Loaded (last reload failed)", ...: the State column. */
    QString statusText(const QString &name) const;
    QIcon statusIcon(const QString &name) const;
    /*! Why: the last failed attempt's error, or what pins a generation; empty when all is well. */
    QString statusDetails(const QString &name) const;
    /*!
     * The generation the row shows: the live one, else the newest that ran (a refused attempt
     * after an unload does not replace it), else the newest. Empty for a name the host does
     * not know (a load that failed before the plugin's name was read).
     */
    Relive::ModuleRecord record(const QString &name) const;
    /*! Build time reported with the live generation's load, in ms; negative when unknown. */
    double buildMs(const QString &name) const;

    /*! The attached app's plugins: \a process names it, \a plugins is its agent's list reply's "plugins". */
    void setRemoteModules(const QString &process, const QJsonArray &plugins);
    /*! The link to the attached app ended for \a reason: its rows grey out and say so. */
    void setRemoteGone(const QString &reason);
    const RemoteModules &remoteModules() const;
    /*! What the Process column says of this host's rows: this window's Relive process. */
    static QString localProcess();
    /*! The row of the attached app's plugin \a name, or -1. */
    int remoteRowOf(const QString &name) const;

public Q_SLOTS:
    /*! Reads every plugin from the host again (a row goes only when the host forgets its plugin). */
    void refresh();

private:
    struct Row
    {
        QString name;
        Relive::ModuleRecord record; //!< what record() says
        Relive::PluginStatus status; //!< the host's
        double buildMs = -1;
    };

    void onGenerationLive(const QString &name, const Relive::LoadAttempt &attempt);
    void onStatusChanged(const QString &name);
    void onForgotten(const QString &name);
    int ensureRow(const QString &name);
    void update(const QString &name);
    const Row *find(const QString &name) const;
    Status statusOf(const Row &row) const;
    QString statusTextOf(const Row &row) const;
    QString statusDetailsOf(const Row &row) const;
    QVariant displayData(const Row &row, int column) const;
    QVariant sortData(const Row &row, int column) const;
    QVariant remoteData(const RemoteModules::Module &module, int column, int role) const;
    void replaceRemoteRows(const std::function<void()> &change);

    Relive::PluginHost *m_host;
    QList<Row> m_rows; //!< sorted by name, as the host lists them
    RemoteModules m_remote; //!< rows after m_rows
};

} // namespace Relive::App
