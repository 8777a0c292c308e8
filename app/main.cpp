#include "workspace/exampleworkspace.h"
#include "mainwindow.h"
#include "workspace/recentworkspaces.h"
#include "recovery/restartsession.h"

#include "relive/pluginhost.h"
#include "relive/runtimefolder.h"
#include "relive/unixsignalwatcher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QIcon>
#include <QtWidgets/QApplication>

#include <cstdio>

namespace ExampleWorkspace = Relive::App::ExampleWorkspace;
using Relive::App::MainWindow;
namespace RecentWorkspaces = Relive::App::RecentWorkspaces;
namespace RestartSession = Relive::App::RestartSession;

namespace {

// The command line's workspace, else the last one used, else the examples (first run).
QString startWorkspace(const QCommandLineParser &parser, const QCommandLineOption &examples, QString *error)
{
    if (!parser.positionalArguments().isEmpty())
        return QDir(parser.positionalArguments().constFirst()).absolutePath();
    if (!parser.isSet(examples)) {
        for (const QString &recent : RecentWorkspaces::list()) {
            if (QFileInfo::exists(recent + QStringLiteral("/CMakeLists.txt")))
                return recent;
        }
    }
    return ExampleWorkspace::prepare(error);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("relive"));
    QApplication::setApplicationDisplayName(QStringLiteral("Relive"));
    QApplication::setOrganizationName(QStringLiteral("Relive"));
    QApplication::setApplicationVersion(QStringLiteral(RELIVE_VERSION_STRING));
    // The installed desktop file's id: Wayland's app id, and how the taskbar finds the icon.
    QGuiApplication::setDesktopFileName(QStringLiteral(RELIVE_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(RELIVE_APP_ID),
                                                 QIcon(QStringLiteral(":/icons/relive.png"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Relive: edit, build and live-reload Qt plugins."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption examples(QStringLiteral("examples"),
                                      QStringLiteral("Open the example workspace (a writable copy in your data folder)."));
    const QCommandLineOption restoreSession(QStringLiteral("restore-session"),
                                            QStringLiteral("Restore the session File → Restart saved in <file>."),
                                            QStringLiteral("file"));
    parser.addOptions({examples, restoreSession});
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QStringLiteral("The plugin workspace: a CMake project whose plugins use relive_add_plugin()."));
    parser.process(app);

    Relive::PluginHost host;
    if (!host.runtimeFolder().isValid()) {
        std::fprintf(stderr, "relive: %s\n", qPrintable(host.runtimeFolder().errorString()));
        return 1;
    }
    MainWindow window(&host);
    window.show();
    QString error;
    if (parser.isSet(restoreSession)) {
        const QJsonObject session = RestartSession::take(parser.value(restoreSession), &error);
        if (!session.isEmpty())
            window.restoreSessionState(session);
    } else {
        const QString workspace = startWorkspace(parser, examples, &error);
        if (!workspace.isEmpty())
            window.openWorkspace(workspace);
    }
    if (!error.isEmpty())
        std::fprintf(stderr, "relive: %s\n", qPrintable(error));

    // Unload plugins and remove the runtime folder on Ctrl+C too.
    Relive::UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Relive::UnixSignalWatcher::terminationRequested, &app, &QApplication::quit);
    const int status = app.exec();
    host.unloadAll(); // while the window, and so the plugin widgets, still exist
    return status;
}
