#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>

class QProcess;

namespace Relive {

/*!
 * A link command run by the linker itself rather than through the compiler driver. clang++
 * spends ~80 ms starting up (LLVM's static initializers) before it runs the linker, which
 * links a plugin with mold in ~60 ms: on a save's path that is worth skipping. The driver is
 * asked once per command which job it would run (`<driver> ... -###`); its answer is used only
 * when that is one job and the job is a linker (ld, ld.mold, ld.lld, mold...). GCC's job is
 * collect2, which reads the environment the driver would give it: GCC keeps its driver.
 */
class RELIVE_CORE_EXPORT LinkerJob
{
public:
    LinkerJob();
    LinkerJob(const LinkerJob &) = delete;
    LinkerJob &operator=(const LinkerJob &) = delete;
    ~LinkerJob();

    /*!
     * \a link (program and arguments, run in \a directory) as the linker's own command, or \a link
     * itself. The linker's command gives itself back. Waits for the driver's answer when
     * prefetch() asked for it and it has not come yet.
     */
    QStringList direct(const QStringList &link, const QString &directory);
    /*! Asks the driver of \a link now, in the background, so that direct() need not wait for it. */
    void prefetch(const QStringList &link, const QString &directory);

    /*! The one linker job the driver of \a link would run, or empty with \a why saying why not. */
    static QStringList ask(const QStringList &link, const QString &directory, QString *why);
    /*! The words of a job line of `-###` (each one "quoted", with \" \\ \$ escaped). */
    static QStringList jobWords(const QString &line);

private:
    static QString keyOf(const QStringList &link, const QString &directory);
    static QProcess *startAsking(const QStringList &link, const QString &directory);
    static QStringList answerOf(QProcess *driver, const QStringList &link, QString *why);
    void remember(const QString &key, const QStringList &job, const QStringList &link, const QString &directory);

    QHash<QString, QStringList> m_known; //!< by directory and command
    QHash<QString, std::shared_ptr<QProcess>> m_asking; //!< prefetch()ed, not yet read
};

} // namespace Relive
