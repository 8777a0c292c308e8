// The window's Preferences dialog, Help menu and screen fit, on the real MainWindow offscreen:
// settings applied live to open editors and kept in step with the Build menu, the shortcut list
// made from the actions, the README's sections, and a window that fits a small screen.
#include "build/compilerlaunchermenu.h"
#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "help/readmeview.h"
#include "help/shortcutlistdialog.h"
#include "mainwindow.h"
#include "recovery/recoverystore.h"
#include "settings/appsettings.h"
#include "settings/preferencesdialog.h"
#include "workspace/workspacecontroller.h"

#include "relive/pluginhost.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QTextBlock>
#include <QtGui/QTextLayout>
#include <QtTest/QtTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTextBrowser>
#include <QtWidgets/QTreeWidget>

using namespace Relive::App;

namespace {
QMenu *menuNamed(QMenuBar *bar, const QString &title)
{
    for (QAction *action : bar->actions()) {
        if (action->menu() && action->text().remove(QLatin1Char('&')) == title)
            return action->menu();
    }
    return nullptr;
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *action : menu->actions()) {
        if (action->text().remove(QLatin1Char('&')) == text)
            return action;
    }
    return nullptr;
}

// The README's "## " headings outside code blocks, read here from the source tree.
QStringList readmeSections()
{
    QFile file(QStringLiteral(RELIVE_SOURCE_DIR "/README.md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList sections;
    bool code = false;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("```"))
            code = !code;
        else if (!code && line.startsWith("## "))
            sections.append(QString::fromUtf8(line.mid(3)).trimmed());
    }
    return sections;
}
} // namespace

class TestPreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void editorTakesMostOfANewWindow();
    void preferencesApplyLiveAndMatchTheMenus();
    void buildMenuChangesShowInPreferences();
    void shortcutListIsMadeFromTheActions();
    void helpLinksEveryReadmeSection();
    void windowFitsASmallScreen();
    void cleanupTestCase();

private:
    PreferencesDialog *openPreferences();
    QTemporaryDir m_files;
    Relive::PluginHost *m_host = nullptr;
    MainWindow *m_window = nullptr;
};

void TestPreferences::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear(); // no layout, font or launcher of an earlier run
    QDir(RecoveryStore::defaultFolder()).removeRecursively();
    QVERIFY(m_files.isValid());
    m_host = new Relive::PluginHost(this);
    m_window = new MainWindow(m_host);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestPreferences::editorTakesMostOfANewWindow()
{
    QCOMPARE(m_window->size(), QSize(1280, 800));
    const QWidget *editor = m_window->centralWidget();
    QTRY_VERIFY2(editor->width() >= m_window->width() / 2, qPrintable(QString::number(editor->width())));
    const auto *console = m_window->findChild<QDockWidget *>(QStringLiteral("console"));
    const auto *plugins = m_window->findChild<QDockWidget *>(QStringLiteral("plugins"));
    QTRY_VERIFY2(editor->height() >= m_window->height() / 2,
                 qPrintable(QStringLiteral("editor %1 px high; console dock %2 (at least %3), plugins dock %4 (at least %5)")
                                .arg(editor->height()).arg(console->height()).arg(console->minimumSizeHint().height())
                                .arg(plugins->height()).arg(plugins->minimumSizeHint().height())));
}

PreferencesDialog *TestPreferences::openPreferences()
{
    QMenu *edit = menuNamed(m_window->menuBar(), QStringLiteral("Edit"));
    QAction *preferences = edit ? actionNamed(edit, QStringLiteral("Preferences…")) : nullptr;
    if (!preferences)
        return nullptr;
    preferences->trigger();
    return m_window->findChild<PreferencesDialog *>();
}

