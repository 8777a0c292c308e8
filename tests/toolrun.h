// Running build tools and example programs from a suite (tst_embedding, tst_attach): a
// program to its end with a timeout, its output kept; a folder copied out of the source tree.
#pragma once

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>

namespace {

const int buildTimeoutMs = 240000; // a CMake configure and build, on a loaded 2-core machine

struct ToolRun
{
    int exitCode = -1;
    QString output;
    QString errors;

    bool ok() const { return exitCode == 0; }
    QByteArray describe(const QString &what) const
    {
        return QStringLiteral("%1: exit code %2\n%3\n%4").arg(what).arg(exitCode).arg(output.right(4000), errors.right(4000)).toLocal8Bit();
    }
};

ToolRun runTool(const QString &program, const QStringList &arguments, const QByteArray &input = QByteArray(),
                int timeoutMs = buildTimeoutMs)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("CMAKE_GENERATOR")); // the test decides the generator
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForStarted(30000)) {
        run.errors = process.errorString();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        run.errors = QStringLiteral("did not finish in time; ");
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromLocal8Bit(process.readAllStandardOutput());
    run.errors += QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

bool copyFolder(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QFileInfoList entries = QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        const QString target = to + QLatin1Char('/') + entry.fileName();
        if (entry.isDir() ? !copyFolder(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

} // namespace
