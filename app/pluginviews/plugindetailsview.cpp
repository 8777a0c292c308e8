#include "pluginviews/plugindetailsview.h"

#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginstateicons.h"

#include "relive/pluginhost.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

#include <utility>

namespace Relive::App {

using Relive::ModuleRecord;

namespace {

enum HistoryColumn { GenerationColumn, TimeColumn, HashColumn, StateColumn, ErrorColumn };

const int shaPrefixLength = 12;

QTreeWidget *newTree(const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    return tree;
}

QString historyStateText(const ModuleRecord &record, int liveGeneration)
{
    QString text = ModuleRecord::stateName(record.state);
    if (record.rolledBackFrom > 0)
        text += PluginDetailsView::tr(", rollback to %1").arg(record.rolledBackFrom);
    if (record.generation == liveGeneration && record.state == ModuleRecord::State::Loaded)
        text += PluginDetailsView::tr(" (live)");
    return text;
}

} // namespace

PluginDetailsView::PluginDetailsView(PluginListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_host(model->host())
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_message(new QLabel(this))
    , m_historyView(newTree({tr("Generation"), tr("Loaded at"), tr("SHA-256"), tr("State"), tr("Error")}, this))
    , m_recordView(newTree({tr("Field"), tr("Value")}, this))
    , m_metadataView(new QPlainTextEdit(this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_unload(new QPushButton(tr("&Unload"), this))
    , m_rollback(new QPushButton(tr("Roll &Back"), this))
    , m_openSource(new QPushButton(tr("Open &Source"), this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    for (QLabel *label : {m_status, m_message}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #a40000; }"));
    m_message->hide();
    m_metadataView->setReadOnly(true);
    m_metadataView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reload->setToolTip(tr("Load the plugin again from its artifact"));
    m_rollback->setToolTip(tr("Make the generation selected in the history live again, with the current state"));
    m_openSource->setToolTip(tr("Open the plugin's source in the editor"));
    createLayout();
    connectParts();
    refresh();
}

PluginDetailsView::~PluginDetailsView() = default;

void PluginDetailsView::createLayout()
{
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_reload, m_unload, m_rollback, m_openSource})
        buttons->addWidget(button);
    buttons->addStretch();

    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_recordView, tr("Record"));
    tabs->addTab(m_metadataView, tr("Metadata"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_historyView);
    splitter->addWidget(tabs);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
}

void PluginDetailsView::connectParts()
{
    connect(m_historyView, &QTreeWidget::currentItemChanged, this, [this] {
        showSelectedRecord();
        updateButtons();
    });
    connect(m_reload, &QPushButton::clicked, this, &PluginDetailsView::reloadPlugin);
    connect(m_unload, &QPushButton::clicked, this, &PluginDetailsView::unloadPlugin);
    connect(m_rollback, &QPushButton::clicked, this, &PluginDetailsView::rollbackPlugin);
    connect(m_openSource, &QPushButton::clicked, this,
            [this] { Q_EMIT openSourceRequested(m_name, m_current.artifactPath); });
    // The model has taken the host's event in when it says a row changed.
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_model->rowOf(m_name);
                if (row >= topLeft.row() && row <= bottomRight.row())
                    refresh();
            });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        const int row = m_model->rowOf(m_name); // shown before the model had a row for it
        if (row >= first && row <= last)
            refresh();
    });
}

void PluginDetailsView::setPlugin(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    m_message->hide();
    refresh();
}

QString PluginDetailsView::plugin() const
{
    return m_name;
}

QTreeWidget *PluginDetailsView::historyView() const
{
    return m_historyView;
}

QTreeWidget *PluginDetailsView::recordView() const
{
    return m_recordView;
}

QPlainTextEdit *PluginDetailsView::metadataView() const
{
    return m_metadataView;
}

QLabel *PluginDetailsView::statusLabel() const
{
    return m_status;
}

QLabel *PluginDetailsView::messageLabel() const
{
    return m_message;
}

QPushButton *PluginDetailsView::reloadButton() const
{
    return m_reload;
}

QPushButton *PluginDetailsView::unloadButton() const
{
    return m_unload;
}

QPushButton *PluginDetailsView::rollbackButton() const
{
    return m_rollback;
}

QPushButton *PluginDetailsView::openSourceButton() const
{
    return m_openSource;
}

int PluginDetailsView::selectedGeneration() const
{
    const QTreeWidgetItem *item = m_historyView->currentItem();
    return item ? item->data(GenerationColumn, Qt::UserRole).toInt() : 0;
}

