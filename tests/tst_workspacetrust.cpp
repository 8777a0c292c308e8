// Workspace trust in the real main window: a workspace Relive never built and the user never
// trusted is asked about before its CMakeLists.txt runs. Declining opens its files and runs
// nothing (no build folder, no child process); trusting builds for real (cmake configures and
// builds a small project) and is remembered; a workspace built before is not asked about.
#include "workspace/exampleworkspace.h"
#include "mainwindow.h"
#include "workspace/projectview.h"
#include "workspace/workspacecontroller.h"
#include "workspace/workspacetrust.h"
#include "workspace/workspacetrustdialog.h"

#include "relive/livesession.h"
#include "relive/pluginhost.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

#include <unistd.h>

using namespace Relive::App;

namespace {
constexpr int buildTimeoutMs = 120000;
// Longer than a configure takes to start, to show that none did.
constexpr int QuietPeriodMs = 1000;

// A real CMake project that configures and builds in a moment: no languages, one custom target
// that leaves a file behind, so that the build is seen to have run.
const QByteArray Project = "cmake_minimum_required(VERSION 3.16)\n"
                           "project(trusted NONE)\n"
                           "add_custom_target(proof ALL COMMAND ${CMAKE_COMMAND} -E touch ${CMAKE_BINARY_DIR}/built)\n";

// The processes whose parent is this one, from /proc.
QStringList childProcesses()
{
    QStringList children;
    const QString self = QString::number(::getpid());
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() <= 1 || fields.at(1) != self.toLatin1())
            continue;
        // The host's warm probe child waits for a plugin to try; it runs nothing of the workspace.
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        const QList<QByteArray> command = cmdline.open(QIODevice::ReadOnly) ? cmdline.readAll().split('\0') : QList<QByteArray>();
        if (command.size() >= 2 && command.at(0).endsWith("/relive-probe") && command.at(1) == "--serve")
            continue;
        children.append(pid + QLatin1Char(' ') + QString::fromLocal8Bit(line.left(line.lastIndexOf(')') + 1)));
    }
    return children;
}

struct Question
{
    QStringList asked;
    TrustAnswer answer = TrustAnswer::OpenWithoutBuilding;

    void attachTo(MainWindow &window)
    {
        window.workspace()->setTrustQuestion([this](const QString &workspace) {
            asked.append(workspace);
            return answer;
        });
    }
};
} // namespace

class tst_WorkspaceTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void decliningBuildsNothing();
    void trustingBuildsAndIsRemembered();
    void trustLaterFromTheBuildMenu();
    void builtWorkspaceIsNotAsked();
    void exampleCopyIsTrusted();
    void defaultQuestionSaysWhy_data();
    void defaultQuestionSaysWhy();

private:
    QString buildDirectory() const;

    QScopedPointer<QTemporaryDir> m_workspace;
    Relive::PluginHost *m_host = nullptr;
};

void tst_WorkspaceTrust::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings and the build cache under ~/.qttest
    m_host = new Relive::PluginHost(this);
}

void tst_WorkspaceTrust::init()
{
    m_workspace.reset(new QTemporaryDir);
    QVERIFY(m_workspace->isValid());
    QFile project(m_workspace->filePath(QStringLiteral("CMakeLists.txt")));
    QVERIFY(project.open(QIODevice::WriteOnly));
    project.write(Project);
    project.close();
    QVERIFY(!WorkspaceTrust::isTrusted(m_workspace->path()));
    QVERIFY(!QFileInfo::exists(buildDirectory()));
}

void tst_WorkspaceTrust::cleanup()
{
    WorkspaceTrust::revoke(m_workspace->path());
    QDir(buildDirectory()).removeRecursively();
}

QString tst_WorkspaceTrust::buildDirectory() const
{
    return Relive::LiveSession::defaultBuildDirectory(m_workspace->path());
}

void tst_WorkspaceTrust::decliningBuildsNothing()
{
    MainWindow window(m_host);
    // Before a workspace is open (the trust question is up) the tree lists nothing, not "/".
    const QTreeView *tree = window.projectView();
    QCOMPARE(tree->model() ? tree->model()->rowCount(tree->rootIndex()) : 0, 0);
    Question question;
    question.attachTo(window);
    QVERIFY(window.openWorkspace(m_workspace->path()));
    QCOMPARE(question.asked, QStringList{m_workspace->path()});

    // The files are open...
    QCOMPARE(window.workspace()->workspace(), m_workspace->path());
    QCOMPARE(window.projectView()->root(), m_workspace->path());
    QVERIFY(window.workspace()->isAwaitingTrust());
    // ...nothing of the workspace ran, nor will...
    QVERIFY(!window.workspace()->session());
    QVERIFY(!window.workspace()->isBuilding());
    QTest::qWait(QuietPeriodMs);
    QVERIFY(!QFileInfo::exists(buildDirectory()));
    QCOMPARE(childProcesses(), QStringList());
    window.workspace()->build(); // Build and Reload does nothing either
    QVERIFY(!window.workspace()->session());
    QVERIFY(!QFileInfo::exists(buildDirectory()));
    // ...and the window says how to trust it later.
    QVERIFY(window.isTrustOffered());
    QVERIFY(window.trustAction()->isEnabled());
    QVERIFY2(window.buildStateText().contains(QStringLiteral("Trust and Build Workspace")), qPrintable(window.buildStateText()));
    QVERIFY(!WorkspaceTrust::isTrusted(m_workspace->path()));
}

