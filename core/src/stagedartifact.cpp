#include "stagedartifact.h"

#include "relive/elfinspector.h"
#include "relive/reloadtiming.h"
#include "sha256.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <sys/stat.h>

namespace Relive {

namespace {

// A file or folder others may write to can be swapped under us between check and load.
QString trustProblem(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) == 0 && (st.st_mode & S_IWOTH))
        return QStringLiteral("refusing to load a world-writable file: run chmod o-w on it");
    const QString folder = QFileInfo(path).absolutePath();
    if (::stat(QFile::encodeName(folder).constData(), &st) == 0 && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
        return QStringLiteral("refusing to load from a world-writable folder (%1): move the plugin or run chmod o-w").arg(folder);
    return QString();
}

struct FileIdentity
{
    bool ok = false;
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    timespec modified{};

    bool operator==(const FileIdentity &other) const
    {
        return ok && other.ok && device == other.device && inode == other.inode && size == other.size
            && modified.tv_sec == other.modified.tv_sec && modified.tv_nsec == other.modified.tv_nsec;
    }
};

FileIdentity identityOf(const QString &path)
{
    FileIdentity identity;
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return identity;
    identity.ok = true;
    identity.device = st.st_dev;
    identity.inode = st.st_ino;
    identity.size = st.st_size;
    identity.modified = st.st_mtim;
    return identity;
}

} // namespace

StagedArtifact::StagedArtifact(const QString &sourcePath, const QString &artifactPath, const QString &stagingPath,
                               const Expectation &expected)
    : m_stagingPath(stagingPath)
{
    stage(sourcePath, artifactPath, expected);
}

StagedArtifact::~StagedArtifact()
{
    if (!m_stagingPath.isEmpty())
        QFile::remove(m_stagingPath);
}

void StagedArtifact::stage(const QString &sourcePath, const QString &artifactPath, const Expectation &expected)
{
    const auto refuse = [&](const QString &why) { m_error = QStringLiteral("%1: %2").arg(artifactPath, why); };
    QElapsedTimer phase;
    phase.start();
    const auto lap = [&phase](double &into) {
        into += elapsedMs(phase);
        phase.restart();
    };
    QString readError;
    const FileIdentity before = identityOf(sourcePath);
    const QByteArray bytes = ElfInspector::readImage(sourcePath, &readError);
    if (!readError.isEmpty())
        return refuse(readError);
    // Written to while we read it: the bytes may be half old, half new, and still look whole.
    if (!(identityOf(sourcePath) == before))
        return refuse(QStringLiteral("the file changed while it was being read (a build still writing it?): "
                                     "wait for the writer to finish, or publish it with a rename"));
    const QString trust = trustProblem(sourcePath);
    if (!trust.isEmpty())
        return refuse(trust);
    lap(m_stageMs);
    const ElfInspector elf(bytes);
    lap(m_validateMs);
    if (!elf.isValid())
        return refuse(elf.errorString());

    QFile copy(m_stagingPath);
    if (!copy.open(QIODevice::WriteOnly | QIODevice::NewOnly) || copy.write(bytes) != bytes.size()) {
        m_error = QStringLiteral("cannot write the shadow copy %1: %2").arg(m_stagingPath, copy.errorString());
        return;
    }
    copy.close();
    m_size = bytes.size();
    m_sha256 = Sha256::hex(bytes);
    lap(m_stageMs);

    // Read back from the copy: the metadata checked is the metadata of the file that loads.
    m_metadata = PluginMetadata::read(m_stagingPath);
    const QString invalid = m_metadata.validate(expected.iid, PluginMetadata::hostQtVersion());
    lap(m_validateMs);
    if (!invalid.isEmpty())
        return refuse(invalid);
    if (!expected.name.isEmpty() && m_metadata.name() != expected.name) {
        m_error = QStringLiteral("%1 is the plugin \"%2\", not \"%3\"").arg(artifactPath, m_metadata.name(), expected.name);
        return;
    }
    const QStringList unique = elf.uniqueSymbols();
    if (!unique.isEmpty()) {
        m_error = QStringLiteral("%1 cannot be unloaded: it exports %2 STB_GNU_UNIQUE symbol(s) (%3): "
                                 "rebuild with -fno-gnu-unique (relive_add_plugin does)")
                      .arg(artifactPath)
                      .arg(unique.size())
                      .arg(unique.mid(0, 3).join(QStringLiteral(", ")));
    }
}

bool StagedArtifact::moveTo(const QString &shadowPath)
{
    QFile::remove(shadowPath); // a leftover of an earlier failed attempt
    if (!QFile::rename(m_stagingPath, shadowPath))
        return false;
    m_stagingPath.clear();
    return true;
}

} // namespace Relive
