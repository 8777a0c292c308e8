// The plugin list (PluginListModel, PluginDetailsView, PluginListView) on a real PluginHost
// loading the real fixture plugins, driven through its table and buttons with the mouse.
#include "testsupport.h"

#include "pluginviews/plugindetailsview.h"
#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginlistview.h"
#include "pluginviews/pluginstateicons.h"

#include <relive/hostevent.h>
#include <relive/pluginhost.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QtTest>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTreeWidget>

using namespace Relive::App;

using Relive::HostEvent;
using Relive::ModuleRecord;
using Relive::PluginHost;
using Relive::ReloadTiming;
using namespace TestSupport;

namespace {

const QString answerName = QStringLiteral("answer");

QImage imageOf(const QIcon &icon)
{
    return icon.pixmap(16, 16).toImage();
}

/*! A host and the plugin list over it, shown, with the model checked throughout. */
struct Panel
{
    Panel()
        : view(&host)
        , tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest)
    {
        view.resize(1400, 700);
        view.show();
    }

    PluginListModel *model() const { return view.model(); }
    PluginDetailsView *details() const { return view.details(); }

    QVariant cell(const QString &name, int column, int role = Qt::DisplayRole) const
    {
        return model()->index(model()->rowOf(name), column).data(role);
    }

    QTreeWidgetItem *historyItem(int generation) const
    {
        QTreeWidget *history = details()->historyView();
        for (int i = 0; i < history->topLevelItemCount(); ++i) {
            if (history->topLevelItem(i)->data(0, Qt::UserRole).toInt() == generation)
                return history->topLevelItem(i);
        }
        return nullptr;
    }

    /*! Clicks the row of \a generation in the details' history, as a user selects it. */
    bool clickGeneration(int generation) const
    {
        QTreeWidget *history = details()->historyView();
        QTreeWidgetItem *item = historyItem(generation);
        if (!item)
            return false;
        history->scrollToItem(item);
        QTest::mouseClick(history->viewport(), Qt::LeftButton, Qt::NoModifier, history->visualItemRect(item).center());
        return details()->selectedGeneration() == generation;
    }

    /*! Clicks the table row that shows \a name (through the sorting proxy). */
    bool clickRow(const QString &name) const
    {
        QTableView *table = view.tableView();
        const QModelIndex index = view.sortModel()->mapFromSource(model()->index(model()->rowOf(name), 0));
        if (!index.isValid())
            return false;
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, table->visualRect(index).center());
        return view.selectedPlugin() == name;
    }

    PluginHost host;
    PluginListView view;
    QAbstractItemModelTester tester;
};

} // namespace

class TestPluginList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadAddsARow();
    void reloadUpdatesTheSameRow();
    void refusedReloadKeepsTheLiveGeneration_data();
    void refusedReloadKeepsTheLiveGeneration();
    void failedFirstLoadGetsARow();
    void refusalBeforeTheListExisted();
    void unloadAfterARefusalShowsWhatRan();
    void statusComesFromTheHost();
    void detailsShowRecordAndHistory();
    void rollbackButton();
    void unloadAndReloadButtons();
    void openSource();
    void tableSelectionShowsDetails();
    void stateIconsAreDistinct();
    void pinnedGenerationIsShown(); // last: the pinned fixture stays in the process
};

void TestPluginList::initTestCase()
{
    for (const char *target : {"fixture_answer_v1", "fixture_answer_v2", "fixture_throw_restore", "fixture_bad_version",
                               "fixture_other_iid", "fixture_widget_order", "fixture_pinned"})
        QVERIFY2(QFileInfo::exists(fixture(target)), qPrintable(fixture(target) + QLatin1String(" was not built")));
}

