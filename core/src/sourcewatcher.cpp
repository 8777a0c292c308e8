#include "relive/sourcewatcher.h"

#include "logging.h"
#include "sha256.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QTimer>

#include <algorithm>
#include <cstring>
#include <utility>

#include <sys/stat.h>

namespace Relive {

namespace {

const int defaultDebounceMs = 50; // a save by rename is one event within a millisecond or two
const int maxDebounceMs = 100;
const int maxBurstMs = 1000; // a burst that never quiets down is still reported

struct Stat
{
    bool regular = false;
    qint64 size = -1;
    qint64 modifiedNs = 0;
    quint64 inode = 0;
};

Stat statOf(const QString &path)
{
    Stat result;
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return result;
    result.regular = true;
    result.size = qint64(st.st_size);
    result.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    result.inode = quint64(st.st_ino);
    return result;
}

QString contentHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return Sha256::hex(file.readAll());
}

bool isSourceName(const QString &name)
{
    if (name == QLatin1String("CMakeLists.txt"))
        return true;
    if (name.startsWith(QLatin1String(".#"))) // Emacs lock links
        return false;
    if (name == QLatin1String("compile_commands.json")) // written by the build (a link into it)
        return false;
    static const char *const suffixes[] = {".cpp", ".cc", ".cxx", ".c", ".h", ".hh", ".hpp", ".hxx", ".ipp",
                                           ".inl", ".json", ".qrc", ".ui", ".cmake"};
    for (const char *suffix : suffixes) {
        if (name.endsWith(QLatin1String(suffix), Qt::CaseInsensitive) && name.size() > int(std::strlen(suffix)))
            return true;
    }
    return false;
}

QString cleanAbsolute(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString parentOf(const QString &path)
{
    const int slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

} // namespace

class SourceWatcherPrivate
{
public:
    struct FileState
    {
        Stat stat;
        QString hash;
        quint64 watchedInode = 0; //!< the inode the file watch follows; 0: none
    };
    struct Folder
    {
        QHash<QString, FileState> files; //!< by name
        QSet<QString> subfolders;        //!< absolute paths
    };

    explicit SourceWatcherPrivate(SourceWatcher *watcher);

    void reset();
    bool isSource(const QString &path, const QString &name) const;
    bool isExcluded(const QString &folder) const;
    static bool isBuildTree(const QString &folder);
    void addFolder(const QString &folder, QStringList *changes);
    void rescanFolder(const QString &folder, QStringList *changes);
    void forgetFolder(const QString &folder, QStringList *changes);
    void addFile(Folder &folder, const QString &path, const QString &name, QStringList *changes);
    void checkFile(Folder &folder, const QString &path, const QString &name, QStringList *changes);
    void ensureWatched(FileState &state, const QString &path);
    void schedule();
    void peek();
    void flush();

    SourceWatcher *q;
    QFileSystemWatcher *watcher = nullptr;
    QString root;
    QStringList excluded;
    QSet<QString> buildInputs;      //!< absolute paths the build reads
    QHash<QString, Folder> folders; //!< every watched folder, by absolute path
    QSet<QString> dirtyFolders;
    QSet<QString> dirtyFiles;
    QSet<QString> qtWatchedFiles;   //!< refreshed at each flush: Qt drops watches of deleted files
    QHash<QString, QString> peeked; //!< this burst's changing() so far: path → hash
    QTimer *debounce;
    QElapsedTimer burst;
    int debounceMs = defaultDebounceMs;
};

SourceWatcherPrivate::SourceWatcherPrivate(SourceWatcher *watcher)
    : q(watcher)
    , debounce(new QTimer(watcher))
{
    debounce->setSingleShot(true);
    QObject::connect(debounce, &QTimer::timeout, q, [this] { flush(); });
}

void SourceWatcherPrivate::reset()
{
    debounce->stop();
    burst.invalidate();
    dirtyFolders.clear();
    dirtyFiles.clear();
    peeked.clear();
    folders.clear();
    // A new watcher drops every old watch at once.
    delete watcher;
    watcher = nullptr;
    if (root.isEmpty())
        return;
    watcher = new QFileSystemWatcher(q);
    QObject::connect(watcher, &QFileSystemWatcher::fileChanged, q, [this](const QString &path) {
        dirtyFiles.insert(path);
        schedule();
    });
    // Renames over a file, deletions and creations show on the folder.
    QObject::connect(watcher, &QFileSystemWatcher::directoryChanged, q, [this](const QString &path) {
        dirtyFolders.insert(path);
        schedule();
    });
    if (QFileInfo(root).isDir())
        addFolder(root, nullptr);
    else
        qCWarning(lcWatch) << root << "is not a folder: nothing to watch";
    qtWatchedFiles.clear();
    const QStringList files = watcher->files();
    for (const QString &file : files)
        qtWatchedFiles.insert(file);
}

bool SourceWatcherPrivate::isSource(const QString &path, const QString &name) const
{
    return isSourceName(name) || buildInputs.contains(path);
}

bool SourceWatcherPrivate::isExcluded(const QString &folder) const
{
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    for (const QString &excludedFolder : excluded) {
        for (const QString &path : {folder, canonical}) {
            if (!path.isEmpty()
                && (path == excludedFolder || path.startsWith(excludedFolder + QLatin1Char('/'))))
                return true;
        }
    }
    return false;
}

bool SourceWatcherPrivate::isBuildTree(const QString &folder)
{
    // CMakeFiles/ comes first in a configure, CMakeCache.txt last: either one gives it away.
    return QFileInfo::exists(folder + QStringLiteral("/CMakeCache.txt"))
        || QFileInfo(folder + QStringLiteral("/CMakeFiles")).isDir();
}

void SourceWatcherPrivate::addFolder(const QString &folder, QStringList *changes)
{
    if (folders.contains(folder))
        return;
    folders.insert(folder, Folder());
    // Watch first, then list: a file created in between is then seen by one or the other.
    if (!watcher->addPath(folder))
        qCWarning(lcWatch) << "cannot watch" << folder;
    rescanFolder(folder, changes);
}

void SourceWatcherPrivate::rescanFolder(const QString &folder, QStringList *changes)
{
    if (!folders.contains(folder))
        return;
    if (!QFileInfo(folder).isDir()) {
        forgetFolder(folder, changes);
        return;
    }
    if (folder != root && isBuildTree(folder)) {
        forgetFolder(folder, nullptr); // configured just now: its files are output, not edits
        return;
    }
    const QFileInfoList entries = QDir(folder).entryInfoList(
        QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::NoSort);
    QSet<QString> presentFiles;
    QSet<QString> presentFolders;
    QStringList newFolders;
    for (const QFileInfo &entry : entries) {
        const QString name = entry.fileName();
        const QString path = folder + QLatin1Char('/') + name;
        if (entry.isDir()) {
            if (entry.isSymLink() || name.startsWith(QLatin1Char('.')) || name == QLatin1String("CMakeFiles")
                || isExcluded(path) || isBuildTree(path))
                continue;
            presentFolders.insert(path);
            if (!folders.contains(path))
                newFolders.append(path);
        } else if (isSource(path, name) && entry.isFile()) {
            presentFiles.insert(name);
            Folder &state = folders[folder];
            if (state.files.contains(name))
                checkFile(state, path, name, changes);
            else
                addFile(state, path, name, changes);
        }
    }
    // Gone, or no longer regular files.
    Folder &state = folders[folder];
    const QStringList known = state.files.keys();
    for (const QString &name : known) {
        if (!presentFiles.contains(name)) {
            const QString path = folder + QLatin1Char('/') + name;
            state.files.remove(name);
            watcher->removePath(path);
            if (changes)
                changes->append(path);
        }
    }
    const QSet<QString> subfolders = state.subfolders;
    for (const QString &subfolder : subfolders) {
        if (!presentFolders.contains(subfolder))
            forgetFolder(subfolder, changes);
    }
    for (const QString &subfolder : std::as_const(newFolders)) {
        folders[folder].subfolders.insert(subfolder);
        addFolder(subfolder, changes); // may rehash folders: no reference kept across it
    }
}

void SourceWatcherPrivate::forgetFolder(const QString &folder, QStringList *changes)
{
    const auto it = folders.find(folder);
    if (it == folders.end())
        return;
    const Folder state = it.value();
    folders.erase(it);
    watcher->removePath(folder);
    for (auto file = state.files.constBegin(); file != state.files.constEnd(); ++file) {
        const QString path = folder + QLatin1Char('/') + file.key();
        watcher->removePath(path);
        if (changes)
            changes->append(path);
    }
    for (const QString &subfolder : state.subfolders)
        forgetFolder(subfolder, changes);
    const auto parent = folders.find(parentOf(folder));
    if (parent != folders.end())
        parent->subfolders.remove(folder);
}

void SourceWatcherPrivate::addFile(Folder &folder, const QString &path, const QString &name, QStringList *changes)
{
    FileState state;
    state.stat = statOf(path);
    if (!state.stat.regular)
        return;
    state.hash = contentHash(path);
    ensureWatched(state, path);
    folder.files.insert(name, state);
    if (changes)
        changes->append(path);
}

void SourceWatcherPrivate::checkFile(Folder &folder, const QString &path, const QString &name, QStringList *changes)
{
    FileState &state = folder.files[name];
    const Stat now = statOf(path);
    if (!now.regular) {
        folder.files.remove(name);
        watcher->removePath(path);
        if (changes)
            changes->append(path);
        return;
    }
    ensureWatched(state, path);
    if (now.size == state.stat.size && now.modifiedNs == state.stat.modifiedNs && now.inode == state.stat.inode)
        return;
    // Touched, or saved without edits: same bytes, no change.
    const QString hash = contentHash(path);
    const bool changed = hash != state.hash;
    state.stat = now;
    state.hash = hash;
    if (changed && changes)
        changes->append(path);
}

void SourceWatcherPrivate::ensureWatched(FileState &state, const QString &path)
{
    // A file watch follows an inode: after a rename over the file it watches the old one, and
    // Qt drops it when that inode is deleted.
    const quint64 inode = statOf(path).inode;
    const bool watched = qtWatchedFiles.contains(path);
    if (watched && inode == state.watchedInode)
        return;
    if (watched) {
        watcher->removePath(path);
        qtWatchedFiles.remove(path);
    }
    state.watchedInode = 0;
    if (inode != 0 && watcher->addPath(path)) {
        state.watchedInode = inode;
        qtWatchedFiles.insert(path);
    }
}

void SourceWatcherPrivate::schedule()
{
    if (!burst.isValid())
        burst.start();
    if (burst.elapsed() >= maxBurstMs && debounce->isActive())
        return; // let it fire
    debounce->start(debounceMs);
    peek();
}

// A save by rename is complete at its first event: the files already known whose content
// differs now are told at once (changing()), without waiting for the burst to quiet down.
// Nothing is recorded as seen: flush() still reports the burst. Few events only (a save,
// not a checkout): each peek stats the files of the folders touched.
void SourceWatcherPrivate::peek()
{
    if (dirtyFiles.size() + dirtyFolders.size() > 4)
        return;
    QSet<QString> paths = dirtyFiles;
    for (const QString &folder : std::as_const(dirtyFolders)) {
        const auto it = folders.constFind(folder);
        if (it == folders.constEnd())
            continue;
        for (auto file = it->files.constBegin(); file != it->files.constEnd(); ++file)
            paths.insert(folder + QLatin1Char('/') + file.key());
    }
    QHash<QString, QString> differing;
    for (const QString &path : std::as_const(paths)) {
        const auto folder = folders.constFind(parentOf(path));
        if (folder == folders.constEnd())
            continue;
        const auto known = folder->files.constFind(path.mid(parentOf(path).size() + 1));
        const Stat now = statOf(path);
        if (known == folder->files.constEnd() || !now.regular
            || (now.size == known->stat.size && now.modifiedNs == known->stat.modifiedNs && now.inode == known->stat.inode))
            continue;
        const QString hash = contentHash(path);
        if (hash != known->hash)
            differing.insert(path, hash);
    }
    if (differing == peeked)
        return;
    peeked = differing;
    QStringList files = differing.keys();
    std::sort(files.begin(), files.end());
    Q_EMIT q->changing(files);
}

void SourceWatcherPrivate::flush()
{
    burst.invalidate();
    peeked.clear();
    if (!watcher)
        return;
    qtWatchedFiles.clear();
    const QStringList files = watcher->files();
    for (const QString &file : files)
        qtWatchedFiles.insert(file);

    QStringList changes;
    // Parents first: a parent's rescan may drop a whole subtree.
    QStringList dirty(dirtyFolders.begin(), dirtyFolders.end());
    dirtyFolders.clear();
    std::sort(dirty.begin(), dirty.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    for (const QString &folder : std::as_const(dirty))
        rescanFolder(folder, &changes);

    const QSet<QString> dirtyPaths = dirtyFiles;
    dirtyFiles.clear();
    for (const QString &path : dirtyPaths) {
        const QString folder = parentOf(path);
        const QString name = path.mid(folder.size() + 1);
        const auto it = folders.find(folder);
        if (it == folders.end())
            continue;
        if (it->files.contains(name))
            checkFile(it.value(), path, name, &changes);
        else if (isSource(path, name) && QFileInfo(path).isFile())
            addFile(it.value(), path, name, &changes);
    }

    if (changes.isEmpty())
        return;
    std::sort(changes.begin(), changes.end());
    changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
    qCDebug(lcWatch) << "changed:" << changes;
    Q_EMIT q->changed(changes);
}

SourceWatcher::SourceWatcher(QObject *parent)
    : QObject(parent)
    , d(new SourceWatcherPrivate(this))
{
}

SourceWatcher::~SourceWatcher() = default;

void SourceWatcher::setRoot(const QString &workspace)
{
    d->root = workspace.isEmpty() ? QString() : cleanAbsolute(workspace);
    d->reset();
}

QString SourceWatcher::root() const
{
    return d->root;
}

void SourceWatcher::setExcludedDirectories(const QStringList &dirs)
{
    d->excluded.clear();
    for (const QString &dir : dirs) {
        if (dir.isEmpty())
            continue;
        d->excluded.append(cleanAbsolute(dir));
        const QString canonical = QFileInfo(dir).canonicalFilePath();
        if (!canonical.isEmpty() && !d->excluded.contains(canonical))
            d->excluded.append(canonical);
    }
    if (!d->root.isEmpty())
        d->reset();
}

QStringList SourceWatcher::excludedDirectories() const
{
    return d->excluded;
}

void SourceWatcher::setDebounceInterval(int ms)
{
    d->debounceMs = qBound(0, ms, maxDebounceMs);
}

int SourceWatcher::debounceInterval() const
{
    return d->debounceMs;
}

void SourceWatcher::setBuildInputs(const QStringList &files)
{
    QSet<QString> inputs;
    for (const QString &file : files)
        inputs.insert(cleanAbsolute(file));
    const QSet<QString> before = d->buildInputs;
    d->buildInputs = inputs;
    // Only the files that join or leave: a known file is left to the pending change reports,
    // so that an edit made while the build ran is still reported.
    for (const QString &path : inputs - before) {
        const auto folder = d->folders.find(parentOf(path));
        const QString name = path.mid(parentOf(path).size() + 1);
        if (folder != d->folders.end() && !folder->files.contains(name))
            d->addFile(folder.value(), path, name, nullptr);
    }
    for (const QString &path : before - inputs) {
        const auto folder = d->folders.find(parentOf(path));
        const QString name = path.mid(parentOf(path).size() + 1);
        if (folder != d->folders.end() && !isSourceName(name) && folder->files.remove(name) > 0) {
            d->watcher->removePath(path);
            d->qtWatchedFiles.remove(path);
        }
    }
}

QStringList SourceWatcher::buildInputs() const
{
    QStringList files(d->buildInputs.begin(), d->buildInputs.end());
    std::sort(files.begin(), files.end());
    return files;
}

QStringList SourceWatcher::watchedFiles() const
{
    QStringList files;
    for (auto folder = d->folders.constBegin(); folder != d->folders.constEnd(); ++folder) {
        for (auto file = folder->files.constBegin(); file != folder->files.constEnd(); ++file)
            files.append(folder.key() + QLatin1Char('/') + file.key());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace Relive
