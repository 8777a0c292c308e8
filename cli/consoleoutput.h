#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QString>

/*! How a command prints its results: readable text, or one compact JSON object a line. */
enum class OutputFormat {
    Text,
    Json,
};

/*!
 * The CLI's only way to stdout and stderr. Every line is flushed at once: a script or an
 * editor that reads the output through a pipe must see each event as it happens.
 */
class ConsoleOutput
{
public:
    static void writeLine(const QString &line);
    static void writeJson(const QJsonObject &object);
    /*! One line on stderr: "relive-cli: <subject>: <reason>". */
    static void reportError(const QString &subject, const QString &reason);
    /*! One line on stderr: "relive-cli: <message>". */
    static void reportError(const QString &message);
};
