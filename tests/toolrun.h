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

#ifdef RELIVE_CMAKE_COMMAND
/*!
 * Configures (Ninja, this build's make program and compiler; against this build's Relive
 * package when \a withPackage) and builds \a source in \a build. False, with \a error naming
 * the step that failed and its output, when one did. Needs relive_out_of_tree_definitions.
 */
bool configureAndBuild(const QString &source, const QString &build, const QString &what, QByteArray *error,
                       bool withPackage = true)
{
    QStringList arguments{QStringLiteral("-S"), source, QStringLiteral("-B"), build, QStringLiteral("-G"), QStringLiteral("Ninja"),
                          QStringLiteral("-DCMAKE_MAKE_PROGRAM=" RELIVE_MAKE_PROGRAM),
                          QStringLiteral("-DCMAKE_CXX_COMPILER=" RELIVE_CXX_COMPILER)};
    if (withPackage)
        arguments << QStringLiteral("-DRelive_DIR=" RELIVE_BUILD_DIR);
    const ToolRun configured = runTool(QStringLiteral(RELIVE_CMAKE_COMMAND), arguments);
    if (!configured.ok()) {
        *error = configured.describe(QStringLiteral("configuring ") + what);
        return false;
    }
    const ToolRun built = runTool(QStringLiteral(RELIVE_CMAKE_COMMAND), {QStringLiteral("--build"), build});
    if (!built.ok())
        *error = built.describe(QStringLiteral("building ") + what);
    return built.ok();
}
#endif

} // namespace
