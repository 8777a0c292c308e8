#include "candidatecommands.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>

#include <utility>

namespace Relive {

namespace {

const int ninjaTimeoutMs = 10000;

QString absoluteIn(const QString &directory, const QString &path)
{
    return QDir::cleanPath(QDir(directory).absoluteFilePath(path));
}

bool sameFile(const QString &a, const QString &b)
{
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

// What /bin/sh would pass: words split at blanks, '...' literal, "..." and outside quotes a
// backslash escapes the next character. CMake quotes its command lines for the shell so.
QStringList shellWords(const QString &line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quote == QLatin1Char('\'')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()
                   && (quote.isNull() || QStringLiteral("\"\\$`").contains(line.at(i + 1)))) {
            word += line.at(++i);
        } else if (c == QLatin1Char('"')) {
            quote = quote.isNull() ? c : QChar();
            inWord = true;
        } else if (c == QLatin1Char('\'') && quote.isNull()) {
            quote = c;
            inWord = true;
        } else if (quote.isNull() && (c == QLatin1Char(' ') || c == QLatin1Char('\t'))) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

QString ninjaProgram()
{
    QString ninja = QStandardPaths::findExecutable(QStringLiteral("ninja"));
    return ninja.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("ninja-build")) : ninja;
}

QString runNinja(const QString &buildDirectory, const QStringList &arguments, QString *error)
{
    const QString ninja = ninjaProgram();
    if (ninja.isEmpty()) {
        *error = QStringLiteral("ninja was not found in PATH");
        return QString();
    }
    QProcess process;
    process.setWorkingDirectory(buildDirectory);
    process.start(ninja, QStringList{QStringLiteral("-C"), buildDirectory} + arguments);
    if (!process.waitForFinished(ninjaTimeoutMs) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        process.kill();
        process.waitForFinished(1000);
        *error = QStringLiteral("ninja %1 failed: %2").arg(arguments.join(QLatin1Char(' ')),
                                                            QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return QString();
    }
    return QString::fromLocal8Bit(process.readAllStandardOutput());
}

// `ninja -t query <object>`: the targets built from it, under "  outputs:".
QString linkTargetOf(const QString &buildDirectory, const QString &object, QString *error)
{
    const QString query = runNinja(buildDirectory, {QStringLiteral("-t"), QStringLiteral("query"),
                                                    QDir(buildDirectory).relativeFilePath(object)}, error);
    bool inOutputs = false;
    for (const QString &line : query.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char(' ')))
            inOutputs = false;
        else if (line.trimmed() == QLatin1String("outputs:"))
            inOutputs = true;
        else if (inOutputs && line.startsWith(QLatin1String("    ")) && line.trimmed().endsWith(QLatin1String(".so")))
            return absoluteIn(buildDirectory, line.trimmed());
    }
    if (error->isEmpty())
        *error = QStringLiteral("no plugin in the build graph is linked from %1").arg(object);
    return QString();
}

// CMake's link line is "pre-link && link && post-build": the part that writes the target.
QStringList linkPart(const QString &buildDirectory, const QStringList &tokens, const QString &target)
{
    QStringList part;
    for (int i = 0; i <= tokens.size(); ++i) {
        if (i < tokens.size() && tokens.at(i) != QLatin1String("&&")) {
            part.append(tokens.at(i));
            continue;
        }
        const int output = part.indexOf(QStringLiteral("-o"));
        if (output >= 0 && output + 1 < part.size() && absoluteIn(buildDirectory, part.at(output + 1)) == target)
            return part;
        part.clear();
    }
    return QStringList();
}

// The launcher CMake puts before the compiler (CMAKE_<LANG>_COMPILER_LAUNCHER, a ;-list): how
// many words of \a compile it takes, from the build folder's cache.
int launcherWordsOf(const QString &buildDirectory, const QStringList &compile)
{
    QFile cache(buildDirectory + QStringLiteral("/CMakeCache.txt"));
    if (!cache.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    while (!cache.atEnd()) {
        const QString line = QString::fromLocal8Bit(cache.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("CMAKE_CXX_COMPILER_LAUNCHER:")) && !line.startsWith(QLatin1String("CMAKE_C_COMPILER_LAUNCHER:")))
            continue;
        const QStringList launcher = line.section(QLatin1Char('='), 1).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        if (!launcher.isEmpty() && launcher.size() < compile.size() && compile.mid(0, launcher.size()) == launcher)
            return int(launcher.size());
    }
    return 0;
}

} // namespace