void TestPluginList::loadAddsARow()
{
    Panel panel;
    QCOMPARE(panel.model()->rowCount(), 0);
    QSignalSpy inserted(panel.model(), &QAbstractItemModel::rowsInserted);
    ReloadTiming before;
    before.buildMs = 321.5; // as a build pipeline reports it with the artifact
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1"), before), qPrintable(panel.host.errorString()));
    const ModuleRecord record = panel.host.record(answerName);

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->pluginName(0), answerName);
    QCOMPARE(panel.model()->index(0, PluginListModel::StateColumn).data(PluginListModel::PluginNameRole).toString(),
             answerName);
    QCOMPARE(panel.cell(answerName, PluginListModel::NameColumn).toString(), answerName);
    QCOMPARE(panel.cell(answerName, PluginListModel::VersionColumn).toString(), record.version);
    QCOMPARE(record.version, QStringLiteral("1.0.0"));
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("1"));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Loaded"));
    QCOMPARE(panel.cell(answerName, PluginListModel::LoadedAtColumn).toString(),
             record.loadedAt.toString(QStringLiteral("HH:mm:ss")));
    const double loadMs = panel.cell(answerName, PluginListModel::LoadMsColumn, PluginListModel::SortRole).toDouble();
    QVERIFY(loadMs > 0);
    QCOMPARE(loadMs, record.loadMs);
    QCOMPARE(panel.cell(answerName, PluginListModel::LoadMsColumn).toString(), QString::number(record.loadMs, 'f', 1));
    QCOMPARE(panel.cell(answerName, PluginListModel::BuildMsColumn, PluginListModel::SortRole).toDouble(), 321.5);
    QCOMPARE(panel.cell(answerName, PluginListModel::BuildMsColumn).toString(), QStringLiteral("321.5"));
    QCOMPARE(imageOf(panel.cell(answerName, PluginListModel::NameColumn, Qt::DecorationRole).value<QIcon>()),
             imageOf(PluginStateIcons::loaded()));
    QCOMPARE(panel.model()->headerData(PluginListModel::BuildMsColumn, Qt::Horizontal).toString(),
             QStringLiteral("Build ms"));
    // The first plugin to appear is selected, and its details shown.
    QCOMPARE(panel.view.selectedPlugin(), answerName);
    QCOMPARE(panel.details()->plugin(), answerName);
}

void TestPluginList::reloadUpdatesTheSameRow()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QSignalSpy inserted(panel.model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(panel.host.errorString()));

    QCOMPARE(inserted.count(), 0);
    QCOMPARE(panel.model()->rowCount(), 1);
    QVERIFY(changed.count() >= 1);
    const QModelIndex topLeft = changed.last().at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.last().at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 0);
    QCOMPARE(bottomRight.row(), 0);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), PluginListModel::ColumnCount - 1);
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("2"));
    QCOMPARE(panel.cell(answerName, PluginListModel::VersionColumn).toString(), QStringLiteral("2.0.0"));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Loaded"));
    // Reloaded without a build: no build time to show.
    QCOMPARE(panel.cell(answerName, PluginListModel::BuildMsColumn).toString(), QString());
}

// Rule 8: the old generation stays live, and the list says so, with the reason.
void TestPluginList::refusedReloadKeepsTheLiveGeneration_data()
{
    QTest::addColumn<QString>("artifact");
    QTest::addColumn<bool>("recordedAsGeneration"); // refused after staging: it has a record
    QTest::newRow("throws in restoreState") << fixture("fixture_throw_restore") << true;
    QTest::newRow("malformed version") << fixture("fixture_bad_version") << false;
}

void TestPluginList::refusedReloadKeepsTheLiveGeneration()
{
    QFETCH(QString, artifact);
    QFETCH(bool, recordedAsGeneration);
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(panel.host.errorString()));

    QVERIFY(!panel.host.reload(answerName, artifact));
    const QString error = panel.host.errorString();
    QVERIFY(!error.isEmpty());
    QCOMPARE(panel.host.record(answerName).generation, 2);
    QCOMPARE(panel.host.history(answerName).size(), recordedAsGeneration ? 3 : 2);

    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("2"));
    QCOMPARE(panel.cell(answerName, PluginListModel::VersionColumn).toString(), QStringLiteral("2.0.0"));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(),
             QStringLiteral("Loaded (last reload failed)"));
    QCOMPARE(panel.model()->status(answerName), PluginListModel::Status::LoadedLastReloadFailed);
    for (int column = 0; column < PluginListModel::ColumnCount; ++column) {
        const QString tip = panel.cell(answerName, column, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(error), qPrintable(tip));
    }
    QCOMPARE(imageOf(panel.cell(answerName, PluginListModel::NameColumn, Qt::DecorationRole).value<QIcon>()),
             imageOf(PluginStateIcons::failed()));
    QVERIFY2(panel.details()->statusLabel()->text().contains(error), qPrintable(panel.details()->statusLabel()->text()));
    QVERIFY(panel.details()->unloadButton()->isEnabled()); // generation 2 is still live

    // The next good reload clears it.
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Loaded"));
    QVERIFY(!panel.cell(answerName, PluginListModel::NameColumn, Qt::ToolTipRole).toString().contains(error));
}

