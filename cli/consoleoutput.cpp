#include "consoleoutput.h"

#include <QtCore/QJsonDocument>

#include <cstdio>

namespace {

void writeTo(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

} // namespace

void ConsoleOutput::writeLine(const QString &line)
{
    writeTo(stdout, line.toLocal8Bit());
}

void ConsoleOutput::writeJson(const QJsonObject &object)
{
    // UTF-8 regardless of the locale: JSON consumers expect it.
    writeTo(stdout, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void ConsoleOutput::reportError(const QString &subject, const QString &reason)
{
    // Core errors often start with the file's name ("x.so: ...", "x.so cannot ..."): say it once.
    QString text = reason;
    if (text.startsWith(subject + QLatin1Char(':')) || text.startsWith(subject + QLatin1Char(' ')))
        text = text.mid(subject.size() + 1).trimmed();
    reportError(QStringLiteral("%1: %2").arg(subject, text));
}

void ConsoleOutput::reportError(const QString &message)
{
    writeTo(stderr, QStringLiteral("relive-cli: %1").arg(message).toLocal8Bit());
}
