#include "workspace/pluginsources.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace Relive::App {

QStringList PluginSources::of(const QString &buildDirectory, const QString &artifactPath)
{
    QFile database(buildDirectory + QStringLiteral("/compile_commands.json"));
    if (!database.open(QIODevice::ReadOnly))
        return {};
    const QString objectFolder = QStringLiteral("CMakeFiles/%1.dir/").arg(QFileInfo(artifactPath).completeBaseName());
    const QString build = QDir(buildDirectory).canonicalPath() + QLatin1Char('/');
    QStringList sources;
    const QJsonArray entries = QJsonDocument::fromJson(database.readAll()).array();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        // "output" exists from CMake 3.20 on some generators only; the command always names it.
        const QString output = entry.value(QStringLiteral("output")).toString() + QLatin1Char(' ')
            + entry.value(QStringLiteral("command")).toString();
        const QString file = QDir(entry.value(QStringLiteral("directory")).toString())
                                 .absoluteFilePath(entry.value(QStringLiteral("file")).toString());
        const QString canonical = QFileInfo(file).canonicalFilePath();
        if (output.contains(objectFolder) && !canonical.isEmpty() && !canonical.startsWith(build)
            && !sources.contains(canonical))
            sources.append(canonical);
    }
    return sources;
}

} // namespace Relive::App
