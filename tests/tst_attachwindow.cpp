// File → Attach in the real main window, with real processes: the example app of
// examples/embedding runs offscreen with its agent (as in tst_attach); the window lists it,
// attaches, and a save of the filter's source in the editor goes live in the app, with its
// state; the Plugins table shows the app's plugins and follows each reload. Detaching brings
// the builds back to the window's own host; the app killed while attached is shown, and the
// window stays responsive.
#include "texttoolapp.h"

#include "attach/attachdialog.h"
#include "build/buildconsole.h"
#include "build/buildoutputview.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "mainwindow.h"
#include "pluginviews/pluginlistmodel.h"
#include "pluginviews/pluginlistview.h"
#include "recovery/recoverystore.h"
#include "workspace/workspacecontroller.h"

#include "relive/agentclient.h"
#include "relive/agentdirectory.h"
#include "relive/agentlink.h"
#include "relive/pluginhost.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>

using namespace Relive::App;

namespace {
const int eventTimeoutMs = 180000; // a rebuild of the workspace on a loaded 2-core machine
} // namespace

class TestAttachWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void dialogListsTheAppAndAttaches();
    void saveInTheEditorGoesLiveInTheApp();
    void detachBringsTheBuildsBack();
    void appKilledWhileAttachedIsShown();

private:
    QAction *fileAction(const QString &text) const;
    /*! The app's upper plugin as a list request over its socket says (not through the window). */
    QJsonObject upperInApp();
    QString remoteCell(int column) const;
    QString consoleText() const;
    void saveUpperWith(const QString &statement);

    QTemporaryDir m_temp;
    TexttoolApp m_texttool;
    Relive::PluginHost *m_host = nullptr;
    MainWindow *m_window = nullptr;
};

void TestAttachWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings and the build cache under ~/.qttest
    QVERIFY(m_temp.isValid());
    QDir(RecoveryStore::defaultFolder()).removeRecursively();
    QByteArray error;
    QVERIFY2(m_texttool.prepare(m_temp.path(), &error), error.constData());
    QVERIFY2(m_texttool.start(&error), error.constData());
    m_host = new Relive::PluginHost(this);
    m_window = new MainWindow(m_host);
    m_window->workspace()->setTrustQuestion([](const QString &) { return TrustAnswer::TrustAndBuild; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    // The window's own build first: its host refuses the filter (another interface than Relive's).
    QVERIFY(m_window->openWorkspace(m_texttool.workspace));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->buildStateText().contains(QStringLiteral("succeeded"))
                                 || m_window->buildStateText().contains(QStringLiteral("refused")),
                             eventTimeoutMs);
}

void TestAttachWindow::cleanupTestCase()
{
    delete m_window;
    m_texttool.app.stop();
}

QAction *TestAttachWindow::fileAction(const QString &text) const
{
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->text() != QStringLiteral("&File"))
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == text)
                return action;
        }
    }
    return nullptr;
}

QJsonObject TestAttachWindow::upperInApp()
{
    Relive::AgentClient client;
    QString error;
    if (!client.connectTo(m_texttool.socket, 10000, &error)) {
        qWarning().noquote() << error;
        return QJsonObject();
    }
    const QJsonObject reply = client.request(QStringLiteral("list"), {}, 20000, &error);
    for (const QJsonValue &plugin : reply.value(QStringLiteral("plugins")).toArray()) {
        if (plugin.toObject().value(QStringLiteral("name")).toString() == QLatin1String("upper"))
            return plugin.toObject();
    }
    qWarning().noquote() << "no upper in the list reply:" << error << QJsonDocument(reply).toJson();
    return QJsonObject();
}

QString TestAttachWindow::remoteCell(int column) const
{
    PluginListModel *model = m_window->pluginList()->model();
    const int row = model->remoteRowOf(QStringLiteral("upper"));
    return row < 0 ? QString() : model->index(row, column).data().toString();
}

QString TestAttachWindow::consoleText() const
{
    return m_window->buildConsole()->outputView()->toPlainText();
}

