#include "headlessapplication.h"

#include <QtCore/QLoggingCategory>
#include <QtWidgets/QApplication>

namespace {

QtMessageHandler previousMessageHandler = nullptr;

// The offscreen platform warns about every window with a minimum size. That is neither the
// plugin's fault nor news, and it would come again on every reload (and in a probe's output).
void dropOffscreenNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message == QLatin1String("This plugin does not support propagateSizeHints()"))
        return;
    if (previousMessageHandler)
        previousMessageHandler(type, context, message);
}

} // namespace

std::unique_ptr<QCoreApplication> HeadlessApplication::create(int &argc, char **argv, bool widgets)
{
    std::unique_ptr<QCoreApplication> application;
    if (widgets) {
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qgetenv("QT_QPA_PLATFORM") == "offscreen")
            previousMessageHandler = qInstallMessageHandler(dropOffscreenNoise);
        auto *widgetApplication = new QApplication(argc, argv);
        // A closed plugin window must not end a watch without the ordered unload.
        widgetApplication->setQuitOnLastWindowClosed(false);
        application.reset(widgetApplication);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QLoggingCategory::setFilterRules(QStringLiteral("qt.core.plugin.loader.warning=false"));
    return application;
}