// A plugin that never loaded still shows, named as the host's event names it.
void TestPluginList::failedFirstLoadGetsARow()
{
    Panel panel;
    QList<HostEvent> events;
    connect(&panel.host, &PluginHost::hostEvent, this, [&events](const HostEvent &event) { events.append(event); });
    QVERIFY(!panel.host.load(fixture("fixture_other_iid")));
    QCOMPARE(events.size(), 1);
    const QString name = events.at(0).plugin;
    QVERIFY(!name.isEmpty());

    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->pluginName(0), name);
    QCOMPARE(panel.cell(name, PluginListModel::StateColumn).toString(), QStringLiteral("Failed"));
    QCOMPARE(panel.cell(name, PluginListModel::NameColumn, Qt::ToolTipRole).toString(), panel.host.errorString());
    QCOMPARE(imageOf(panel.cell(name, PluginListModel::NameColumn, Qt::DecorationRole).value<QIcon>()),
             imageOf(PluginStateIcons::failed()));
    QCOMPARE(panel.details()->plugin(), name);
    QVERIFY(panel.details()->statusLabel()->text().contains(panel.host.errorString()));
    QVERIFY(!panel.details()->reloadButton()->isEnabled());
    QVERIFY(!panel.details()->unloadButton()->isEnabled());
    QVERIFY(!panel.details()->rollbackButton()->isEnabled());
}

// The model reads a refused reload from the host's history when it missed the event.
void TestPluginList::refusalBeforeTheListExisted()
{
    PluginHost host;
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY(!host.reload(answerName, fixture("fixture_throw_restore")));
    const QString error = host.errorString();

    PluginListModel model(&host);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.status(answerName), PluginListModel::Status::LoadedLastReloadFailed);
    QCOMPARE(model.record(answerName).generation, 1);
    QVERIFY2(model.statusDetails(answerName).contains(error), qPrintable(model.statusDetails(answerName)));
}

// After an unload, the row shows the generation that ran, not the refused attempt after it.
void TestPluginList::unloadAfterARefusalShowsWhatRan()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(panel.host.errorString()));
    QVERIFY(!panel.host.reload(answerName, fixture("fixture_throw_restore")));
    QTest::mouseClick(panel.details()->unloadButton(), Qt::LeftButton);
    QVERIFY(!panel.host.isLoaded(answerName));

    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Unloaded"));
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("2"));
    QCOMPARE(panel.cell(answerName, PluginListModel::VersionColumn).toString(), QStringLiteral("2.0.0"));
    QCOMPARE(panel.details()->selectedGeneration(), 2);
    // Reload brings back what ran; any kept generation can be rolled back to, even with none live.
    QVERIFY(panel.clickGeneration(2));
    QVERIFY(panel.details()->rollbackButton()->isEnabled());
    QVERIFY(panel.clickGeneration(3));
    QVERIFY(!panel.details()->rollbackButton()->isEnabled());
    QTest::mouseClick(panel.details()->reloadButton(), Qt::LeftButton);
    QVERIFY2(panel.host.isLoaded(answerName), qPrintable(panel.host.errorString()));
    QCOMPARE(callInt(panel.host.instance(answerName), "answer"), 2);
}

