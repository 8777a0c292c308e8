#pragma once

#include "relive/pluginmetadata.h"
#include "relive/private/inputfile.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * A plugin file copied into the private runtime folder and checked, not yet loaded.
 *
 * The artifact is opened as an InputFile (a regular file within the size limit, read within a
 * deadline), its ELF header and section table are checked, then it is streamed once through a
 * buffer into the staging copy and hashed on the way; the copy is what gets checked (complete
 * ELF for this machine, no STB_GNU_UNIQUE symbols, metadata valid for this host), so what is
 * loaded later is exactly what was checked (docs/ARCHITECTURE.md, rules 1, 3 and 4). The
 * memory it takes does not grow with the file. The staging copy is removed on destruction
 * unless it was moved to its shadow path.
 */
class StagedArtifact
{
public:
    struct Expectation
    {
        QStringList iids; //!< the host's IID first, then any other it also loads
        QString name;     //!< empty: any
    };

    StagedArtifact() = default;
    ~StagedArtifact();

    StagedArtifact(const StagedArtifact &) = delete;
    StagedArtifact &operator=(const StagedArtifact &) = delete;

    /*!
     * Reads \a sourcePath once (named \a artifactPath in errors), checks that it is a complete,
     * trusted ELF file that did not change while it was read, and copies those bytes to
     * \a stagingPath. False, with failure() and errorString(), when it is not.
     */
    bool stage(const QString &sourcePath, const QString &artifactPath, const QString &stagingPath,
               const InputFile::Limits &limits = InputFile::Limits());
    /*! Checks the staged copy's metadata against \a expected, and its symbols (after stage()). */
    bool validate(const Expectation &expected);

    bool isValid() const { return m_error.isEmpty(); }
    /*! What is wrong, naming the artifact, and what to do. */
    QString errorString() const { return m_error; }
    /*! The kind of what errorString() says. */
    FailureKind failure() const { return m_failure; }

    const PluginMetadata &metadata() const { return m_metadata; }
    QString sha256() const { return m_sha256; }
    qint64 size() const { return m_size; }
    /*! The copy as it was read, until moveTo(): nothing has edited it yet. */
    QString stagingPath() const { return m_stagingPath; }
    double stageMs() const { return m_stageMs; }       //!< reading, hashing, copying
    double validateMs() const { return m_validateMs; } //!< ELF, symbol and metadata checks

    /*! Renames the staging copy to \a shadowPath (same inode: what was checked is what loads). */
    bool moveTo(const QString &shadowPath);

private:
    bool refuse(FailureKind kind, const QString &why);
    bool copy(InputFile &file);

    QString m_stagingPath;
    QString m_artifactPath;
    QString m_error;
    FailureKind m_failure = FailureKind::None;
    PluginMetadata m_metadata;
    QStringList m_uniqueSymbols;
    QString m_sha256;
    qint64 m_size = 0;
    double m_stageMs = 0;
    double m_validateMs = 0;
};

} // namespace Relive
