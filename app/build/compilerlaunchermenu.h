#pragma once

#include <QtWidgets/QMenu>

QT_BEGIN_NAMESPACE
class QActionGroup;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Build → Compiler Launcher: automatic (ccache if installed), none, ccache, distcc, icecc or
 * another program. Holds no setting of its own: the window keeps the choice (AppSettings) and
 * gives it to the workspace's toolchain (Relive::ToolchainPreferences::launcher).
 */
class CompilerLauncherMenu : public QMenu
{
    Q_OBJECT

public:
    explicit CompilerLauncherMenu(QWidget *parent = nullptr);

    /*! Checks the entry of \a setting: "auto", "none", a program name or a path. */
    void setLauncher(const QString &setting);
    QString launcher() const;
    /*! What picking an entry does; "Other Program…" calls it with the file chosen. */
    void choose(const QString &setting);

Q_SIGNALS:
    void launcherChosen(const QString &setting);

private:
    QAction *addChoice(const QString &text, const QString &setting);
    void askForProgram();

    QActionGroup *m_choices;
    QAction *m_other;  //!< a program outside the list, shown while it is the choice
    QString m_launcher;
};

} // namespace Relive::App
