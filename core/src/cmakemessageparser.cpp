#include "cmakemessageparser_p.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>

namespace Relive {

namespace {

// The 1-based line of the first of \a macros in \a path, 0 if none.
int lineOfMacro(const QString &path, const QString &message)
{
    static const QRegularExpression macro(QStringLiteral("\"(Q_OBJECT|Q_GADGET|Q_NAMESPACE|Q_PLUGIN_METADATA)\""));
    const QRegularExpressionMatch named = macro.match(message);
    QFile file(path);
    if (!named.hasMatch() || !file.open(QIODevice::ReadOnly))
        return 0;
    const QRegularExpression use(QStringLiteral("\\b%1\\b").arg(named.captured(1)));
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        if (use.match(QString::fromUtf8(file.readLine())).hasMatch())
            return number;
    }
    return 0;
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
    static const QRegularExpression autogen(QStringLiteral("^(AutoMoc|AutoUic|AutoRcc|AutoGen) (error|warning)$"));
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

// A line of the open message: its file ("SRC:/x.cpp"), a rule of dashes, or more text.
void CMakeMessageParser::continueMessage(const QString &line, Diagnostic *diagnostic)
{
    static const QRegularExpression dashes(QStringLiteral("^-+$"));
    static const QRegularExpression quotedPath(QStringLiteral("^\\s*\"(?:(SRC|BIN):)?(/[^\"]*)\"\\s*$"));
    const QString text = line.trimmed();
    if (dashes.match(text).hasMatch())
        return;
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
}

} // namespace Relive