void TestAttachWindow::saveUpperWith(const QString &statement)
{
    CodeEditor *editor = m_window->editorArea()->openFile(m_texttool.workspace + QStringLiteral("/upper.cpp"));
    QVERIFY(editor);
    const QTextCursor found = editor->document()->find(QStringLiteral("return text."));
    QVERIFY(!found.isNull());
    QTextCursor line = found;
    line.movePosition(QTextCursor::StartOfBlock);
    line.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    line.insertText(QStringLiteral("    ") + statement); // typed, but without the editor's bracket completion
    editor->setTextCursor(line);
    QVERIFY(editor->document()->isModified());
    m_window->editorArea()->action(EditorArea::Command::Save)->trigger(); // File → Save
    QVERIFY(!editor->document()->isModified());
}

void TestAttachWindow::dialogListsTheAppAndAttaches()
{
    const qint64 pid = m_texttool.app.process.processId();
    QAction *attach = fileAction(QStringLiteral("&Attach to Running App…"));
    QVERIFY(attach);
    QVERIFY(!fileAction(QStringLiteral("&Detach"))->isEnabled());
    attach->trigger();
    AttachDialog *dialog = m_window->findChild<AttachDialog *>();
    QVERIFY(dialog);
    QTreeWidget *tree = dialog->agentTree();
    // The app with its pid and plugin folder, and its plugins with versions and generations.
    const auto appItem = [tree, pid]() -> QTreeWidgetItem * {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (tree->topLevelItem(i)->text(1) == QString::number(pid))
                return tree->topLevelItem(i);
        }
        return nullptr;
    };
    QTRY_VERIFY(appItem());
    QCOMPARE(appItem()->text(0), QStringLiteral("texttool"));
    QCOMPARE(appItem()->text(2), m_texttool.build + QStringLiteral("/filters"));
    const auto upperText = [&appItem]() {
        for (int i = 0; appItem() && i < appItem()->childCount(); ++i) {
            if (appItem()->child(i)->text(0) == QStringLiteral("upper"))
                return appItem()->child(i)->text(2);
        }
        return QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(upperText(), QStringLiteral("1.0.0, generation 1"), 10000);

    QVERIFY(dialog->selectAgent(pid));
    QPushButton *button = dialog->findChild<QPushButton *>(QStringLiteral("attachButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    const QString attached = QStringLiteral("attached to texttool (pid %1)").arg(pid);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->attachStateText(), attached, 10000);
    QVERIFY(m_window->agentLink()->isAttached());
    QVERIFY(fileAction(QStringLiteral("&Detach"))->isEnabled());

    // Attaching builds: the workspace's upper replaces the app's own, there, with its count.
    QTRY_VERIFY2_WITH_TIMEOUT(m_texttool.app.said(QStringLiteral("upper 2: ABC {\"calls\":2}")),
                              m_texttool.app.describe().constData(), eventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(remoteCell(PluginListModel::GenerationColumn), QStringLiteral("2"), 30000);
    QCOMPARE(remoteCell(PluginListModel::ProcessColumn), QStringLiteral("texttool (pid %1)").arg(pid));
    QCOMPARE(remoteCell(PluginListModel::VersionColumn), QStringLiteral("1.0.0"));
    QCOMPARE(remoteCell(PluginListModel::StateColumn), QStringLiteral("Loaded"));
    QVERIFY(!m_host->isLoaded(QStringLiteral("upper"))); // it went to the app, not here
}

void TestAttachWindow::saveInTheEditorGoesLiveInTheApp()
{
    saveUpperWith(QStringLiteral("return text.toUpper() + QStringLiteral(\"!\");"));
    // The app's filter gives the new result, with the count carried (a fresh instance says 1).
    QTRY_VERIFY2_WITH_TIMEOUT(m_texttool.app.said(QStringLiteral("upper 3: ABC! {\"calls\":3}")),
                              m_texttool.app.describe().constData(), eventTimeoutMs);
    const QJsonObject upper = upperInApp();
    QCOMPARE(upper.value(QStringLiteral("generation")).toInt(), 3);
    QCOMPARE(upper.value(QStringLiteral("state")).toObject().value(QStringLiteral("calls")).toInt(), 3);
    // The window's table follows, with the state of the last reply; the console says it.
    QTRY_COMPARE_WITH_TIMEOUT(remoteCell(PluginListModel::GenerationColumn), QStringLiteral("3"), 30000);
    PluginListModel *model = m_window->pluginList()->model();
    const QString tip = model->index(model->remoteRowOf(QStringLiteral("upper")), PluginListModel::StateColumn)
                            .data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("\"calls\":3")), qPrintable(tip));
    QVERIFY2(consoleText().contains(QStringLiteral("upper generation 3 is live")), qPrintable(consoleText().right(2000)));
    QVERIFY(!m_host->isLoaded(QStringLiteral("upper")));
}

void TestAttachWindow::detachBringsTheBuildsBack()
{
    bool localTried = false;
    const QMetaObject::Connection tried = connect(m_host, &Relive::PluginHost::hostEvent, this, [&localTried](const Relive::HostEvent &event) {
        localTried |= event.type == Relive::HostEvent::Type::LoadFailed || event.type == Relive::HostEvent::Type::Loaded;
    });
    fileAction(QStringLiteral("&Detach"))->trigger();
    QVERIFY(!m_window->agentLink()->isAttached());
    QVERIFY2(m_window->attachStateText().startsWith(QStringLiteral("detached")), qPrintable(m_window->attachStateText()));
    QVERIFY(remoteCell(PluginListModel::StateColumn).startsWith(QStringLiteral("Detached")));
    QVERIFY(!fileAction(QStringLiteral("&Detach"))->isEnabled());

    // The builds go to the window's own host again (which refuses this filter: it is not a
    // LivePlugin): the detach's own build, then the next save's; the app stays on generation 3.
    QTRY_VERIFY_WITH_TIMEOUT(localTried, eventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->workspace()->isBuilding(), eventTimeoutMs);
    localTried = false;
    saveUpperWith(QStringLiteral("return text.toUpper() + QStringLiteral(\"?\");"));
    QTRY_VERIFY_WITH_TIMEOUT(localTried, eventTimeoutMs);
    disconnect(tried);
    QCOMPARE(upperInApp().value(QStringLiteral("generation")).toInt(), 3);
    QVERIFY(!m_texttool.app.said(QStringLiteral("upper 4")));
}

void TestAttachWindow::appKilledWhileAttachedIsShown()
{
    const qint64 pid = m_texttool.app.process.processId();
    const QList<Relive::AgentEntry> agents = Relive::AgentDirectory::find(QString::number(pid));
    QCOMPARE(agents.size(), 1);
    m_window->attachTo(agents.constFirst());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->agentLink()->isAttached(), 10000);
    // The attach's build goes there: "?" is live in the app.
    QTRY_VERIFY2_WITH_TIMEOUT(m_texttool.app.said(QStringLiteral("upper 4: ABC? {\"calls\":4}")),
                              m_texttool.app.describe().constData(), eventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(remoteCell(PluginListModel::GenerationColumn), QStringLiteral("4"), 30000);

    m_texttool.app.process.kill(); // no goodbye
    QVERIFY(m_texttool.app.process.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->agentLink()->isAttached(), 10000);
    QVERIFY2(m_window->attachStateText().contains(QStringLiteral("closed the connection")), qPrintable(m_window->attachStateText()));
    QVERIFY2(consoleText().contains(QStringLiteral("Detached: texttool (pid %1) closed the connection").arg(pid)),
             qPrintable(consoleText().right(2000)));
    // The app's rows stay, greyed, saying why.
    PluginListModel *model = m_window->pluginList()->model();
    const int row = model->remoteRowOf(QStringLiteral("upper"));
    QVERIFY(row >= 0);
    QCOMPARE(int(model->flags(model->index(row, 0))), int(Qt::NoItemFlags));
    QVERIFY(remoteCell(PluginListModel::StateColumn).contains(QStringLiteral("closed the connection")));

    // Responsive: the dialog opens at once, and lists no app (the dead one's file is removed).
    QElapsedTimer opened;
    opened.start();
    fileAction(QStringLiteral("&Attach to Running App…"))->trigger();
    AttachDialog *dialog = nullptr;
    for (AttachDialog *candidate : m_window->findChildren<AttachDialog *>()) {
        if (candidate->isVisible())
            dialog = candidate;
    }
    QVERIFY(dialog);
    QCOMPARE(dialog->agentTree()->topLevelItemCount(), 0);
    dialog->reject();
    QVERIFY2(opened.elapsed() < 10000, qPrintable(QString::number(opened.elapsed())));
}

QTEST_MAIN(TestAttachWindow)
#include "tst_attachwindow.moc"
