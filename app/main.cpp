#include "mainwindow.h"
#include "recovery/crashsession.h"
#include "recovery/sessionstore.h"
#include "workspace/exampleworkspace.h"
#include "workspace/recentworkspaces.h"

#include "relive/pluginhost.h"
#include "relive/runtimefolder.h"
#include "relive/unixsignalwatcher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QIcon>
#include <QtGui/QScreen>
#include <QtWidgets/QApplication>

#include <cstdio>

using Relive::App::CrashSession;
using Relive::App::MainWindow;
namespace ExampleWorkspace = Relive::App::ExampleWorkspace;
namespace RecentWorkspaces = Relive::App::RecentWorkspaces;
namespace SessionStore = Relive::App::SessionStore;

namespace {

struct Options
{
    QCommandLineOption examples{QStringLiteral("examples"),
                                QStringLiteral("Open the example workspace (a writable copy in your data folder).")};
    QCommandLineOption restoreSession{QStringLiteral("restore-session"),
                                      QStringLiteral("Restore the session File → Restart saved in <file>."),
                                      QStringLiteral("file")};
    QCommandLineOption restoreFrom{QStringLiteral("restore-from"),
                                   QStringLiteral("Come back from a crash of the app whose runtime folder is <dir> (the "
                                                  "crash handler passes it): its plugins at their last good generation, "
                                                  "with their journaled state."),
                                   QStringLiteral("dir")};
    QCommandLineOption journalPeriod{QStringLiteral("journal-period"),
                                     QStringLiteral("Seconds between saves of the plugins' state and the session for "
                                                    "crash recovery, while they change (default 2)."),
                                     QStringLiteral("s"), QStringLiteral("2")};
};

void describe(QCommandLineParser *parser, const Options &options)
{
    parser->setApplicationDescription(QStringLiteral("Relive: edit, build and live-reload Qt plugins."));
    parser->addHelpOption();
    parser->addVersionOption();
    parser->addOptions({options.examples, options.restoreSession, options.restoreFrom, options.journalPeriod});
    parser->addPositionalArgument(QStringLiteral("workspace"),
                                  QStringLiteral("The plugin workspace: a CMake project whose plugins use relive_add_plugin()."));
}

// What --version says, and what names the settings and the data folders.
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("relive"));
    QCoreApplication::setOrganizationName(QStringLiteral("Relive"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELIVE_VERSION_STRING));
}

// --help and --version answer without a display: a QApplication aborts where there is none.
// A command line that does not parse is left to the QApplication, as it always was: it may hold
// Qt's own options (-platform, -style), which only a QApplication takes out. --help-all too: it
// lists those options.
void answerWithoutDisplay(int argc, char *argv[], const Options &options)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    describe(&parser, options);
    if (!parser.parse(arguments) || !(parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))))
        return;
    QCoreApplication app(argc, argv); // the help's program name; it needs no display
    setIdentity();
    parser.process(app); // prints the answer and exits
}

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

// The session File → Restart saved, else the start workspace.
void openStartWorkspace(MainWindow *window, CrashSession *crash, const QCommandLineParser &parser, const Options &options)
{
    QString error;
    if (parser.isSet(options.restoreSession)) {
        const QJsonObject session = SessionStore::take(parser.value(options.restoreSession), &error);
        if (!session.isEmpty()) {
            window->restoreSessionState(session);
            crash->saveNow(); // a crash soon after comes back to this session, not to an empty one
        }
    } else {
        const QString workspace = startWorkspace(parser, options.examples, &error);
        if (!workspace.isEmpty())
            window->openWorkspace(workspace);
    }
    if (!error.isEmpty())
        std::fprintf(stderr, "relive: %s\n", qPrintable(error));
}

// After a crash: the plugins of the process that crashed, back at their last good generation.
// False when Relive's own crash repeated: do not go on.
bool restoreAfterCrash(MainWindow *window, CrashSession *crash, const QString &previousFolder)
{
    const Relive::CrashRecovery::Outcome outcome = crash->restore(previousFolder);
    for (const QString &message : outcome.messages)
        std::fprintf(stderr, "relive: %s\n", qPrintable(message));
    window->showCrashRecovery(outcome.event, outcome.messages);
    return !outcome.stop;
}

} // namespace

int main(int argc, char *argv[])
{
    const Options options;
    answerWithoutDisplay(argc, argv, options);

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Relive"));
    // The installed desktop file's id: Wayland's app id, and how the taskbar finds the icon.
    QGuiApplication::setDesktopFileName(QStringLiteral(RELIVE_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(RELIVE_APP_ID),
                                                 QIcon(QStringLiteral(":/icons/relive.png"))));
    QCommandLineParser parser;
    describe(&parser, options);
    parser.process(app);

    Relive::PluginHost host;
    if (!host.runtimeFolder().isValid()) {
        std::fprintf(stderr, "relive: %s\n", qPrintable(host.runtimeFolder().errorString()));
        return 1;
    }
    MainWindow window(&host);
    window.fitToScreen(window.screen()->availableGeometry()); // a laptop at QT_SCALE_FACTOR=1.5 too
    window.show();
    // A crash re-executes this program, which comes back with the session and the plugins.
    CrashSession crash(&host, [&window] { return window.sessionState(); });
    bool periodOk = false;
    const double periodSeconds = parser.value(options.journalPeriod).toDouble(&periodOk);
    if (!periodOk || periodSeconds <= 0) {
        std::fprintf(stderr, "relive: --journal-period wants a number of seconds above 0, not '%s'\n",
                     qPrintable(parser.value(options.journalPeriod)));
        return 2;
    }
    QString crashError;
    if (!crash.install(QCoreApplication::applicationFilePath(), qMax(10, int(periodSeconds * 1000)), &crashError))
        std::fprintf(stderr, "relive: a crash will end the app: %s\n", qPrintable(crashError));
    // Unload plugins and remove the runtime folder on Ctrl+C too, also while the start workspace
    // opens (a SIGTERM there ended the app before it recorded the workspace as the last one).
    Relive::UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Relive::UnixSignalWatcher::terminationRequested, &app, &QApplication::quit);
    openStartWorkspace(&window, &crash, parser, options);
    if (parser.isSet(options.restoreFrom) && !restoreAfterCrash(&window, &crash, parser.value(options.restoreFrom))) {
        host.unloadAll();
        return 1;
    }
    const int status = app.exec();
    host.unloadAll(); // while the window, and so the plugin widgets, still exist
    return status;
}
