#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * What a candidate was built from, to tell at a save whether the normal build would read the
 * same: the source's text, each file the compiler read (from its depfile) and each other
 * input of the link. Files of the workspace are compared by SHA-256 (an editor may write
 * the same size within the same second); files outside it (Qt, the system) and the build
 * folder's objects by size and modification time, which their writers always move.
 */
class CandidateInputs
{
public:
    /*! What one compile read, as the candidate knows it. */
    struct Compile
    {
        QString workspace;
        QString source;
        QByteArray text;         //!< the source's, read by the compiler as copy
        QString copy;
        QString ownFolder;       //!< the candidate's files (copy, the compiler's main file): not inputs
        QStringList readFirst;   //!< read before the text: the precompiled header files
        QString depfile;         //!< the compiler's: the files it read, in the order it first read them
        QStringList linkInputs;
        QDateTime since;         //!< when the text was given
        QDateTime compilerStart; //!< when the compiler started: a compiler started ahead, earlier
    };
    /*!
     * Records the text, the files the compiler read but the candidate's own, and the link's
     * inputs. False when a file changed during the compile (the compiler may have read either
     * version): a workspace file after \a since; a file read before the text (readFirst, then
     * what the depfile lists before copy: the precompiled header's) after \a compilerStart.
     */
    bool record(const Compile &compile);
    /*! Whether every input is still as recorded, and \a changedFiles all among them. */
    bool matches(const QStringList &changedFiles, QString *why) const;
    void clear();

    /*! The prerequisites of a Make-style depfile, as written by GCC and Clang. */
    static QStringList readDepfile(const QString &path);

private:
    struct Stamp
    {
        qint64 size = -1;
        qint64 modifiedNs = -1; //!< since the epoch; stat()'s own: QFileInfo's local time costs ~10 us a file
        bool operator==(const Stamp &other) const { return size == other.size && modifiedNs == other.modifiedNs; }
    };
    static Stamp stampOf(const QString &path);
    static QByteArray hashOf(const QString &path);

    QString m_source;
    QByteArray m_sourceHash;
    QHash<QString, QByteArray> m_hashed; //!< workspace files (not the source)
    QHash<QString, Stamp> m_stamped;     //!< the rest
};

} // namespace Relive