void TestPreferences::preferencesApplyLiveAndMatchTheMenus()
{
    const QString path = m_files.filePath(QStringLiteral("a.cpp"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("int main()\n{\n}\n");
    file.close();
    CodeEditor *editor = m_window->editorArea()->openFile(path);
    QVERIFY(editor);
    const auto keywordColour = [editor] {
        const QVector<QTextLayout::FormatRange> formats = editor->document()->firstBlock().layout()->formats();
        return formats.isEmpty() ? QColor() : formats.first().format.foreground().color(); // "int"
    };
    QTRY_VERIFY(keywordColour().isValid());
    const QColor colourBefore = keywordColour();

    PreferencesDialog *dialog = openPreferences();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->findChild<QSpinBox *>(QStringLiteral("fontSize"))->setValue(17);
    dialog->findChild<QSpinBox *>(QStringLiteral("tabWidth"))->setValue(2);
    auto *indent = dialog->findChild<QComboBox *>(QStringLiteral("indent"));
    indent->setCurrentIndex(indent->findText(QStringLiteral("Tabs")));
    auto *theme = dialog->findChild<QComboBox *>(QStringLiteral("theme"));
    QVERIFY2(theme->count() >= 3, "the themes of the highlighter are offered"); // palette + 2 at least
    theme->setCurrentIndex(theme->count() - 1);
    const QString themeName = theme->currentText();
    dialog->findChild<QCheckBox *>(QStringLiteral("buildOnSave"))->setChecked(false);
    dialog->findChild<QCheckBox *>(QStringLiteral("trialRun"))->setChecked(false);
    dialog->findChild<QSpinBox *>(QStringLiteral("trialTimeout"))->setValue(42);
    dialog->findChild<QLineEdit *>(QStringLiteral("compilerLauncher"))->setText(QStringLiteral("none"));
    QPointer<PreferencesDialog> guard(dialog);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(guard.isNull()); // closed and deleted

    // The open editor follows at once.
    QCOMPARE(editor->font().pointSize(), 17);
    QCOMPARE(editor->tabStopDistance(), qreal(editor->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2));
    QCOMPARE(editor->editorStyle().theme, themeName);
    QTRY_VERIFY(keywordColour().isValid());
    QVERIFY2(keywordColour() != colourBefore, qPrintable(keywordColour().name())); // highlighted with the new theme
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClick(editor, Qt::Key_Tab);
    QVERIFY2(editor->toPlainText().endsWith(QLatin1Char('\t')), qPrintable(editor->toPlainText()));
    // So does a file opened later.
    const QString other = m_files.filePath(QStringLiteral("b.cpp"));
    QFile otherFile(other);
    QVERIFY(otherFile.open(QIODevice::WriteOnly));
    otherFile.close();
    QCOMPARE(m_window->editorArea()->openFile(other)->font().pointSize(), 17);

    // The build side: the running settings, the Build menu, and the settings file.
    QVERIFY(!m_host->probeSettings().enabled);
    QCOMPARE(m_host->probeSettings().timeoutMs, 42000);
    QVERIFY(!m_window->workspace()->buildsOnSave());
    QCOMPARE(m_window->workspace()->compilerLauncher(), QStringLiteral("none"));
    QCOMPARE(m_window->compilerLauncherMenu()->launcher(), QStringLiteral("none"));
    QMenu *build = menuNamed(m_window->menuBar(), QStringLiteral("Build"));
    QVERIFY(!actionNamed(build, QStringLiteral("Reload on Save"))->isChecked());
    QVERIFY(!m_window->findChild<QAction *>(QStringLiteral("probeAction"))->isChecked());
    QCOMPARE(AppSettings::editorTabWidth(), 2);
    QVERIFY(!AppSettings::editorIndentWithSpaces());
    QCOMPARE(AppSettings::editorTheme(), themeName);
}

void TestPreferences::buildMenuChangesShowInPreferences()
{
    m_window->findChild<QAction *>(QStringLiteral("probeAction"))->setChecked(true);
    QMenu *build = menuNamed(m_window->menuBar(), QStringLiteral("Build"));
    actionNamed(build, QStringLiteral("Reload on Save"))->setChecked(true);
    PreferencesDialog *dialog = openPreferences();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("trialRun"))->isChecked());
    QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("buildOnSave"))->isChecked());
    QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("tabWidth"))->value(), 2);
    dialog->reject();
}