// The row's status is the host's status(): also a refusal the host never numbered as a
// generation (so no history has it) that came before the list existed; and it follows
// statusChanged().
void TestPluginList::statusComesFromTheHost()
{
    PluginHost host;
    QVERIFY2(host.load(fixture("fixture_answer_v1")), qPrintable(host.errorString()));
    QVERIFY(!host.reload(answerName, fixture("fixture_bad_version")));
    const QString error = host.errorString();
    QCOMPARE(host.history(answerName).size(), 1);
    QVERIFY(host.status(answerName).lastAttemptFailed());

    PluginListModel model(&host);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.status(answerName), PluginListModel::Status::LoadedLastReloadFailed);
    QVERIFY2(model.statusDetails(answerName).contains(error), qPrintable(model.statusDetails(answerName)));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY2(host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(host.errorString()));
    QCOMPARE(changed.count(), 1); // one statusChanged() per call
    QCOMPARE(model.status(answerName), PluginListModel::Status::Loaded);
    QVERIFY(!host.reload(answerName, fixture("fixture_throw_restore")));
    QCOMPARE(model.status(answerName), PluginListModel::Status::LoadedLastReloadFailed);
    QCOMPARE(model.statusDetails(answerName),
             QStringLiteral("Generation 2 keeps running. The last reload failed: %1").arg(host.status(answerName).lastAttempt.error));
    QVERIFY(host.unload(answerName));
    QCOMPARE(model.status(answerName), PluginListModel::Status::Unloaded);
    QCOMPARE(model.record(answerName).generation, host.status(answerName).lastRunGeneration);
    QCOMPARE(model.record(answerName).generation, 2);
}

void TestPluginList::detailsShowRecordAndHistory()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(panel.host.errorString()));
    QVERIFY(!panel.host.reload(answerName, fixture("fixture_throw_restore")));
    QVERIFY(panel.clickRow(answerName));
    PluginDetailsView *details = panel.details();
    QCOMPARE(details->plugin(), answerName);

    // Every generation, newest first, with its hash prefix and state as the host has them.
    const QList<ModuleRecord> history = panel.host.history(answerName);
    QCOMPARE(history.size(), 3);
    QTreeWidget *historyView = details->historyView();
    QCOMPARE(historyView->topLevelItemCount(), history.size());
    for (int i = 0; i < history.size(); ++i) {
        const QTreeWidgetItem *item = historyView->topLevelItem(i);
        const ModuleRecord &record = history.at(i);
        QCOMPARE(item->data(0, Qt::UserRole).toInt(), record.generation);
        QCOMPARE(item->text(0), QString::number(record.generation));
        QCOMPARE(record.sha256.size(), 64);
        QCOMPARE(item->text(2), record.sha256.left(12));
        QVERIFY2(item->text(3).startsWith(ModuleRecord::stateName(record.state)), qPrintable(item->text(3)));
        QCOMPARE(item->text(4), record.errorString);
    }
    QCOMPARE(history.at(0).generation, 3);
    QVERIFY(history.at(0).errorString.contains(QStringLiteral("refusing state")));
    QVERIFY(history.at(1).sha256 != history.at(2).sha256); // v2 and v1 are different code

    // The live generation is selected, and its record shown field by field.
    QCOMPARE(details->selectedGeneration(), 2);
    const auto checkRecordShown = [details](const ModuleRecord &record) {
        const QJsonObject json = record.toJson();
        QTreeWidget *fields = details->recordView();
        QCOMPARE(fields->topLevelItemCount(), json.size() - 1); // metaData has its own tab
        for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
            if (it.key() == QLatin1String("metaData"))
                continue;
            const QList<QTreeWidgetItem *> found = fields->findItems(it.key(), Qt::MatchExactly, 0);
            QVERIFY2(found.size() == 1, qPrintable(it.key()));
            QCOMPARE(found.at(0)->text(1), it.value().toVariant().toString());
        }
        const QJsonDocument metadata = QJsonDocument::fromJson(details->metadataView()->toPlainText().toUtf8());
        QCOMPARE(metadata.object(), record.metaData);
        QVERIFY(record.metaData.contains(QStringLiteral("MetaData")));
    };
    checkRecordShown(panel.host.record(answerName));
    QCOMPARE(details->recordView()->findItems(QStringLiteral("sha256"), Qt::MatchExactly).at(0)->text(1),
             history.at(1).sha256);

    // Selecting another generation shows that one.
    QVERIFY(panel.clickGeneration(1));
    checkRecordShown(history.at(2));
    QVERIFY(panel.clickGeneration(3));
    checkRecordShown(history.at(0));
}

