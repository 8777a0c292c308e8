#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <memory>

namespace Relive {

class SourceWatcherPrivate;

/*!
 * Watches the sources of a workspace and says, once per burst of saves, which files now have
 * other content.
 *
 * Under the root, recursively: C and C++ sources and headers (.cpp .cc .cxx .c .h .hh .hpp
 * .hxx .ipp .inl), .json, .qrc, .ui, CMakeLists.txt and *.cmake. Folders skipped: the excluded
 * ones, hidden ones (.git, .cache, .vscode...), and CMake build trees (a folder holding
 * CMakeCache.txt or CMakeFiles/), wherever they are, so that a build's own output never looks
 * like an edit. Emacs lock files (.#name) are not sources.
 *
 * Editors save in several ways and all of them count: in place, by writing a temporary file
 * and renaming it over the old one (vim, Qt Creator, Kate), by deleting and recreating. A new
 * file or folder is watched from then on, and a new source counts as a change; so does a
 * deleted one. A file whose content did not change (touched, or saved unmodified) does not:
 * content is compared by SHA-256 whenever size or modification time moved.
 *
 * Watching starts with a snapshot: every file is read once in setRoot().
 */
class RELIVE_CORE_EXPORT SourceWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SourceWatcher(QObject *parent = nullptr);
    ~SourceWatcher() override;

    /*! Watches \a workspace; its current content counts as seen. Empty: watches nothing. */
    void setRoot(const QString &workspace);
    QString root() const;

    /*! Folders never watched, e.g. a build folder inside the workspace. */
    void setExcludedDirectories(const QStringList &dirs);
    QStringList excludedDirectories() const;

    /*!
     * How long the files must stay quiet before changed() is emitted: 50 ms by default, at
     * most 100. A burst that never quiets down is still reported once a second.
     */
    void setDebounceInterval(int ms);
    int debounceInterval() const;

    /*!
     * The files the build reads (absolute; LiveSession takes them from Ninja's graph after every
     * build): under the root, each is watched whatever its name, e.g. an image or a text file
     * a .qrc lists. The suffix list above is only the first guess, before the build said what
     * it reads. Files outside the root and in excluded folders stay unwatched. Files that
     * become watched count as seen as they are now.
     */
    void setBuildInputs(const QStringList &files);
    QStringList buildInputs() const;

    /*! The files being watched, absolute paths, sorted. */
    QStringList watchedFiles() const;

Q_SIGNALS:
    /*! \a files (absolute, sorted) were changed, created or deleted since the last report. */
    void changed(const QStringList &files);
    /*!
     * Early word of a burst, before it quiets down: \a files (absolute, sorted) are files
     * already watched whose content differs now from the last report (a save by rename is
     * complete at its first event). Emitted again within the burst when that set or a file's
     * content moves on; empty when they are back as reported. changed() still follows, and is
     * what counts: a file told here may still be half written.
     */
    void changing(const QStringList &files);

private:
    friend class SourceWatcherPrivate;
    std::unique_ptr<SourceWatcherPrivate> d;
};

} // namespace Relive
