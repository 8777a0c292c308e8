#include "workspace/plugintemplate.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QSaveFile>

namespace Relive::App {

namespace {

// @NAME@ is the plugin's folder and target name, @CLASS@ its class name.
const char headerTemplate[] = R"(#pragma once

#include <relive/liveplugin.h>

#include <QtCore/QObject>

class @CLASS@ : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "@NAME@.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    QWidget *createWidget(QWidget *parent) override;
    QVariantMap saveState() const override;
    void restoreState(const QVariantMap &state) override;

private:
    int m_clicks = 0; // kept across reloads through saveState()/restoreState()
};
)";

const char sourceTemplate[] = R"(#include "@NAME@plugin.h"

#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

QWidget *@CLASS@::createWidget(QWidget *parent)
{
    auto *widget = new QWidget(parent);
    auto *layout = new QVBoxLayout(widget);
    auto *label = new QLabel(widget);
    auto *button = new QPushButton(QStringLiteral("Click me"), widget);
    const auto update = [this, label] { label->setText(QStringLiteral("Clicked %1 times").arg(m_clicks)); };
    QObject::connect(button, &QPushButton::clicked, widget, [this, update] { ++m_clicks; update(); });
    update();
    layout->addWidget(label);
    layout->addWidget(button);
    layout->addStretch();
    return widget;
}

QVariantMap @CLASS@::saveState() const
{
    return {{QStringLiteral("clicks"), m_clicks}};
}

void @CLASS@::restoreState(const QVariantMap &state)
{
    m_clicks = state.value(QStringLiteral("clicks")).toInt();
}
)";

const char metadataTemplate[] = R"({
    "Name": "@NAME@",
    "Version": "0.1.0",
    "Description": "A new live plugin"
}
)";

const char cmakeTemplate[] = R"(relive_add_plugin(@NAME@
  SOURCES @NAME@plugin.h @NAME@plugin.cpp
  METADATA @NAME@.json)
)";

} // namespace

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
    if (!write(folder + QStringLiteral("/%1plugin.h").arg(name), fill(headerTemplate, name))
        || !write(m_sourcePath, fill(sourceTemplate, name))
        || !write(folder + QStringLiteral("/%1.json").arg(name), fill(metadataTemplate, name))
        || !write(folder + QStringLiteral("/CMakeLists.txt"), fill(cmakeTemplate, name)))
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

QString PluginTemplate::fill(const char *text, const QString &name)
{
    return QString::fromUtf8(text).replace(QStringLiteral("@NAME@"), name).replace(QStringLiteral("@CLASS@"), className(name));
}

bool PluginTemplate::write(const QString &path, const QString &content)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(content.toUtf8()) >= 0 && file.commit())
        return true;
    m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
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
