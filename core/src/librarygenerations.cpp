#include "librarygenerations.h"

#include "linkedlibraries.h"
#include "relive/private/elflinkinfo.h"
#include "relive/private/elfnameedit.h"
#include "sha256.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <dlfcn.h>
#include <sys/stat.h>

namespace Relive {

namespace {

constexpr int maxDepth = 16;        // libraries that need each other deeper than this loop
constexpr int maxGenerations = 46655; // "~zzz": three base-36 digits keep the name's length
constexpr int keptPrefix = 4;       // "~001" replaces the first four characters of the soname

// The process has \a soname under that name (the host linked it, or loaded it itself): a
// generation of our own would run next to it, with globals of its own. Left to the loader.
bool isLoadedByName(const QString &soname)
{
    void *handle = dlopen(QFile::encodeName(soname).constData(), RTLD_LAZY | RTLD_NOLOAD);
    if (handle)
        dlclose(handle); // RTLD_NOLOAD still took a reference
    return handle;
}

quint64 inodeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? quint64(st.st_ino) : 0;
}

} // namespace

void LibraryGenerations::setFolders(const QStringList &folders)
{
    m_folders.clear();
    for (const QString &folder : folders) {
        const QString canonical = QFileInfo(folder).canonicalFilePath();
        if (!canonical.isEmpty())
            m_folders.append(canonical);
    }
}

QString LibraryGenerations::resolve(const QString &needed, const QStringList &runPath, const QString &origin) const
{
    if (needed.contains(QLatin1Char('/')) || m_folders.isEmpty())
        return QString();
    for (QString folder : runPath) {
        folder.replace(QLatin1String("${ORIGIN}"), origin).replace(QLatin1String("$ORIGIN"), origin);
        const QString file = QFileInfo(folder + QLatin1Char('/') + needed).canonicalFilePath();
        if (file.isEmpty())
            continue;
        for (const QString &workspace : m_folders) {
            if (file.startsWith(workspace + QLatin1Char('/')))
                return file;
        }
        return QString(); // the loader takes it from outside the workspace
    }
    return QString();
}

void LibraryGenerations::addWithUses(const LibraryGeneration &generation, QStringList *preload) const
{
    for (const QString &copy : generation.uses)
        addWithUses(m_byCopy.value(copy), preload);
    if (!preload->contains(generation.copyPath))
        preload->append(generation.copyPath);
}

// The newest generation of \a source, made now when the file (or a library it needs) changed.
const LibraryGeneration *LibraryGenerations::current(const QString &source, const QString &runtimePath, int depth,
                                                     QString *error)
{
    const ElfLinkInfo info = ElfLinkInfo::read(source);
    if (!info.isValid() || info.soname.size() <= keptPrefix)
        return nullptr; // no soname to rename: the loader keeps it, a rebuild is reported stale
    if (depth > maxDepth) {
        *error = QStringLiteral("%1: the workspace's libraries need each other in a loop").arg(source);
        return nullptr;
    }
    QHash<QString, QString> renames;
    QStringList uses;
    for (const QString &needed : info.needed) {
        const QString library = resolve(needed, info.runPath, QFileInfo(source).absolutePath());
        if (library.isEmpty() || library == source)
            continue;
        const LibraryGeneration *used = current(library, runtimePath, depth + 1, error);
        if (!used && !error->isEmpty())
            return nullptr;
        if (!used || used->soname != needed)
            continue;
        renames.insert(needed, used->copyName);
        uses.append(used->copyPath);
    }
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the library %1: %2").arg(source, file.errorString());
        return nullptr;
    }
    QByteArray bytes = file.readAll();
    const QString sha256 = Sha256::hex(bytes);
    // The same bytes as a generation made before (a change undone): that one is current again.
    for (auto it = m_byCopy.constBegin(); it != m_byCopy.constEnd(); ++it) {
        if (it->source == source && it->sha256 == sha256 && it->uses == uses && QFile::exists(it->copyPath)) {
            m_currentBySource.insert(source, it->copyPath);
            return &*it;
        }
    }
    if (m_counter >= maxGenerations) {
        *error = QStringLiteral("%1: this process made %2 library generations, all it can name: restart Relive")
                     .arg(source).arg(m_counter);
        return nullptr;
    }
    LibraryGeneration generation;
    generation.source = source;
    generation.soname = info.soname;
    generation.copyName = QStringLiteral("~%1").arg(++m_counter, keptPrefix - 1, 36, QLatin1Char('0')) + info.soname.mid(keptPrefix);
    generation.sha256 = sha256;
    generation.buildId = info.buildId;
    generation.inode = inodeOf(source);
    generation.uses = uses;
    renames.insert(info.soname, generation.copyName);
    if (ElfNameEdit::rename(&bytes, renames, error) < 0) {
        *error = QStringLiteral("cannot give %1 a generation name: %2").arg(source, *error);
        return nullptr;
    }
    QFile copy(runtimePath + QLatin1Char('/') + generation.copyName);
    if (!copy.open(QIODevice::WriteOnly | QIODevice::Truncate) || copy.write(bytes) != bytes.size() || !copy.flush()) {
        *error = QStringLiteral("cannot write the library copy %1: %2").arg(copy.fileName(), copy.errorString());
        return nullptr;
    }
    copy.close();
    generation.copyPath = QFileInfo(copy.fileName()).canonicalFilePath();
    m_currentBySource.insert(source, generation.copyPath);
    m_copyByName.insert(generation.copyName, generation.copyPath);
    return &*m_byCopy.insert(generation.copyPath, generation);
}

