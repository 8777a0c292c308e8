#include "settings/appsettings.h"

#include <QtCore/QSettings>

namespace Relive::App {

namespace {
const QString WindowGeometryKey = QStringLiteral("window/geometry");
const QString WindowLayoutKey = QStringLiteral("window/state");
const QString BuildOnSaveKey = QStringLiteral("build/onSave");
const QString BuildWhileTypingKey = QStringLiteral("build/whileTyping");
const QString ProbeKey = QStringLiteral("build/probe");
const QString ProbeTimeoutKey = QStringLiteral("build/probeTimeoutSeconds");
const QString CompilerLauncherKey = QStringLiteral("build/compilerLauncher");
const QString EditorFontKey = QStringLiteral("editor/font");
const QString EditorTabWidthKey = QStringLiteral("editor/tabWidth");
const QString EditorIndentKey = QStringLiteral("editor/indentWithSpaces");
const QString EditorThemeKey = QStringLiteral("editor/theme");
const QString RecentWorkspacesKey = QStringLiteral("workspaces/recent");
const QString TrustedWorkspacesKey = QStringLiteral("workspaces/trusted");

QVariant value(const QString &key, const QVariant &defaultValue = QVariant())
{
    return QSettings().value(key, defaultValue);
}

void setValue(const QString &key, const QVariant &value)
{
    QSettings().setValue(key, value);
}
} // namespace

QByteArray AppSettings::windowGeometry()
{
    return value(WindowGeometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    setValue(WindowGeometryKey, geometry);
}

QByteArray AppSettings::windowLayout()
{
    return value(WindowLayoutKey).toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray &layout)
{
    setValue(WindowLayoutKey, layout);
}

bool AppSettings::buildOnSave()
{
    return value(BuildOnSaveKey, true).toBool();
}

void AppSettings::setBuildOnSave(bool enabled)
{
    setValue(BuildOnSaveKey, enabled);
}

bool AppSettings::buildWhileTyping()
{
    return value(BuildWhileTypingKey, true).toBool();
}

void AppSettings::setBuildWhileTyping(bool enabled)
{
    setValue(BuildWhileTypingKey, enabled);
}

bool AppSettings::probeEnabled()
{
    return value(ProbeKey, true).toBool();
}

void AppSettings::setProbeEnabled(bool enabled)
{
    setValue(ProbeKey, enabled);
}

int AppSettings::probeTimeoutMs()
{
    // Seconds, as a user would edit them in the file; a fraction is allowed there.
    return int(qBound(1.0, value(ProbeTimeoutKey, 10.0).toDouble(), 600.0) * 1000);
}

void AppSettings::setProbeTimeoutSeconds(int seconds)
{
    setValue(ProbeTimeoutKey, seconds);
}

QString AppSettings::compilerLauncher()
{
    return value(CompilerLauncherKey, QStringLiteral("auto")).toString();
}

void AppSettings::setCompilerLauncher(const QString &launcher)
{
    setValue(CompilerLauncherKey, launcher);
}

QString AppSettings::editorFont()
{
    return value(EditorFontKey).toString();
}

void AppSettings::setEditorFont(const QString &font)
{
    setValue(EditorFontKey, font);
}

int AppSettings::editorTabWidth()
{
    return qBound(1, value(EditorTabWidthKey, 4).toInt(), 16);
}

void AppSettings::setEditorTabWidth(int columns)
{
    setValue(EditorTabWidthKey, columns);
}

bool AppSettings::editorIndentWithSpaces()
{
    return value(EditorIndentKey, true).toBool();
}

void AppSettings::setEditorIndentWithSpaces(bool spaces)
{
    setValue(EditorIndentKey, spaces);
}

QString AppSettings::editorTheme()
{
    return value(EditorThemeKey).toString();
}

void AppSettings::setEditorTheme(const QString &theme)
{
    setValue(EditorThemeKey, theme);
}

QStringList AppSettings::recentWorkspaces()
{
    return value(RecentWorkspacesKey).toStringList();
}

void AppSettings::setRecentWorkspaces(const QStringList &workspaces)
{
    setValue(RecentWorkspacesKey, workspaces);
}

QStringList AppSettings::trustedWorkspaces()
{
    return value(TrustedWorkspacesKey).toStringList();
}

void AppSettings::setTrustedWorkspaces(const QStringList &workspaces)
{
    setValue(TrustedWorkspacesKey, workspaces);
}

} // namespace Relive::App
