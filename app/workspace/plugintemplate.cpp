#include "workspace/plugintemplate.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
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

QString PluginTemplate::classNameProblem(const QString &className)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z][A-Za-z0-9_]{0,80}$"));
    if (!identifier.match(className).hasMatch())
        return tr("The class name must be a C++ identifier: letters, digits and underscores, starting with a letter.");
    return QString();
}

QString PluginTemplate::problem(const Options &options) const
{
    QString problem = nameProblem(options.name);
    if (problem.isEmpty() && !options.className.isEmpty())
        problem = classNameProblem(options.className);
    if (problem.isEmpty() && QFileInfo::exists(m_workspace + QLatin1Char('/') + options.name))
        problem = tr("%1 already exists in the workspace: choose another name.").arg(options.name);
    return problem;
}

QList<PluginTemplate::File> PluginTemplate::files(const Options &options) const
{
    initTemplateResources();
    const QString &name = options.name;
    // The QtCore template has a header, a source and a CMakeLists.txt of its own; the JSON is shared.
    const QString own = options.kind == Kind::QtCore ? QStringLiteral(":/templates/qtcore/") : QStringLiteral(":/templates/");
    const QList<File> templates = {
        {QStringLiteral("%1/%1plugin.h").arg(name), own + QStringLiteral("plugin.h.in")},
        {QStringLiteral("%1/%1plugin.cpp").arg(name), own + QStringLiteral("plugin.cpp.in")},
        {QStringLiteral("%1/%1.json").arg(name), QStringLiteral(":/templates/plugin.json.in")},
        {QStringLiteral("%1/CMakeLists.txt").arg(name), own + QStringLiteral("CMakeLists.txt.in")},
    };
    QList<File> result;
    for (const File &file : templates) {
        QFile resource(file.second);
        if (resource.open(QIODevice::ReadOnly))
            result.append({file.first, fill(QString::fromUtf8(resource.readAll()), options)});
    }
    return result;
}

bool PluginTemplate::create(const QString &name)
{
    return create(Options{name, QString(), QString(), QString()});
}

bool PluginTemplate::create(const Options &options)
{
    m_error = problem(options);
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
    const QString folder = m_workspace + QLatin1Char('/') + options.name;
    const QList<File> made = files(options);
    if (made.size() != 4) {
        m_error = tr("The plugin templates are missing from this build of Relive.");
        return false;
    }
    if (!QDir().mkpath(folder)) {
        m_error = tr("Cannot create %1: check that the workspace is writable.").arg(folder);
        return false;
    }
    for (const File &file : made) {
        if (!write(m_workspace + QLatin1Char('/') + file.first, file.second))
            return false;
    }
    m_sourcePath = m_workspace + QLatin1Char('/') + made.at(1).first;
    // Last, so a half-written plugin is never part of the build.
    if (!listing.endsWith(QLatin1Char('\n')))
        listing += QLatin1Char('\n');
    return write(workspaceCMake, listing + QStringLiteral("add_subdirectory(%1)\n").arg(options.name));
}

QString PluginTemplate::errorString() const
{
    return m_error;
}

QString PluginTemplate::sourcePath() const
{
    return m_sourcePath;
}

// @NAME@ is the plugin's folder and target name, @CLASS@ its class name; @VENDOR@ and
// @DESCRIPTION@ become JSON strings.
QString PluginTemplate::fill(QString text, const Options &options)
{
    const auto json = [](const QString &value) {
        const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(array.mid(1, array.size() - 2)); // without [ ]
    };
    const QString className = options.className.isEmpty() ? defaultClassName(options.name) : options.className;
    const QString description = options.description.isEmpty() ? tr("A new live plugin") : options.description;
    return text.replace(QStringLiteral("@NAME@"), options.name)
        .replace(QStringLiteral("@CLASS@"), className)
        .replace(QStringLiteral("@VENDOR@"), json(options.vendor))
        .replace(QStringLiteral("@DESCRIPTION@"), json(description));
}

bool PluginTemplate::write(const QString &path, const QString &content)
{
    QString reason;
    if (Relive::writeFileAtomically(path, content.toUtf8(), &reason))
        return true;
    m_error = tr("Cannot write %1: %2").arg(path, reason);
    return false;
}

QString PluginTemplate::defaultClassName(const QString &name)
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
