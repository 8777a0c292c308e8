#pragma once

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QMenuBar;
class QTreeWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Help → Keyboard Shortcuts: every action of the window's menus that has a shortcut, with its
 * menu and its keys, read from the actions themselves when the dialog opens (so the list
 * cannot fall behind the menus).
 */
class ShortcutListDialog : public QDialog
{
    Q_OBJECT

public:
    struct Entry
    {
        QString menu; //!< "Edit" or "Build → Compiler Launcher"
        QString action; //!< the action's text without its mnemonic
        QString keys; //!< its shortcuts, in the platform's notation, comma-separated
    };

    explicit ShortcutListDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    /*! The entries of \a menus, in menu order. */
    static QList<Entry> entries(const QMenuBar *menus);
    QTreeWidget *list() const;

private:
    QTreeWidget *m_list;
};

} // namespace Relive::App