void TestPreferences::shortcutListIsMadeFromTheActions()
{
    const auto rows = [](ShortcutListDialog *dialog) {
        QStringList result;
        for (int i = 0; i < dialog->list()->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = dialog->list()->topLevelItem(i);
            result.append(item->text(0) + QLatin1Char('|') + item->text(1) + QLatin1Char('|') + item->text(2));
        }
        dialog->close();
        return result;
    };
    const QStringList before = rows(m_window->showShortcuts());
    const QString save = QStringLiteral("File|Save|") + QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText);
    QVERIFY2(before.contains(save), qPrintable(before.join(QLatin1Char('\n'))));
    QVERIFY(before.contains(QStringLiteral("Edit|Preferences…|Ctrl+,")));
    QVERIFY(before.contains(QStringLiteral("Help|Keyboard Shortcuts|Ctrl+Shift+/")));
    // An action added to a menu is listed the next time, with its keys.
    QMenu *help = menuNamed(m_window->menuBar(), QStringLiteral("Help"));
    QAction *added = help->addAction(QStringLiteral("Test &Action"));
    added->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J));
    const QStringList after = rows(m_window->showShortcuts());
    QCOMPARE(after.size(), before.size() + 1);
    QVERIFY(after.contains(QStringLiteral("Help|Test Action|Ctrl+Alt+J")));
    delete added;
}

void TestPreferences::helpLinksEveryReadmeSection()
{
    const QStringList sections = readmeSections();
    QVERIFY(sections.contains(QStringLiteral("The app")));
    QMenu *help = menuNamed(m_window->menuBar(), QStringLiteral("Help"));
    QAction *readmeMenu = actionNamed(help, QStringLiteral("README"));
    QVERIFY(readmeMenu && readmeMenu->menu());
    QStringList linked;
    for (QAction *action : readmeMenu->menu()->actions())
        linked.append(action->text());
    QCOMPARE(linked, sections);

    actionNamed(readmeMenu->menu(), QStringLiteral("The app"))->trigger();
    auto *view = m_window->findChild<ReadmeView *>();
    QVERIFY(view);
    QTRY_VERIFY(view->isVisible());
    const QTextBlock block = view->browser()->textCursor().block();
    QCOMPARE(block.text(), QStringLiteral("The app"));
    QCOMPARE(block.blockFormat().headingLevel(), 2);
    QVERIFY(view->browser()->verticalScrollBar()->value() > 0); // not the README's top
    QVERIFY(!m_window->showReadmeSection(QStringLiteral("No such section")));
    view->close();
}

void TestPreferences::windowFitsASmallScreen()
{
    // A 1920×1080 screen at QT_SCALE_FACTOR=1.5 offers 1280×720 device-independent pixels,
    // less a 32-pixel panel.
    const QRect scaled(0, 0, 1280, 688);
    m_window->move(100, 100);
    m_window->fitToScreen(scaled);
    QVERIFY2(scaled.contains(m_window->frameGeometry()), qPrintable(QStringLiteral("%1,%2 %3x%4").arg(m_window->x()).arg(m_window->y()).arg(m_window->width()).arg(m_window->height())));
    const QRect small(0, 24, 1024, 576);
    m_window->fitToScreen(small);
    QVERIFY(small.contains(m_window->frameGeometry()));
    QVERIFY(m_window->centralWidget()->width() > 0);
    // A window that fits keeps its size.
    m_window->resize(1000, 600); // above the window's minimum size (515 high with Qt 5)
    m_window->fitToScreen(QRect(0, 0, 1920, 1080));
    QCOMPARE(m_window->size(), QSize(1000, 600));
}

void TestPreferences::cleanupTestCase()
{
    m_window->editorArea()->closeAll();
    delete m_window;
    QSettings().clear();
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
