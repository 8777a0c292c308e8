#include "shellcommand.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>

bool ShellCommand::compileCommandOf(const QString &buildFolder, const QString &file, QString *command, QString *directory)
{
    QFile database(buildFolder + QStringLiteral("/compile_commands.json"));
    if (!database.open(QIODevice::ReadOnly))
        return false;
    const QFileInfo edited(file);
    for (const QJsonValue &value : QJsonDocument::fromJson(database.readAll()).array()) {
        const QJsonObject entry = value.toObject();
        if (QFileInfo(entry.value(QStringLiteral("file")).toString()).canonicalFilePath() != edited.canonicalFilePath())
            continue;
        QStringList words = entry.value(QStringLiteral("command")).toString().split(QLatin1Char(' '));
        if (QFileInfo(words.value(0)).fileName() == QLatin1String("ccache"))
            words.removeFirst();
        *command = words.join(QLatin1Char(' '));
        *directory = entry.value(QStringLiteral("directory")).toString();
        return true;
    }
    return false;
}

bool ShellCommand::run(const QString &command, const QString &directory, int timeoutMs)
{
    QProcess shell;
    shell.setWorkingDirectory(directory);
    shell.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    shell.setStandardOutputFile(QProcess::nullDevice());
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    return shell.waitForFinished(timeoutMs) && shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0;
}