void TestPluginList::rollbackButton()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QVERIFY(call(panel.host.instance(answerName), "increment"));
    QVERIFY2(panel.host.reload(answerName, fixture("fixture_answer_v2")), qPrintable(panel.host.errorString()));
    QVERIFY(!panel.host.reload(answerName, fixture("fixture_throw_restore")));
    QCOMPARE(callInt(panel.host.instance(answerName), "answer"), 2);
    PluginDetailsView *details = panel.details();
    QPushButton *rollback = details->rollbackButton();

    // Only an older generation whose copy is kept can come back.
    QCOMPARE(details->selectedGeneration(), 2);
    QVERIFY(!rollback->isEnabled()); // the live one
    QVERIFY(panel.clickGeneration(3));
    QVERIFY(!rollback->isEnabled()); // refused: it never ran, nothing kept
    QVERIFY(panel.clickGeneration(1));
    QVERIFY(rollback->isEnabled());

    QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
    QTest::mouseClick(rollback, Qt::LeftButton);
    const ModuleRecord live = panel.host.record(answerName);
    QCOMPARE(live.generation, 4);
    QCOMPARE(live.rolledBackFrom, 1);
    QCOMPARE(callInt(panel.host.instance(answerName), "answer"), 1); // generation 1's code
    QCOMPARE(callInt(panel.host.instance(answerName), "count"), 1);  // with the state carried
    QVERIFY(changed.count() >= 1);
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("4 (rollback to 1)"));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Loaded"));
    QCOMPARE(panel.cell(answerName, PluginListModel::VersionColumn).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(details->historyView()->topLevelItemCount(), 4);
    QCOMPARE(details->selectedGeneration(), 4);
    QVERIFY(panel.historyItem(4)->text(3).contains(QStringLiteral("rollback to 1")));
    QCOMPARE(panel.historyItem(4)->text(2), panel.historyItem(1)->text(2)); // the same code
    QVERIFY(!rollback->isEnabled());
    QVERIFY(details->messageLabel()->isHidden());
}

void TestPluginList::unloadAndReloadButtons()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    PluginDetailsView *details = panel.details();
    QVERIFY(details->unloadButton()->isEnabled());

    QTest::mouseClick(details->unloadButton(), Qt::LeftButton);
    QVERIFY(!panel.host.isLoaded(answerName));
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Unloaded"));
    QCOMPARE(imageOf(panel.cell(answerName, PluginListModel::NameColumn, Qt::DecorationRole).value<QIcon>()),
             imageOf(PluginStateIcons::unloaded()));
    QVERIFY(!details->unloadButton()->isEnabled());
    QVERIFY(details->reloadButton()->isEnabled());
    QCOMPARE(panel.model()->rowCount(), 1); // the plugin stays listed

    // Reload brings it back from its artifact, as a new generation.
    QTest::mouseClick(details->reloadButton(), Qt::LeftButton);
    QVERIFY2(panel.host.isLoaded(answerName), qPrintable(panel.host.errorString()));
    QCOMPARE(panel.host.record(answerName).generation, 2);
    QCOMPARE(callInt(panel.host.instance(answerName), "answer"), 1);
    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Loaded"));
    QCOMPARE(panel.cell(answerName, PluginListModel::GenerationColumn).toString(), QStringLiteral("2"));
    QVERIFY(details->unloadButton()->isEnabled());
}

void TestPluginList::openSource()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QSignalSpy fromDetails(panel.details(), &PluginDetailsView::openSourceRequested);
    QSignalSpy fromView(&panel.view, &PluginListView::openSourceRequested);
    QTest::mouseClick(panel.details()->openSourceButton(), Qt::LeftButton);
    QCOMPARE(fromDetails.count(), 1);
    QCOMPARE(fromView.count(), 1);
    QCOMPARE(fromView.at(0).at(0).toString(), answerName);
    QCOMPARE(fromView.at(0).at(1).toString(), QFileInfo(fixture("fixture_answer_v1")).absoluteFilePath());
}

