#pragma once

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <functional>

class QProcess;

namespace Relive {

/*!
 * What a Ninja build reads, from Ninja's own graph (docs/ARCHITECTURE.md, "Save → build"):
 * `ninja -t inputs all build.ninja` (every explicit and implicit input: sources, forms, .qrc
 * files and every file they list, the CMake files) and `ninja -t deps` (the headers the
 * compilers reported). Asynchronous: two short child processes, never a wait.
 */
class BuildGraph : public QObject
{
public:
    explicit BuildGraph(QObject *parent = nullptr);
    ~BuildGraph() override;

    /*!
     * Reads the graph of \a buildDirectory, then calls \a done with the files it reads that
     * lie under \a root (absolute, cleaned, sorted), outside the build folder. A newer read
     * replaces one still running; on failure \a done is not called.
     */
    void read(const QString &buildDirectory, const QString &root, const std::function<void(const QStringList &)> &done);

    /*! The paths in the output of `ninja -t inputs` or `ninja -t deps`, made absolute. */
    static QStringList parse(const QByteArray &output, const QString &buildDirectory);

private:
    void runNext();
    void stop();

    QProcess *m_process = nullptr;
    QString m_buildDirectory;
    QString m_root;
    QStringList m_pending; //!< the tool still to run
    QStringList m_files;
    std::function<void(const QStringList &)> m_done;
};

} // namespace Relive
