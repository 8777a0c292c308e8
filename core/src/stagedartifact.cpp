#include "stagedartifact.h"

#include "relive/private/elfinspector.h"
#include "relive/reloadtiming.h"
#include "sha256.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <sys/stat.h>

namespace Relive {

namespace {

using ArraySize = decltype(QByteArray().size());

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

FileIdentity identityOf(const struct stat &st)
{
    FileIdentity identity;
    identity.ok = true;
    identity.device = st.st_dev;
    identity.inode = st.st_ino;
    identity.size = st.st_size;
    identity.modified = st.st_mtim;
    return identity;
}

FileIdentity identityOf(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return FileIdentity();
    return identityOf(st);
}

// The time since \a phase started, in ms; then starts it again for the next phase.
double lapMs(QElapsedTimer &phase)
{
    const double ms = elapsedMs(phase);
    phase.restart();
    return ms;
}

} // namespace

StagedArtifact::~StagedArtifact()
{
    if (!m_stagingPath.isEmpty())
        QFile::remove(m_stagingPath);
}

bool StagedArtifact::refuse(FailureKind kind, const QString &why)
{
    m_failure = kind;
    m_error = QStringLiteral("%1: %2").arg(m_artifactPath, why);
    return false;
}

bool StagedArtifact::stage(const QString &sourcePath, const QString &artifactPath, const QString &stagingPath,
                           const InputFile::Limits &limits)
{
    m_artifactPath = artifactPath;
    QElapsedTimer phase;
    phase.start();
    // A regular file within the limits, and an ELF shared library by its header and section
    // table, before the rest of it is read.
    InputFile file(sourcePath, limits);
    if (!file.open())
        return refuse(file.failure(), file.errorString());
    FailureKind headKind = FailureKind::None;
    const QString head = ElfInspector::checkHead(file, &headKind);
    if (!head.isEmpty())
        return refuse(headKind, head);
    m_stagingPath = stagingPath;
    if (!copy(file))
        return false;
    // Written to while we read it: the bytes may be half old, half new, and still look whole.
    if (!(identityOf(sourcePath) == identityOf(file.status())))
        return refuse(FailureKind::ChangedWhileRead,
                      QStringLiteral("the file changed while it was being read (a build still writing it?): "
                                     "wait for the writer to finish, or publish it with a rename"));
    const QString trust = trustProblem(sourcePath);
    if (!trust.isEmpty())
        return refuse(FailureKind::WorldWritable, trust);
    m_stageMs += lapMs(phase);
    // The whole check runs on the copy, mapped: what is checked is what loads, and only the
    // pages of the tables it reads come into memory.
    QFile staged(m_stagingPath);
    const uchar *mapped = staged.open(QIODevice::ReadOnly) ? staged.map(0, m_size) : nullptr;
    if (!mapped && m_size > 0)
        return refuse(FailureKind::CannotStage, QStringLiteral("cannot map the shadow copy %1: %2").arg(m_stagingPath, staged.errorString()));
    const ElfInspector elf(QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), ArraySize(m_size)));
    m_validateMs += lapMs(phase);
    if (!elf.isValid())
        return refuse(FailureKind::NotAnElfLibrary, elf.errorString());
    m_uniqueSymbols = elf.uniqueSymbols();
    return true;
}

// Streams the file to the staging copy through a fixed buffer, hashing it on the way.
bool StagedArtifact::copy(InputFile &file)
{
    QFile copy(m_stagingPath);
    const auto cannotWrite = [&] {
        m_failure = FailureKind::CannotStage;
        m_error = QStringLiteral("cannot write the shadow copy %1: %2").arg(m_stagingPath, copy.errorString());
        return false;
    };
    if (!copy.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return cannotWrite();
    Sha256 hash;
    bool written = true;
    const bool read = file.stream([&](const char *data, qint64 length) {
        hash.addData(data, length);
        written = copy.write(data, length) == length;
        return written;
    });
    if (!read)
        return refuse(file.failure(), file.errorString());
    if (!written || !copy.flush())
        return cannotWrite();
    copy.close();
    m_size = file.size();
    m_sha256 = hash.hexResult();
    return true;
}

bool StagedArtifact::validate(const Expectation &expected)
{
    QElapsedTimer phase;
    phase.start();
    // Read back from the copy: the metadata checked is the metadata of the file that loads.
    m_metadata = PluginMetadata::read(m_stagingPath);
    FailureKind kind = FailureKind::None;
    // Judged for the host's IID, or for the plugin's own when the host also loads that one.
    const QString invalid = m_metadata.validate(expected.iids, PluginMetadata::hostQtVersion(), &kind);
    m_validateMs += lapMs(phase);
    if (!invalid.isEmpty())
        return refuse(kind, invalid);
    if (!expected.name.isEmpty() && m_metadata.name() != expected.name) {
        m_failure = FailureKind::OtherPlugin;
        m_error = QStringLiteral("%1 is the plugin \"%2\", not \"%3\"").arg(m_artifactPath, m_metadata.name(), expected.name);
        return false;
    }
    if (!m_uniqueSymbols.isEmpty()) {
        m_failure = FailureKind::UniqueSymbols;
        m_error = QStringLiteral("%1 cannot be unloaded: it exports %2 STB_GNU_UNIQUE symbol(s) (%3): "
                                 "rebuild with -fno-gnu-unique (relive_add_plugin does)")
                      .arg(m_artifactPath)
                      .arg(m_uniqueSymbols.size())
                      .arg(m_uniqueSymbols.mid(0, 3).join(QStringLiteral(", ")));
        return false;
    }
    return true;
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
