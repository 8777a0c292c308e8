#include "cmakemessageparser_p.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>

#include <utility>

namespace Relive {

namespace {

// The 1-based line of \a path that \a pattern matches first, 0 if none.
int lineMatching(const QString &path, const QRegularExpression &pattern)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        if (pattern.match(QString::fromUtf8(file.readLine())).hasMatch())
            return number;
    }
    return 0;
}

// The 1-based line of the first of \a macros in \a path, 0 if none.
int lineOfMacro(const QString &path, const QString &message)
{
    static const QRegularExpression macro(QStringLiteral("\"(Q_OBJECT|Q_GADGET|Q_NAMESPACE|Q_PLUGIN_METADATA)\""));
    const QRegularExpressionMatch named = macro.match(message);
    return named.hasMatch() ? lineMatching(path, QRegularExpression(QStringLiteral("\\b%1\\b").arg(named.captured(1)))) : 0;
}

// The 1-based line of \a path that contains \a text, 0 if none.
int lineContaining(const QString &path, const QString &text)
{
    return text.isEmpty() ? 0 : lineMatching(path, QRegularExpression(QRegularExpression::escape(text)));
}

// The first file called \a name under \a folder, outside build folders; empty if none.
QString findSource(const QString &folder, const QString &name)
{
    if (folder.isEmpty())
        return QString();
    for (QDirIterator it(folder, {name}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        const QString path = it.next();
        if (!QFileInfo::exists(QFileInfo(path).absolutePath() + QStringLiteral("/CMakeCache.txt"))
            && !path.contains(QLatin1String("/build/")) && !path.contains(QLatin1String("_autogen/")))
            return path;
    }
    return QString();
}

} // namespace

void CMakeMessageParser::setDirectories(const QString &sourceDirectory, const QString &buildDirectory)
{
    m_sourceDirectory = sourceDirectory;
    m_buildDirectory = buildDirectory;
}

QString CMakeMessageParser::resolve(const QString &path, const QString &base) const
{
    if (QDir::isAbsolutePath(path) || base.isEmpty())
        return QDir::cleanPath(path);
    return QDir::cleanPath(base + QLatin1Char('/') + path);
}

bool CMakeMessageParser::addLine(const QString &line, QList<Diagnostic> *diagnostics)
{
    static const QRegularExpression cmake(QStringLiteral(
        "^CMake (Error|Warning|Deprecation Warning|Deprecation Error)(?: \\(dev\\))?"
        "(?: at (.+?):(\\d+) \\([^)]*\\)| in (.+?))?:\\s*(.*)$"));
    static const QRegularExpression autogen(
        QStringLiteral("^(AutoMoc|AutoUic|AutoRcc|AutoGen)(?: subprocess)? (error|warning)$"));
    QRegularExpressionMatch match = cmake.match(line);
    if (match.hasMatch()) {
        Diagnostic diagnostic;
        diagnostic.severity = match.captured(1).contains(QLatin1String("Error")) ? Diagnostic::Severity::Error
                                                                                 : Diagnostic::Severity::Warning;
        const QString file = match.captured(2).isEmpty() ? match.captured(4) : match.captured(2);
        if (!file.isEmpty())
            diagnostic.file = resolve(file, m_sourceDirectory);
        diagnostic.line = match.captured(3).toInt();
        diagnostic.message = match.captured(5).trimmed();
        diagnostic.kind = QStringLiteral("cmake");
        diagnostics->append(diagnostic);
        m_open = true;
        return true;
    }
    if ((match = autogen.match(line)).hasMatch()) {
        Diagnostic diagnostic;
        diagnostic.severity = match.captured(2) == QLatin1String("error") ? Diagnostic::Severity::Error
                                                                         : Diagnostic::Severity::Warning;
        diagnostic.message = match.captured(1) + QLatin1Char(':');
        diagnostic.kind = QStringLiteral("autogen");
        diagnostics->append(diagnostic);
        m_open = true;
        return true;
    }
    if (!m_open || diagnostics->isEmpty())
        return false;
    if (line.startsWith(QLatin1String("-- ")) || line.startsWith(QLatin1String("Call Stack"))) {
        m_open = false;
        return false;
    }
    continueMessage(line, &diagnostics->last());
    return true;
}

