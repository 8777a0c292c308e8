#include "relive/toolchain.h"

#include "logging.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QMutex>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>

namespace Relive {

namespace {

const int probeTimeoutMs = 30000;

QMutex probeMutex;
QHash<QString, bool> linkProbes;     // "<compiler>\n<linker>" -> accepted
QHash<QString, QString> versionProbes; // compiler -> version

bool isCcacheShim(const QString &path)
{
    // /usr/lib/ccache/clang++ is a link to ccache: with ccache as launcher too it would recurse.
    return QFileInfo(QFileInfo(path).canonicalFilePath()).fileName() == QLatin1String("ccache");
}

/*!
 * The first \a name in PATH; with \a compiler, the first that is a real compiler, not a
 * ccache masquerade link.
 */
QString findProgram(const QString &name, bool compiler = false)
{
    if (name.isEmpty())
        return QString();
    if (QFileInfo(name).isAbsolute()) {
        const QFileInfo info(name);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    const QString path = QProcessEnvironment::systemEnvironment().value(QStringLiteral("PATH"));
    for (const QString &folder : path.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        const QString candidate = QStandardPaths::findExecutable(name, {folder});
        if (!candidate.isEmpty() && !(compiler && isCcacheShim(candidate)))
            return candidate;
    }
    return QString();
}

struct ProbeRun
{
    bool ok = false;
    QString output;
};

// Blocking on purpose: detect() returns a value, and each probe runs once per process.
ProbeRun runProbe(const QString &program, const QStringList &arguments, const QString &workingDirectory = QString())
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    // English messages, no colours: the output is only parsed.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    ProbeRun run;
    if (!process.waitForStarted(probeTimeoutMs))
        return run;
    if (!process.waitForFinished(probeTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return run;
    }
    run.output = QString::fromLocal8Bit(process.readAll());
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return run;
}

/*! Whether \a compiler links a program with -fuse-ld=\a linker. Cached per process. */
bool compilerAcceptsLinker(const QString &compiler, const QString &linker)
{
    const QString key = compiler + QLatin1Char('\n') + linker;
    {
        QMutexLocker lock(&probeMutex);
        const auto it = linkProbes.constFind(key);
        if (it != linkProbes.constEnd())
            return it.value();
    }
    // A real link: `-fuse-ld=mold` is accepted by name by some compilers that then fail to
    // find ld.mold, and older GCCs reject names they do not know.
    bool accepted = false;
    QTemporaryDir folder;
    QFile source(folder.filePath(QStringLiteral("probe.cpp")));
    if (folder.isValid() && source.open(QIODevice::WriteOnly) && source.write("int main() { return 0; }\n") > 0) {
        source.close();
        const QString output = folder.filePath(QStringLiteral("probe"));
        const ProbeRun run = runProbe(compiler,
                                      {QStringLiteral("-fuse-ld=") + linker, source.fileName(),
                                       QStringLiteral("-o"), output},
                                      folder.path());
        accepted = run.ok && QFileInfo(output).isExecutable();
        if (!accepted)
            qCDebug(lcToolchain) << compiler << "cannot link with" << linker << run.output;
    }
    QMutexLocker lock(&probeMutex);
    linkProbes.insert(key, accepted);
    return accepted;
}

/*! The program -fuse-ld=\a linker makes the compiler run, to see whether it is installed. */
QString linkerProgram(const QString &linker)
{
    if (linker == QLatin1String("mold")) {
        const QString mold = findProgram(QStringLiteral("ld.mold"));
        return mold.isEmpty() ? findProgram(QStringLiteral("mold")) : mold;
    }
    return findProgram(QStringLiteral("ld.") + linker);
}

} // namespace

QString Toolchain::findLauncher(const QString &setting)
{
    if (setting.isEmpty() || setting == QLatin1String("none"))
        return QString();
    if (setting == QLatin1String("auto"))
        return findProgram(QStringLiteral("ccache"));
    return findProgram(setting);
}

Toolchain Toolchain::detect(const Preferences &preferences)
{
    Toolchain toolchain;
    const QStringList compilers = preferences.preferClang
        ? QStringList{QStringLiteral("clang++"), QStringLiteral("g++"), QStringLiteral("c++")}
        : QStringList{QStringLiteral("g++"), QStringLiteral("c++"), QStringLiteral("clang++")};
    for (const QString &name : compilers) {
        toolchain.cxxCompiler = findProgram(name, true);
        if (!toolchain.cxxCompiler.isEmpty())
            break;
    }
    toolchain.pch = preferences.usePch;
    toolchain.launcher = findLauncher(preferences.launcher);
    // Without ccache "auto" quietly means none; a launcher asked for by name is worth a word.
    const bool named = !QStringList{QString(), QStringLiteral("auto"), QStringLiteral("none")}.contains(preferences.launcher);
    if (named && toolchain.launcher.isEmpty())
        qCWarning(lcToolchain) << "compiler launcher" << preferences.launcher << "not found: building without one";
    if (preferences.useFastLinker && !toolchain.cxxCompiler.isEmpty()) {
        for (const QString &linker : {QStringLiteral("mold"), QStringLiteral("lld")}) {
            if (!linkerProgram(linker).isEmpty() && compilerAcceptsLinker(toolchain.cxxCompiler, linker)) {
                toolchain.linker = linker;
                break;
            }
        }
    }
    qCDebug(lcToolchain) << "detected" << toolchain.describe();
    return toolchain;
}

Toolchain Toolchain::cmakeDefaults()
{
    Toolchain toolchain;
    toolchain.pch = false;
    return toolchain;
}

QStringList Toolchain::configureArguments() const
{
    QStringList arguments;
    if (!cxxCompiler.isEmpty())
        arguments << QStringLiteral("-DCMAKE_CXX_COMPILER=") + cxxCompiler;
    if (!launcher.isEmpty())
        arguments << QStringLiteral("-DCMAKE_CXX_COMPILER_LAUNCHER=") + launcher;
    if (!linker.isEmpty()) {
        // try_compile() links executables, plugins are modules, and a workspace may add
        // shared libraries of its own: all three use the same linker.
        const QString flag = QStringLiteral("=-fuse-ld=") + linker;
        arguments << QStringLiteral("-DCMAKE_EXE_LINKER_FLAGS") + flag
                  << QStringLiteral("-DCMAKE_SHARED_LINKER_FLAGS") + flag
                  << QStringLiteral("-DCMAKE_MODULE_LINKER_FLAGS") + flag;
    }
    arguments << (pch ? QStringLiteral("-DRELIVE_PCH=ON") : QStringLiteral("-DRELIVE_PCH=OFF"));
    return arguments;
}

QString Toolchain::compilerVersion() const
{
    if (cxxCompiler.isEmpty())
        return QString();
    {
        QMutexLocker lock(&probeMutex);
        const auto it = versionProbes.constFind(cxxCompiler);
        if (it != versionProbes.constEnd())
            return it.value();
    }
    // The first line names the version: "Debian clang version 14.0.6",
    // "g++ (Debian 12.2.0-14) 12.2.0". -dumpversion is only the major with some GCCs.
    const ProbeRun run = runProbe(cxxCompiler, {QStringLiteral("--version")});
    QString version;
    if (run.ok) {
        static const QRegularExpression number(QStringLiteral("\\b(\\d+\\.\\d+(?:\\.\\d+)?)\\b"));
        const QRegularExpressionMatch match = number.match(run.output.section(QLatin1Char('\n'), 0, 0));
        if (match.hasMatch())
            version = match.captured(1);
    }
    QMutexLocker lock(&probeMutex);
    versionProbes.insert(cxxCompiler, version);
    return version;
}

QString Toolchain::describe() const
{
    QStringList parts;
    if (cxxCompiler.isEmpty()) {
        parts << QStringLiteral("CMake's default compiler");
    } else {
        const QString version = compilerVersion();
        const QString name = QFileInfo(cxxCompiler).fileName();
        parts << (version.isEmpty() ? name : name + QLatin1Char(' ') + version);
    }
    parts << (pch ? QStringLiteral("PCH") : QStringLiteral("no PCH"));
    parts << (linker.isEmpty() ? QStringLiteral("default linker") : linker);
    if (!launcher.isEmpty())
        parts << QFileInfo(launcher).fileName();
    return parts.join(QStringLiteral(", "));
}

QJsonObject Toolchain::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("cxxCompiler"), cxxCompiler);
    object.insert(QStringLiteral("compilerVersion"), compilerVersion());
    object.insert(QStringLiteral("linker"), linker);
    object.insert(QStringLiteral("launcher"), launcher);
    object.insert(QStringLiteral("pch"), pch);
    object.insert(QStringLiteral("description"), describe());
    return object;
}

bool Toolchain::operator==(const Toolchain &other) const
{
    return cxxCompiler == other.cxxCompiler && linker == other.linker && launcher == other.launcher
        && pch == other.pch;
}

} // namespace Relive