bool PluginDetailsView::selectGeneration(int generation)
{
    for (int i = 0; i < m_historyView->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_historyView->topLevelItem(i);
        if (item->data(GenerationColumn, Qt::UserRole).toInt() == generation) {
            m_historyView->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

ModuleRecord PluginDetailsView::selectedRecord() const
{
    const int generation = selectedGeneration();
    for (const ModuleRecord &record : m_history) {
        if (record.generation == generation)
            return record;
    }
    return m_current;
}

void PluginDetailsView::refresh()
{
    const bool known = !m_name.isEmpty() && m_host->pluginNames().contains(m_name);
    m_current = m_model->record(m_name);
    m_history = known ? m_host->history(m_name) : QList<ModuleRecord>();

    m_title->setText(m_name);
    const QString details = m_model->statusDetails(m_name);
    m_status->setText(m_model->rowOf(m_name) < 0
                          ? QString()
                          : details.isEmpty() ? m_model->statusText(m_name)
                                              : QStringLiteral("%1: %2").arg(m_model->statusText(m_name), details));

    const QSignalBlocker blocker(m_historyView);
    m_historyView->clear();
    QTreeWidgetItem *live = nullptr;
    for (const ModuleRecord &record : std::as_const(m_history)) {
        auto *item = new QTreeWidgetItem(m_historyView);
        item->setData(GenerationColumn, Qt::UserRole, record.generation);
        item->setText(GenerationColumn, QString::number(record.generation));
        item->setIcon(GenerationColumn, PluginStateIcons::forState(record.state));
        item->setText(TimeColumn, record.loadedAt.isValid() ? record.loadedAt.toString(QStringLiteral("HH:mm:ss")) : QString());
        item->setText(HashColumn, record.sha256.left(shaPrefixLength));
        item->setToolTip(HashColumn, record.sha256);
        item->setText(StateColumn, historyStateText(record, m_current.generation));
        item->setText(ErrorColumn, record.errorString);
        item->setToolTip(ErrorColumn, record.errorString);
        if (record.generation == m_current.generation)
            live = item;
    }
    m_historyView->setCurrentItem(live);
    showSelectedRecord();
    updateButtons();
}

void PluginDetailsView::showSelectedRecord()
{
    m_recordView->clear();
    m_metadataView->clear();
    if (m_history.isEmpty())
        return;
    const ModuleRecord record = selectedRecord();
    const QJsonObject json = record.toJson();
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.key() == QLatin1String("metaData"))
            continue; // shown whole, as JSON, in its own tab
        auto *item = new QTreeWidgetItem(m_recordView);
        item->setText(0, it.key());
        item->setText(1, it.value().toVariant().toString());
        item->setToolTip(1, item->text(1));
    }
    addLibraryRows(record);
    m_metadataView->setPlainText(QString::fromUtf8(QJsonDocument(record.metaData).toJson(QJsonDocument::Indented)));
}

// The libraries the generation runs with, one child row each, its stale reason if it has one.
void PluginDetailsView::addLibraryRows(const ModuleRecord &record)
{
    const QList<QTreeWidgetItem *> found = m_recordView->findItems(QStringLiteral("libraries"), Qt::MatchExactly);
    if (found.isEmpty())
        return;
    QTreeWidgetItem *parent = found.constFirst();
    for (const LinkedLibrary &library : record.libraries) {
        auto *item = new QTreeWidgetItem(parent);
        const QString stale = library.staleReason();
        item->setText(0, library.soname);
        item->setText(1, stale.isEmpty() ? tr("%1 (build-id %2)").arg(library.path, library.buildId)
                                         : tr("STALE: %1").arg(stale));
        item->setToolTip(1, item->text(1));
    }
    parent->setExpanded(true);
}

void PluginDetailsView::updateButtons()
{
    const bool known = !m_history.isEmpty();
    const ModuleRecord selected = selectedRecord();
    m_reload->setEnabled(known && !m_current.artifactPath.isEmpty());
    m_unload->setEnabled(known && m_host->isLoaded(m_name));
    // Any kept generation that is not the live one, also when none is live.
    m_rollback->setEnabled(known && selected.restorable && selected.state != ModuleRecord::State::Loaded);
    m_openSource->setEnabled(known && !m_current.artifactPath.isEmpty());
}

void PluginDetailsView::reloadPlugin()
{
    // The trial runs in the background: a plugin that hangs in it must not freeze the window.
    const QString name = m_name;
    const QString artifact = m_current.artifactPath;
    m_host->probeInBackground(name, artifact, this, [this, name, artifact](double waitedMs) {
        Relive::ReloadTiming before;
        before.totalMs = waitedMs; // click -> live: the trial run counts
        const bool ok = m_host->reload(name, artifact, before);
        if (name == m_name)
            reportResult(ok);
    });
}

void PluginDetailsView::unloadPlugin()
{
    reportResult(m_host->unload(m_name));
}

void PluginDetailsView::rollbackPlugin()
{
    reportResult(m_host->rollback(m_name, selectedGeneration()));
}

void PluginDetailsView::reportResult(bool ok)
{
    // A failure that the host also reports as an event shows in the status line too; some
    // (a generation no longer kept, a pinned unload) are only said here.
    m_message->setText(ok ? QString() : m_host->errorString());
    m_message->setVisible(!ok);
    refresh(); // also when the host emitted nothing, e.g. a refused rollback
}

} // namespace Relive::App