void TestPluginList::tableSelectionShowsDetails()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_answer_v1")), qPrintable(panel.host.errorString()));
    QVERIFY2(panel.host.load(fixture("fixture_widget_order")), qPrintable(panel.host.errorString()));
    QCOMPARE(panel.model()->rowCount(), 2);
    const QString order = QStringLiteral("order");

    // Sorted by name, descending: the table's rows are not the model's.
    panel.view.tableView()->horizontalHeader()->setSortIndicator(PluginListModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(panel.view.sortModel()->index(0, 0).data(PluginListModel::PluginNameRole).toString(), order);
    QCOMPARE(panel.model()->pluginName(0), answerName);

    QVERIFY(panel.clickRow(order));
    QCOMPARE(panel.details()->plugin(), order);
    QCOMPARE(panel.details()->historyView()->topLevelItemCount(), 1);
    QCOMPARE(panel.details()->historyView()->topLevelItem(0)->text(2),
             panel.host.record(order).sha256.left(12));
    QVERIFY(panel.clickRow(answerName));
    QCOMPARE(panel.details()->plugin(), answerName);

    // Sorting by generation is numeric, not textual.
    for (int i = 0; i < 9; ++i)
        QVERIFY2(panel.host.reload(answerName, fixture(i % 2 ? "fixture_answer_v1" : "fixture_answer_v2")),
                 qPrintable(panel.host.errorString()));
    QCOMPARE(panel.host.record(answerName).generation, 10);
    panel.view.tableView()->sortByColumn(PluginListModel::GenerationColumn, Qt::AscendingOrder);
    QCOMPARE(panel.view.sortModel()->index(0, 0).data(PluginListModel::PluginNameRole).toString(), order);
    QCOMPARE(panel.view.sortModel()->index(1, 0).data(PluginListModel::PluginNameRole).toString(), answerName);
}

void TestPluginList::stateIconsAreDistinct()
{
    const QList<QImage> images = {imageOf(PluginStateIcons::loaded()), imageOf(PluginStateIcons::failed()),
                                  imageOf(PluginStateIcons::pinned()), imageOf(PluginStateIcons::unloaded())};
    for (int i = 0; i < images.size(); ++i) {
        QVERIFY(!images.at(i).isNull());
        for (int j = i + 1; j < images.size(); ++j)
            QVERIFY2(images.at(i) != images.at(j), qPrintable(QStringLiteral("icons %1 and %2 are the same").arg(i).arg(j)));
    }
}

// Rule 6: a generation that stays mapped is shown as pinned, never as unloaded.
void TestPluginList::pinnedGenerationIsShown()
{
    Panel panel;
    QVERIFY2(panel.host.load(fixture("fixture_pinned")), qPrintable(panel.host.errorString()));
    QTest::mouseClick(panel.details()->unloadButton(), Qt::LeftButton);
    QCOMPARE(ModuleRecord::stateName(panel.host.record(answerName).state),
             ModuleRecord::stateName(ModuleRecord::State::Pinned));

    QCOMPARE(panel.cell(answerName, PluginListModel::StateColumn).toString(), QStringLiteral("Pinned"));
    QCOMPARE(imageOf(panel.cell(answerName, PluginListModel::NameColumn, Qt::DecorationRole).value<QIcon>()),
             imageOf(PluginStateIcons::pinned()));
    const QString tip = panel.cell(answerName, PluginListModel::NameColumn, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("still mapped")), qPrintable(tip));
    // unload() said false: the details say why.
    QVERIFY(!panel.details()->messageLabel()->isHidden());
    QVERIFY(panel.details()->messageLabel()->text().contains(QStringLiteral("still mapped")));
    QVERIFY(panel.historyItem(1)->text(3).startsWith(QStringLiteral("pinned")));
}

QTEST_MAIN(TestPluginList)
#include "tst_pluginlist.moc"
