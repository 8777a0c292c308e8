#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QString>

namespace Relive {

/*!
 * The private folder where a process keeps the shadow copies it loads (docs/ARCHITECTURE.md,
 * rule 1).
 *
 * Lives under $XDG_RUNTIME_DIR/relive (or the temp folder's relive-<uid>), is mode 0700 and
 * owned by the user, holds one sub-folder per process, and is removed when the object is
 * destroyed. Folders left by processes that died are removed when a new one is created.
 */
class RELIVE_CORE_EXPORT RuntimeFolder
{
public:
    /*! \a base overrides the parent folder (tests). */
    explicit RuntimeFolder(const QString &base = QString());
    ~RuntimeFolder();

    RuntimeFolder(const RuntimeFolder &) = delete;
    RuntimeFolder &operator=(const RuntimeFolder &) = delete;

    bool isValid() const { return !m_path.isEmpty(); }
    QString errorString() const { return m_error; }
    QString path() const { return m_path; }

    /*! Path for generation \a generation of plugin \a name: <name>.g<N>.so */
    QString shadowPathFor(const QString &name, int generation) const;

    /*! Default parent folder for this user. */
    static QString defaultBase();
    /*! Removes per-process folders under \a base whose process is gone. Returns how many. */
    static int removeStale(const QString &base);

private:
    QString m_path;
    QString m_error;
};

} // namespace Relive
