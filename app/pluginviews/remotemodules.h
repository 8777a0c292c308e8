#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * The plugins of an attached app (File → Attach), as its agent's last list reply said: the
 * Plugins table's rows of that process, with its name ("texttool (pid 1234)"). Once the link
 * ended they stay, greyed, with the reason, until the next attach.
 */
class RemoteModules
{
    Q_DECLARE_TR_FUNCTIONS(RemoteModules)

public:
    struct Module
    {
        QString name;
        QString version;
        int generation = 0;  //!< the live generation; 0 when none is
        QJsonObject state;   //!< its saveState(), when it has one
        QString error;       //!< the last attempt's refusal, when it failed
    };

    /*! \a process names the app ("texttool (pid 1234)"); \a plugins is a list reply's "plugins". */
    void set(const QString &process, const QJsonArray &plugins);
    /*! The link ended for \a reason: the rows stay, greyed, saying so. */
    void setGone(const QString &reason);
    void clear();

    QString process() const { return m_process; }
    bool isGone() const { return !m_gone.isEmpty(); }
    int count() const { return int(m_modules.size()); }
    const Module &at(int index) const { return m_modules.at(index); }
    int indexOf(const QString &name) const;

    /*! The State column: "Loaded", "Loaded (last reload failed)", "Detached: <reason>"... */
    QString stateText(const Module &module) const;
    /*! The tooltip: the refusal or the reason the link ended, and the carried state. */
    QString details(const Module &module) const;

private:
    QString m_process;
    QString m_gone;
    QList<Module> m_modules;
};

} // namespace Relive::App
