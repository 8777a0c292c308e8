#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * The SOURCES of the one relive_add_plugin() call in a plugin's CMakeLists.txt, edited in
 * place: an entry is added after the last source, renamed or removed, and every other
 * character of the file stays as it was. Entries are paths relative to the file's folder, as
 * written. When the file has no such call, or more than one, or one made in a way a text edit
 * cannot follow (a target or sources named by variables), nothing is changed.
 */
class PluginSourceList
{
    Q_DECLARE_TR_FUNCTIONS(Relive::App::PluginSourceList)

public:
    enum class Status {
        Done,
        Unreadable,   //!< the file cannot be read
        NoCall,       //!< no relive_add_plugin() call
        SeveralCalls, //!< more than one: which plugin is meant is not clear
        Unclear,      //!< a call made of variables, or without SOURCES
        NotListed,    //!< the entry to rename or remove is not there
        AlreadyListed,
        LastSource,   //!< removing it would leave SOURCES empty, which relive_add_plugin() refuses
        Unwritable,
    };

    explicit PluginSourceList(const QString &cmakeFile);

    /*! Done when the file has one call whose SOURCES a text edit can follow. */
    Status check();
    /*! True when the call's SOURCES lists \a entry (e.g. "extra.cpp", "forms/a.ui"). */
    bool lists(const QString &entry);
    Status add(const QString &entry);
    Status rename(const QString &entry, const QString &newEntry);
    Status remove(const QString &entry);
    /*! What went wrong, for the user, after a Status other than Done. */
    QString errorString() const;

private:
    struct Token
    {
        int start = 0;
        int end = 0; //!< one past the last character
        QString text;
    };
    struct Sources
    {
        QList<Token> tokens;
        int insertAt = 0; //!< where a new entry goes: after the last source
        /*! The token that names \a entry (the same path once cleaned), or null. */
        const Token *find(const QString &entry) const;
    };

    Status read(QString *text, Sources *sources);
    Status write(const QString &text);
    Status fail(Status status, const QString &detail = QString());

    QString m_file;
    QString m_error;
};

} // namespace Relive::App