CandidateCommands CandidateCommands::lookUp(const QString &buildDirectory, const QString &source, QString *error)
{
    CandidateCommands commands;
    QFile file(buildDirectory + QStringLiteral("/compile_commands.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 has no compile_commands.json yet: build the workspace first").arg(buildDirectory);
        return commands;
    }
    const QJsonArray entries = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QString directory = entry.value(QStringLiteral("directory")).toString();
        if (!sameFile(absoluteIn(directory, entry.value(QStringLiteral("file")).toString()), source))
            continue;
        commands.directory = directory;
        commands.compile = shellWords(entry.value(QStringLiteral("command")).toString());
        commands.launcherWords = launcherWordsOf(buildDirectory, commands.compile);
        const int output = commands.compile.indexOf(QStringLiteral("-o"));
        if (output >= 0 && output + 1 < commands.compile.size())
            commands.object = absoluteIn(directory, commands.compile.at(output + 1));
        break;
    }
    if (commands.object.isEmpty()) {
        *error = QStringLiteral("%1 is not compiled by the workspace's build (not in compile_commands.json)").arg(source);
        commands.compile.clear();
        return commands;
    }
    commands.linkOutput = linkTargetOf(buildDirectory, commands.object, error);
    if (commands.linkOutput.isEmpty())
        return commands;
    const QString line = runNinja(buildDirectory, {QStringLiteral("-t"), QStringLiteral("commands"), QStringLiteral("-s"),
                                                   QDir(buildDirectory).relativeFilePath(commands.linkOutput)}, error)
                             .trimmed().split(QLatin1Char('\n')).last();
    commands.link = linkPart(buildDirectory, shellWords(line), commands.linkOutput);
    if (commands.link.isEmpty() || commands.link.join(QLatin1Char(' ')).contains(QLatin1Char('@'))) {
        *error = QStringLiteral("the link command of %1 was not understood: %2").arg(commands.linkOutput, line);
        commands.link.clear();
        return commands;
    }
    for (const QString &token : std::as_const(commands.link)) {
        if (token.startsWith(QLatin1Char('-')) || !(token.endsWith(QLatin1String(".o")) || token.endsWith(QLatin1String(".a"))))
            continue;
        const QString input = absoluteIn(buildDirectory, token);
        if (input != commands.object)
            commands.linkInputs.append(input);
    }
    return commands;
}

QStringList CandidateCommands::compileCopy(const QString &source, const QString &mainFile, const QString &copy,
                                           const QString &object, const QString &depfile) const
{
    QStringList arguments = compile.mid(launcherWords); // a candidate's object is never reused
    const QString sourceFolder = QFileInfo(source).absolutePath();
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("-o") && i + 1 < arguments.size())
            arguments[++i] = object;
        else if (!arguments.at(i).startsWith(QLatin1Char('-')) && sameFile(absoluteIn(directory, arguments.at(i)), source))
            arguments[i] = mainFile;
    }
    // Debug info, __FILE__ and assertions name the real file; "" includes look next to it first.
    QStringList folders{QFileInfo(mainFile).absolutePath()};
    if (QFileInfo(copy).absolutePath() != folders.constFirst())
        folders << QFileInfo(copy).absolutePath();
    int at = 1;
    for (const QString &folder : std::as_const(folders))
        arguments.insert(at++, QStringLiteral("-ffile-prefix-map=%1=%2").arg(folder, sourceFolder));
    arguments.insert(at++, QStringLiteral("-iquote"));
    arguments.insert(at, sourceFolder);
    arguments << QStringLiteral("-MD") << QStringLiteral("-MF") << depfile;
    return arguments;
}

QStringList CandidateCommands::precompiledHeaders() const
{
    QStringList headers;
    QString option; // the last one, across clang's "-Xclang" pairs
    for (const QString &argument : compile.mid(launcherWords + 1)) {
        if (argument == QLatin1String("-Xclang"))
            continue;
        if (option == QLatin1String("-include-pch")) {
            headers << absoluteIn(directory, argument);
        } else if (option == QLatin1String("-include")) {
            for (const QString &suffix : {QStringLiteral(".gch"), QStringLiteral(".pch")}) {
                const QString header = absoluteIn(directory, argument + suffix);
                if (QFileInfo::exists(header) && !headers.contains(header))
                    headers << header;
            }
        }
        option = argument;
    }
    return headers;
}

QStringList CandidateCommands::linkCopy(const QString &candidateObject, const QString &output) const
{
    QStringList arguments = link;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("-o") && i + 1 < arguments.size())
            arguments[++i] = output;
        else if (absoluteIn(directory, arguments.at(i)) == object)
            arguments[i] = candidateObject;
    }
    return arguments;
}

} // namespace Relive
