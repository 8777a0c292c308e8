// The text tool: a Qt Widgets app whose filters are plugins of its own interface (TextFilter).
// Built with Relive, its filters reload live, with their state, when their files change;
// without Relive (or with --no-relive) it loads them once with QPluginLoader, as any app does.
#include "textfilter.h"
#include "textwindow.h"

#ifdef TEXTTOOL_WITH_RELIVE
#include <relive/pluginagent.h>
#include <relive/pluginhost.h>
#endif

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPluginLoader>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <memory>

namespace {

// How the app loads plugins without Relive: once, and for good.
void loadPlainly(const QString &folder, TextWindow *window)
{
    const QFileInfoList files = QDir(folder).entryInfoList({QStringLiteral("*.so")}, QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        QPluginLoader loader(file.absoluteFilePath());
        const QString name = loader.metaData().value(QStringLiteral("MetaData")).toObject().value(QStringLiteral("Name")).toString();
        if (auto *filter = qobject_cast<TextFilter *>(loader.instance()))
            window->addFilter(name, filter);
        else
            std::fprintf(stderr, "texttool: %s: %s\n", qPrintable(file.fileName()), qPrintable(loader.errorString()));
    }
}

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("texttool"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Filters text with plugins; reloads them live with Relive."));
    parser.addHelpOption();
    const QCommandLineOption filters(QStringLiteral("filters"), QStringLiteral("The plugin folder."), QStringLiteral("dir"),
                                     QCoreApplication::applicationDirPath() + QStringLiteral("/filters"));
    const QCommandLineOption noRelive(QStringLiteral("no-relive"), QStringLiteral("Load the filters once, without Relive."));
    const QCommandLineOption apply(QStringLiteral("apply"), QStringLiteral("Print <text> through each filter, then quit."),
                                   QStringLiteral("text"));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Print <text> through each filter at every (re)load, with its state."),
                                   QStringLiteral("text"));
    parser.addOptions({filters, noRelive, apply, trace});
    parser.process(application);

    TextWindow window;
    bool withRelive = false;
#ifdef TEXTTOOL_WITH_RELIVE
    // After the window: destroyed first, so its last beforeUnload still finds the window.
    std::unique_ptr<Relive::PluginAgent> agent;
    if (!parser.isSet(noRelive)) {
        agent = std::make_unique<Relive::PluginAgent>(QStringLiteral(TextFilter_iid));
        Relive::PluginAgent *live = agent.get();
        agent->setHooks([&window](const QString &name, QObject *) { window.removeFilter(name); },
                        [&window, &parser, &trace, live](const QString &name, QObject *instance) {
                            window.addFilter(name, qobject_cast<TextFilter *>(instance));
                            if (!parser.isSet(trace))
                                return;
                            const QString result = window.apply(name, parser.value(trace));
                            const QJsonObject state = QJsonObject::fromVariantMap(live->host()->saveState(name));
                            say(QStringLiteral("%1 %2: %3 %4").arg(name).arg(live->generation(name)).arg(result,
                                QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact))));
                        });
        QObject::connect(agent.get(), &Relive::PluginAgent::loadFailed, [](const QString &name, const QString &error) {
            say(QStringLiteral("%1 refused: %2").arg(name, error));
        });
        QObject::connect(agent.get(), &Relive::PluginAgent::attachedBuildFailed, [](const QString &summary) {
            say(QStringLiteral("build failed, the filters did not change: %1").arg(summary));
        });
        agent->start(parser.value(filters));
        // Attach: relive-cli agents / watch DIR --attach texttool, and the Relive app, find it.
        if (!agent->listen())
            std::fprintf(stderr, "texttool: no attach socket: %s\n", qPrintable(agent->errorString()));
        else if (parser.isSet(trace))
            say(QStringLiteral("listening on %1").arg(agent->socketPath()));
        withRelive = true;
    }
#endif
    if (!withRelive)
        loadPlainly(parser.value(filters), &window);
    if (parser.isSet(apply)) {
        for (const QString &name : window.filterNames())
            say(QStringLiteral("%1: %2").arg(name, window.apply(name, parser.value(apply))));
        return 0;
    }
    window.show();
    return application.exec();
}
