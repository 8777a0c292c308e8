#include "workspace/plugintemplate.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>

// Outside any namespace, as Q_INIT_RESOURCE must be (an unnamed one too). The templates are
// resources of the static library relive-app, which a program links only if something refers
// to them. Registering them again is a no-op.
static void initTemplateResources()
{
    Q_INIT_RESOURCE(plugintemplates);
}

namespace Relive::App {

PluginTemplate::PluginTemplate(const QString &workspace)
    : m_workspace(workspace)
{
}

QString PluginTemplate::nameProblem(const QString &name)
{
    if (name.isEmpty())
        return tr("Give the plugin a name.");
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_]{0,40}$"));
    if (!valid.match(name).hasMatch())
        return tr("Use lower case letters, digits and underscores, starting with a letter (it names a CMake target and a folder).");
    return QString();
}

bool PluginTemplate::create(const QString &name)
{
    m_error = nameProblem(name);
    if (!m_error.isEmpty())
        return false;
    const QString workspaceCMake = m_workspace + QStringLiteral("/CMakeLists.txt");
    QFile cmake(workspaceCMake);
    if (!cmake.open(QIODevice::ReadOnly)) {
        m_error = tr("%1 cannot be read: is this a workspace?").arg(workspaceCMake);
        return false;
    }
    QString listing = QString::fromUtf8(cmake.readAll());
    cmake.close();
    const QString folder = m_workspace + QLatin1Char('/') + name;
    if (QFileInfo::exists(folder)) {
        m_error = tr("%1 already exists: choose another name.").arg(folder);
        return false;
    }
    m_sourcePath = folder + QStringLiteral("/%1plugin.cpp").arg(name);
    if (!QDir().mkpath(folder)) {
        m_error = tr("Cannot create %1: check that the workspace is writable.").arg(folder);
        return false;
    }
    if (!writeFromTemplate(QStringLiteral(":/templates/plugin.h.in"), folder + QStringLiteral("/%1plugin.h").arg(name), name)
        || !writeFromTemplate(QStringLiteral(":/templates/plugin.cpp.in"), m_sourcePath, name)
        || !writeFromTemplate(QStringLiteral(":/templates/plugin.json.in"), folder + QStringLiteral("/%1.json").arg(name), name)
        || !writeFromTemplate(QStringLiteral(":/templates/CMakeLists.txt.in"), folder + QStringLiteral("/CMakeLists.txt"), name))
        return false;
    // Last, so a half-written plugin is never part of the build.
    if (!listing.endsWith(QLatin1Char('\n')))
        listing += QLatin1Char('\n');
    return write(workspaceCMake, listing + QStringLiteral("add_subdirectory(%1)\n").arg(name));
}

QString PluginTemplate::errorString() const
{
    return m_error;
}

QString PluginTemplate::sourcePath() const
{
    return m_sourcePath;
}

// @NAME@ is the plugin's folder and target name, @CLASS@ its class name.
QString PluginTemplate::fill(QString text, const QString &name)
{
    return text.replace(QStringLiteral("@NAME@"), name).replace(QStringLiteral("@CLASS@"), className(name));
}

bool PluginTemplate::writeFromTemplate(const QString &resource, const QString &path, const QString &name)
{
    initTemplateResources();
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("The plugin template %1 is missing from this build of Relive: %2").arg(resource, file.errorString());
        return false;
    }
    return write(path, fill(QString::fromUtf8(file.readAll()), name));
}

bool PluginTemplate::write(const QString &path, const QString &content)
{
    QString reason;
    if (Relive::writeFileAtomically(path, content.toUtf8(), &reason))
        return true;
    m_error = tr("Cannot write %1: %2").arg(path, reason);
    return false;
}

QString PluginTemplate::className(const QString &name)
{
    QString result;
    bool upper = true;
    for (const QChar c : name) {
        if (c == QLatin1Char('_')) {
            upper = true;
            continue;
        }
        result += upper ? c.toUpper() : c;
        upper = false;
    }
    return result + QStringLiteral("Plugin");
}

} // namespace Relive::App
