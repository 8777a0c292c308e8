#include "build/compilerlaunchermenu.h"

#include "relive/toolchain.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QActionGroup>
#include <QtWidgets/QFileDialog>

namespace Relive::App {

CompilerLauncherMenu::CompilerLauncherMenu(QWidget *parent)
    : QMenu(tr("Compiler &Launcher"), parent)
    , m_choices(new QActionGroup(this))
{
    addChoice(tr("&Automatic (ccache if installed)"), QStringLiteral("auto"));
    addChoice(tr("&None"), QStringLiteral("none"));
    addSeparator();
    // distcc and icecc spread a build over several machines; ccache reuses earlier compiles.
    for (const QString &program : {QStringLiteral("ccache"), QStringLiteral("distcc"), QStringLiteral("icecc")}) {
        const bool installed = !Relive::Toolchain::findLauncher(program).isEmpty();
        QAction *action = addChoice(installed ? program : tr("%1 (not installed)").arg(program), program);
        action->setEnabled(installed);
    }
    m_other = addChoice(QString(), QString());
    m_other->setVisible(false);
    addSeparator();
    addAction(tr("&Other Program…"), this, &CompilerLauncherMenu::askForProgram);
    setLauncher(QStringLiteral("auto"));
}

QAction *CompilerLauncherMenu::addChoice(const QString &text, const QString &setting)
{
    QAction *action = addAction(text);
    action->setCheckable(true);
    action->setData(setting);
    m_choices->addAction(action);
    connect(action, &QAction::triggered, this, [this, action] { choose(action->data().toString()); });
    return action;
}

void CompilerLauncherMenu::setLauncher(const QString &value)
{
    const QString setting = value.isEmpty() ? QStringLiteral("none") : value;
    m_launcher = setting;
    for (QAction *action : m_choices->actions()) {
        if (action != m_other && action->data().toString() == setting) {
            action->setChecked(true);
            m_other->setVisible(false);
            return;
        }
    }
    m_other->setText(setting);
    m_other->setData(setting);
    m_other->setVisible(true);
    m_other->setChecked(true);
}

QString CompilerLauncherMenu::launcher() const
{
    return m_launcher;
}

void CompilerLauncherMenu::choose(const QString &setting)
{
    setLauncher(setting);
    Q_EMIT launcherChosen(setting);
}

void CompilerLauncherMenu::askForProgram()
{
    const QString program = QFileDialog::getOpenFileName(parentWidget(), tr("Compiler Launcher"));
    if (!program.isEmpty())
        choose(program);
}

} // namespace Relive::App
