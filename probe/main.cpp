// relive-probe: the trial run of a plugin for a Relive host, in a process of its own, before the
// host lets any of the plugin's code run (Relive::PluginProbe starts it). Not for people: the
// same trial by hand is `relive-cli probe FILE`.

#include "headlessapplication.h"
#include "probeprotocol.h"
#include "probeserver.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    const auto application = HeadlessApplication::create(argc, argv, true);
    QCoreApplication::setApplicationName(QStringLiteral("relive-probe"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELIVE_PROBE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Trial-load a plugin for a Relive host: restore the state read from stdin as {\"state\": {...}}, "
                       "create the widget, save, unload. Relive runs this before it loads a new generation."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString serveOption = Relive::ProbeProtocol::text(Relive::ProbeProtocol::serveOption);
    parser.addOption({serveOption, QStringLiteral("Warm up, then read {\"file\": ..., \"state\": ...} as one line from stdin.")});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The plugin file (.so)."), QStringLiteral("FILE"));
    parser.process(*application);

    const QStringList files = parser.positionalArguments();
    const bool serving = parser.isSet(serveOption);
    if (files.size() != (serving ? 0 : 1)) {
        std::fprintf(stderr, "relive-probe: give one plugin file, or --serve and none\n");
        return 2;
    }
    return ProbeServer().run(serving ? QString() : files.constFirst());
}
