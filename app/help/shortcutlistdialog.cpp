#include "help/shortcutlistdialog.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QRegularExpression>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

namespace {
QString plainText(const QAction *action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text;
}

void collect(const QList<QAction *> &actions, const QString &menu, QList<ShortcutListDialog::Entry> *entries)
{
    for (const QAction *action : actions) {
        if (action->isSeparator())
            continue;
        if (action->menu()) {
            const QString title = plainText(action);
            collect(action->menu()->actions(), menu.isEmpty() ? title : menu + QStringLiteral(" → ") + title, entries);
            continue;
        }
        QStringList keys;
        for (const QKeySequence &shortcut : action->shortcuts()) {
            if (!shortcut.isEmpty())
                keys.append(shortcut.toString(QKeySequence::NativeText));
        }
        if (!keys.isEmpty())
            entries->append(ShortcutListDialog::Entry{menu, plainText(action), keys.join(QStringLiteral(", "))});
    }
}
} // namespace

QList<ShortcutListDialog::Entry> ShortcutListDialog::entries(const QMenuBar *menus)
{
    QList<Entry> result;
    collect(menus->actions(), QString(), &result);
    return result;
}

ShortcutListDialog::ShortcutListDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Menu"), tr("Action"), tr("Shortcut")});
    m_list->setRootIsDecorated(false);
    for (const Entry &entry : entries(menus))
        m_list->addTopLevelItem(new QTreeWidgetItem(QStringList{entry.menu, entry.action, entry.keys}));
    m_list->header()->resizeSections(QHeaderView::ResizeToContents);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(560, 480);
}

QTreeWidget *ShortcutListDialog::list() const
{
    return m_list;
}

} // namespace Relive::App