// Ninja stops before running anything when an input is missing. For the input of a resource
// file's generated source (a file a .qrc lists) that is AutoRcc's business: said at the .qrc,
// at the line that lists it. Otherwise the missing file is named, with what needs it.
bool CMakeMessageParser::addMissingInput(const QString &line, QList<Diagnostic> *diagnostics)
{
    static const QRegularExpression missing(
        QStringLiteral("^ninja: error: '(.+)', needed by '(.+)', missing and no known rule to make it$"));
    static const QRegularExpression generatedResource(QStringLiteral("_autogen/.*qrc_(.+)\\.cpp$"));
    const QRegularExpressionMatch match = missing.match(line);
    if (!match.hasMatch())
        return false;
    const QString input = resolve(match.captured(1), m_buildDirectory);
    Diagnostic diagnostic;
    diagnostic.severity = Diagnostic::Severity::Error;
    const QRegularExpressionMatch resource = generatedResource.match(match.captured(2));
    const QString qrc = resource.hasMatch() ? findSource(m_sourceDirectory, resource.captured(1) + QStringLiteral(".qrc")) : QString();
    if (!qrc.isEmpty()) {
        const QString listed = QDir(QFileInfo(qrc).absolutePath()).relativeFilePath(input);
        diagnostic.kind = QStringLiteral("autogen");
        diagnostic.file = qrc;
        diagnostic.line = lineContaining(qrc, listed);
        diagnostic.message = QStringLiteral("AutoRcc: %1 lists %2, which does not exist: add the file or remove its entry")
                                 .arg(QFileInfo(qrc).fileName(), listed);
    } else {
        diagnostic.kind = QStringLiteral("build");
        diagnostic.message = QStringLiteral("%1 does not exist, and %2 needs it: restore it, or remove it from the CMake file")
                                 .arg(input, match.captured(2));
    }
    diagnostics->append(diagnostic);
    m_open = false;
    return true;
}

// A line of the open message: its file ("SRC:/x.cpp"), a rule of dashes, the command that
// failed (left out: the file and the tool's output say it), or more text. uic and rcc give
// the line of their input ("uic: Error in line 4, column 24 : ...").
void CMakeMessageParser::continueMessage(const QString &line, Diagnostic *diagnostic)
{
    static const QRegularExpression dashes(QStringLiteral("^-+$"));
    static const QRegularExpression quotedPath(QStringLiteral("^\\s*\"(?:(SRC|BIN):)?(/[^\"]*)\"\\s*$"));
    static const QRegularExpression toolLine(QStringLiteral("^(?:uic|rcc|RCC)[: ].*?[Ll]ine:? (\\d+)"));
    const QString text = line.trimmed();
    if (dashes.match(text).hasMatch())
        return;
    if (text == QLatin1String("Command") || text == QLatin1String("Output")) {
        m_inCommand = text == QLatin1String("Command");
        return;
    }
    if (std::exchange(m_inCommand, false))
        return;
    const QRegularExpressionMatch toolMatch = toolLine.match(text);
    if (toolMatch.hasMatch() && diagnostic->line == 0)
        diagnostic->line = toolMatch.captured(1).toInt();
    const QRegularExpressionMatch path = quotedPath.match(line);
    if (path.hasMatch() && diagnostic->file.isEmpty()) {
        const QString base = path.captured(1) == QLatin1String("SRC")   ? m_sourceDirectory
                             : path.captured(1) == QLatin1String("BIN") ? m_buildDirectory
                                                                        : QString();
        diagnostic->file = base.isEmpty() ? QDir::cleanPath(path.captured(2)) : QDir::cleanPath(base + path.captured(2));
        return;
    }
    diagnostic->message += (diagnostic->message.isEmpty() ? QString() : QStringLiteral(" ")) + text;
    if (diagnostic->kind == QLatin1String("autogen") && diagnostic->line == 0 && !diagnostic->file.isEmpty())
        diagnostic->line = lineOfMacro(diagnostic->file, diagnostic->message);
}

void CMakeMessageParser::end()
{
    m_open = false;
    m_inCommand = false;
}

} // namespace Relive
