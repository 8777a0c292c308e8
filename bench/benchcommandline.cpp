#include "benchcommandline.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

#include <cstdio>
#include <cstdlib>

namespace BenchCommandLine {

void useOffscreenByDefault()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

QString processWithPlugin(QCommandLineParser &parser, const QCoreApplication &app)
{
    parser.addPositionalArgument(QStringLiteral("plugin"), QStringLiteral("A built Relive plugin (.so)."));
    parser.process(app);
    const QString plugin = parser.positionalArguments().value(0);
    if (!QFileInfo(plugin).isFile()) {
        std::fprintf(stderr, "%s: give a built plugin file\n", qPrintable(QCoreApplication::applicationName()));
        std::exit(2);
    }
    return plugin;
}

} // namespace BenchCommandLine
