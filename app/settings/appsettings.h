#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * Every setting the app keeps, in one place, typed and with its default (QSettings, so in
 * ~/.config/Relive/relive.conf on Linux). The keys are the ones earlier versions wrote, so a
 * user's settings still load; they are named at each getter.
 */
namespace AppSettings {

/*! window/geometry: the main window's size and place (QMainWindow::saveGeometry()). */
QByteArray windowGeometry();
void setWindowGeometry(const QByteArray &geometry);
/*! window/state: where the docks are (QMainWindow::saveState()). */
QByteArray windowLayout();
void setWindowLayout(const QByteArray &layout);

/*! build/onSave: saving a file builds and reloads (Build → Reload on Save); true by default. */
bool buildOnSave();
void setBuildOnSave(bool enabled);

/*! build/whileTyping: a pause in typing builds the unsaved text (Build → Build While Typing); true by default. */
bool buildWhileTyping();
void setBuildWhileTyping(bool enabled);

/*! build/probe: a new generation is tried in a child process before it loads; true by default. */
bool probeEnabled();
void setProbeEnabled(bool enabled);
/*! build/probeTimeoutSeconds: how long that trial may take, kept within 1 to 600 s; 10 s by default. */
int probeTimeoutMs();
void setProbeTimeoutSeconds(int seconds);

/*!
 * build/compilerLauncher: what the workspace builds compile through (Build → Compiler
 * Launcher): "auto" (the default), "none", a program name or a path.
 */
QString compilerLauncher();
void setCompilerLauncher(const QString &launcher);

/*! editor/font: the editors' font (QFont::toString()); empty: the system's fixed-pitch font. */
QString editorFont();
void setEditorFont(const QString &font);
/*! editor/tabWidth: columns per tab and per indentation level, kept within 1 to 16; 4 by default. */
int editorTabWidth();
void setEditorTabWidth(int columns);
/*! editor/indentWithSpaces: Tab and auto-indent insert spaces (true, the default) or tabs. */
bool editorIndentWithSpaces();
void setEditorIndentWithSpaces(bool spaces);
/*! editor/theme: the highlighting theme's name; empty (the default) follows the window's palette. */
QString editorTheme();
void setEditorTheme(const QString &theme);

/*! workspaces/recent: the workspaces opened lately, newest first (RecentWorkspaces). */
QStringList recentWorkspaces();
void setRecentWorkspaces(const QStringList &workspaces);

/*! workspaces/trusted: the canonical paths of the workspaces the user trusted (WorkspaceTrust). */
QStringList trustedWorkspaces();
void setTrustedWorkspaces(const QStringList &workspaces);

} // namespace AppSettings

} // namespace Relive::App