bool LibraryGenerations::bind(const QString &shadowPath, const QString &artifactPath, const QString &runtimePath,
                              QStringList *preload, QString *error)
{
    preload->clear();
    if (m_folders.isEmpty() && m_copyByName.isEmpty())
        return true;
    const ElfLinkInfo info = ElfLinkInfo::read(shadowPath);
    QHash<QString, QString> renames;
    for (const QString &needed : info.needed) {
        const auto kept = m_copyByName.constFind(needed);
        if (kept != m_copyByName.constEnd()) { // a kept copy (a rollback): the generation it ran with
            addWithUses(m_byCopy.value(kept.value()), preload);
            continue;
        }
        const QString source = resolve(needed, info.runPath, QFileInfo(artifactPath).absolutePath());
        if (source.isEmpty() || isLoadedByName(needed))
            continue;
        const LibraryGeneration *generation = current(source, runtimePath, 0, error);
        if (!generation && !error->isEmpty())
            return false;
        if (!generation || generation->soname != needed)
            continue;
        renames.insert(needed, generation->copyName);
        addWithUses(*generation, preload);
    }
    if (renames.isEmpty())
        return true;
    QFile file(shadowPath);
    if (!file.open(QIODevice::ReadWrite)) {
        *error = QStringLiteral("cannot open the shadow copy %1: %2").arg(shadowPath, file.errorString());
        return false;
    }
    QByteArray bytes = file.readAll();
    if (ElfNameEdit::rename(&bytes, renames, error) < 0 || !file.seek(0) || file.write(bytes) != bytes.size() || !file.flush()) {
        *error = QStringLiteral("cannot make %1 ask for its libraries' generations: %2")
                     .arg(shadowPath, error->isEmpty() ? file.errorString() : *error);
        return false;
    }
    return true;
}

void LibraryGenerations::describe(QList<LinkedLibrary> *libraries) const
{
    for (LinkedLibrary &library : *libraries) {
        const auto generation = m_byCopy.constFind(library.path);
        if (generation == m_byCopy.constEnd())
            continue;
        library.copy = library.path;
        library.path = generation->source;
        library.soname = generation->soname;
        library.sha256 = generation->sha256;
        library.buildId = generation->buildId;
        library.inode = generation->inode;
        const auto parent = m_byCopy.constFind(m_copyByName.value(library.neededBy));
        if (parent != m_byCopy.constEnd())
            library.neededBy = parent->soname;
    }
}

bool LibraryGenerations::isOutdated(const QList<LinkedLibrary> &libraries) const
{
    for (const LinkedLibrary &library : libraries) {
        const auto generation = m_byCopy.constFind(library.copy);
        if (library.copy.isEmpty() || generation == m_byCopy.constEnd())
            continue;
        // By the bytes: a change undone brings back the generation that runs (nothing to reload).
        if (LinkedLibraries::currentHash(generation->source) != generation->sha256)
            return true;
    }
    return false;
}

} // namespace Relive
