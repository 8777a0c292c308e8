#include "mainwindow.h"

#include "relive/artifactreloader.h"
#include "relive/pluginhost.h"
#include "relive/runtimefolder.h"
#include "relive/unixsignalwatcher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtWidgets/QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("relive"));
    QApplication::setOrganizationName(QStringLiteral("Relive"));
    QApplication::setApplicationVersion(QStringLiteral(RELIVE_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Relive: edit, build and live-reload Qt plugins."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption pluginDir(QStringLiteral("plugin-dir"),
                                       QStringLiteral("Load and watch the built plugins in <dir>."),
                                       QStringLiteral("dir"));
    parser.addOption(pluginDir);
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("The plugin workspace (a CMake project)."));
    parser.process(app);

    const QString workspace = parser.positionalArguments().value(0, QDir::currentPath());
    Relive::PluginHost host;
    if (!host.runtimeFolder().isValid()) {
        std::fprintf(stderr, "relive: %s\n", qPrintable(host.runtimeFolder().errorString()));
        return 1;
    }
    Relive::ArtifactReloader reloader(&host);
    MainWindow window(&host, QDir(workspace).absolutePath());
    window.show();
    if (parser.isSet(pluginDir))
        reloader.addFolder(parser.value(pluginDir));

    // Unload plugins and remove the runtime folder on Ctrl+C too.
    Relive::UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Relive::UnixSignalWatcher::terminationRequested, &app, &QApplication::quit);
    const int status = app.exec();
    host.unloadAll(); // while the window, and so the plugin widgets, still exist
    return status;
}