void tst_WorkspaceTrust::trustingBuildsAndIsRemembered()
{
    {
        MainWindow window(m_host);
        Question question;
        question.answer = TrustAnswer::TrustAndBuild;
        question.attachTo(window);
        QVERIFY(window.openWorkspace(m_workspace->path()));
        QCOMPARE(question.asked.size(), 1);
        QVERIFY(!window.workspace()->isAwaitingTrust());
        QVERIFY(!window.isTrustOffered());
        QVERIFY(window.workspace()->session());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(buildDirectory() + QStringLiteral("/built")), buildTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->isBuilding(), buildTimeoutMs);
        QVERIFY(WorkspaceTrust::isTrusted(m_workspace->path()));
    }
    // Remembered, also once the build folder is gone (a cleaned cache).
    QVERIFY(QDir(buildDirectory()).removeRecursively());
    MainWindow window(m_host);
    Question question;
    question.attachTo(window);
    QVERIFY(window.openWorkspace(m_workspace->path()));
    QCOMPARE(question.asked, QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(buildDirectory() + QStringLiteral("/built")), buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->isBuilding(), buildTimeoutMs);
}

void tst_WorkspaceTrust::trustLaterFromTheBuildMenu()
{
    MainWindow window(m_host);
    Question question;
    question.attachTo(window);
    QVERIFY(window.openWorkspace(m_workspace->path()));
    QVERIFY(window.isTrustOffered());
    window.trustAction()->trigger();
    QCOMPARE(question.asked.size(), 1); // not asked again: the action is the answer
    QVERIFY(WorkspaceTrust::isTrusted(m_workspace->path()));
    QVERIFY(!window.isTrustOffered());
    QVERIFY(!window.trustAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(buildDirectory() + QStringLiteral("/built")), buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->isBuilding(), buildTimeoutMs);
}

void tst_WorkspaceTrust::builtWorkspaceIsNotAsked()
{
    {
        MainWindow window(m_host);
        Question question;
        question.answer = TrustAnswer::TrustAndBuild;
        question.attachTo(window);
        QVERIFY(window.openWorkspace(m_workspace->path()));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(buildDirectory() + QStringLiteral("/CMakeCache.txt")), buildTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->isBuilding(), buildTimeoutMs);
    }
    // Built by Relive before trust existed, say: its build folder is the answer.
    WorkspaceTrust::revoke(m_workspace->path());
    QVERIFY(!WorkspaceTrust::isTrusted(m_workspace->path()));
    QVERIFY(WorkspaceTrust::wasBuilt(m_workspace->path()));
    QVERIFY(QFile::remove(buildDirectory() + QStringLiteral("/built")));
    MainWindow window(m_host);
    Question question;
    question.attachTo(window);
    QVERIFY(window.openWorkspace(m_workspace->path()));
    QCOMPARE(question.asked, QStringList());
    QVERIFY(!window.isTrustOffered());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(buildDirectory() + QStringLiteral("/built")), buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->isBuilding(), buildTimeoutMs);
}

void tst_WorkspaceTrust::exampleCopyIsTrusted()
{
    QString error;
    const QString examples = ExampleWorkspace::prepare(&error);
    QVERIFY2(!examples.isEmpty(), qPrintable(error));
    QDir(Relive::LiveSession::defaultBuildDirectory(examples)).removeRecursively();
    QVERIFY(!WorkspaceTrust::wasBuilt(examples));
    QVERIFY(WorkspaceTrust::isTrusted(examples));
    QVERIFY(!WorkspaceTrust::needsAsking(examples));
    QVERIFY(!WorkspaceTrust::trusted().contains(examples)); // trusted without being remembered
    QVERIFY(WorkspaceTrust::needsAsking(m_workspace->path())); // any other new folder is asked about

    {
        MainWindow window(m_host);
        Question question;
        question.attachTo(window);
        QVERIFY(window.openWorkspace(examples));
        QCOMPARE(question.asked, QStringList());
        QVERIFY(window.workspace()->session()); // its build runs; the window's end cancels it
        QVERIFY(!window.isTrustOffered());
    }
    m_host->unloadAll();
    QDir(Relive::LiveSession::defaultBuildDirectory(examples)).removeRecursively();
}

void tst_WorkspaceTrust::defaultQuestionSaysWhy_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<int>("answer"); // a TrustAnswer
    QTest::newRow("trust") << QStringLiteral("Trust and Build") << int(TrustAnswer::TrustAndBuild);
    QTest::newRow("decline") << QStringLiteral("Open without Building") << int(TrustAnswer::OpenWithoutBuilding);
    QTest::newRow("cancel") << QStringLiteral("Cancel") << int(TrustAnswer::Cancel);
}

// The main window's own question, answered by clicking its buttons once it is up.
void tst_WorkspaceTrust::defaultQuestionSaysWhy()
{
    QFETCH(QString, button);
    QFETCH(int, answer);
    QString shown;
    bool clicked = false;
    QTimer clicker; // polls until the box is up: it runs its own event loop
    clicker.setInterval(10);
    connect(&clicker, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        clicker.stop();
        shown = box->text();
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *candidate : buttons) {
            if (candidate->text() == button) {
                QTest::mouseClick(candidate, Qt::LeftButton);
                clicked = true;
            }
        }
        if (!clicked)
            box->reject();
    });
    clicker.start();
    QCOMPARE(int(WorkspaceTrustDialog::ask(nullptr, m_workspace->path())), answer);
    QVERIFY(clicked);
    QVERIFY2(shown.contains(QStringLiteral("A CMakeLists.txt is code: building runs it")), qPrintable(shown));
    QVERIFY2(shown.contains(m_workspace->path()), qPrintable(shown));
}

QTEST_MAIN(tst_WorkspaceTrust)
#include "tst_workspacetrust.moc"
