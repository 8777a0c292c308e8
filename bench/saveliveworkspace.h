#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

/*!
 * The held-out plugins of relive-savelive-bench, written into a folder of their own: not the
 * examples of plugins/, which chose the precompiled headers. "one-file" is one .cpp with its
 * Q_OBJECT class; "several-file" is a plugin, a panel widget and a model in three .cpp/.h
 * pairs (each with Q_OBJECT). An edit changes one function body of the edited file and
 * carries a per-run nonce, so no edit of a run was ever seen by the compiler cache before.
 */
class SaveLiveWorkspace
{
public:
    enum class Kind { OneFile, SeveralFiles };

    SaveLiveWorkspace(Kind kind, const QString &folder, const QByteArray &nonce);

    static QString name(Kind kind);
    /*! The relive_add_plugin() workspace; \a settings are CMake cache settings ("VAR=VALUE"). */
    bool writeRelive(const QStringList &settings) const;
    /*! The naive way: a plain add_library(MODULE) with CMake's defaults (AUTOMOC on). */
    bool writeNaive(const QString &qtPackage) const;
    /*! Saves edit \a edit of the edited file (through a rename, as editors save). */
    bool saveEdit(int edit) const;
    /*! The edited source file. */
    QString editedFile() const;

private:
    bool write(const QString &name, const QByteArray &text) const;
    QByteArray sourcesLine() const;

    Kind m_kind;
    QString m_folder;
    QByteArray m_nonce;
};
