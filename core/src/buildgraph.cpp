#include "buildgraph.h"

#include "logging.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>

#include <algorithm>

namespace Relive {

BuildGraph::BuildGraph(QObject *parent)
    : QObject(parent)
{
}

// A query still running when the session goes is killed and reaped, not left to QProcess's
// destructor (which warns "Destroyed while process is still running").
BuildGraph::~BuildGraph()
{
    stop();
}

void BuildGraph::stop()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    m_process->kill();
    m_process->waitForFinished(1000); // already killed: only reaps it
    m_process->deleteLater();
    m_process = nullptr;
}

void BuildGraph::read(const QString &buildDirectory, const QString &root, const std::function<void(const QStringList &)> &done)
{
    stop();
    m_buildDirectory = QDir::cleanPath(buildDirectory);
    m_root = QDir::cleanPath(root);
    m_done = done;
    m_files.clear();
    m_pending = QStringList{QStringLiteral("inputs"), QStringLiteral("deps")};
    runNext();
}

void BuildGraph::runNext()
{
    QString ninja = QStandardPaths::findExecutable(QStringLiteral("ninja"));
    if (ninja.isEmpty())
        ninja = QStandardPaths::findExecutable(QStringLiteral("ninja-build"));
    if (ninja.isEmpty()) {
        qCWarning(lcWatch) << "ninja not found: watching sources by their names only";
        return;
    }
    const QString tool = m_pending.takeFirst();
    QStringList arguments{QStringLiteral("-C"), m_buildDirectory, QStringLiteral("-t"), tool};
    if (tool == QLatin1String("inputs"))
        arguments << QStringLiteral("all") << QStringLiteral("build.ninja");
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, QOverload<int, QProcess::ExitStatus>::of(&QProcess::finished), this,
            [this, tool](int code, QProcess::ExitStatus status) {
        QProcess *process = m_process;
        m_process = nullptr;
        process->deleteLater();
        if (status != QProcess::NormalExit || code != 0) {
            qCWarning(lcWatch) << "ninja -t" << tool << "failed:" << process->readAllStandardError().trimmed();
            return;
        }
        const QString under = m_root + QLatin1Char('/');
        const QString build = m_buildDirectory + QLatin1Char('/');
        for (const QString &file : parse(process->readAllStandardOutput(), m_buildDirectory)) {
            if (file.startsWith(under) && !file.startsWith(build))
                m_files.append(file);
        }
        if (!m_pending.isEmpty())
            return runNext();
        std::sort(m_files.begin(), m_files.end());
        m_files.erase(std::unique(m_files.begin(), m_files.end()), m_files.end());
        qCDebug(lcWatch) << "the build reads" << m_files.size() << "files of the workspace";
        m_done(m_files);
    });
    m_process->start(ninja, arguments);
}

QStringList BuildGraph::parse(const QByteArray &output, const QString &buildDirectory)
{
    const QDir build(buildDirectory);
    QStringList files;
    for (const QByteArray &rawLine : output.split('\n')) {
        // `-t deps` prints "target: #deps N, ..." then its dependencies indented.
        if (rawLine.isEmpty() || (!rawLine.startsWith(' ') && rawLine.contains(": #deps")))
            continue;
        const QString path = QFile::decodeName(rawLine.trimmed());
        if (!path.isEmpty())
            files.append(QDir::cleanPath(build.absoluteFilePath(path)));
    }
    return files;
}

} // namespace Relive
