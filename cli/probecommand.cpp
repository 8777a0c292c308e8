#include "probecommand.h"

#include "consoleoutput.h"
#include "pluginwidgets.h"

#include <relive/pluginhost.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QLabel>

#include <cstdio>

namespace {

// Each line must reach the parent before the plugin code that may kill this process runs.
void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void step(const char *name)
{
    say(QByteArray("step ") + name);
}

int refuse(const QString &message)
{
    say("error " + message.toUtf8());
    return 1;
}

// What a cold probe spends most of its time on, done before the file is known.
void warmUp()
{
    QLabel label(QStringLiteral("Relive probe"));
    label.show();
    label.grab(); // renders text: loads the platform's fonts
    QCoreApplication::processEvents();
}

} // namespace

int ProbeCommand::run(const QString &fileArgument) const
{
    const bool serving = fileArgument.isEmpty();
    if (serving)
        warmUp();
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return refuse(QStringLiteral("cannot read the request from stdin"));
    // A served request is one line: the parent may keep stdin open.
    const QByteArray bytes = serving ? input.readLine() : input.readAll();
    if (serving && bytes.isEmpty())
        return 0; // the parent went away, or dropped the spare
    QJsonParseError parseError;
    const QJsonDocument request = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !request.isObject())
        return refuse(QStringLiteral("the request on stdin is not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject object = request.object();
    const QString file = serving ? object.value(QStringLiteral("file")).toString() : fileArgument;
    if (file.isEmpty())
        return refuse(QStringLiteral("the request names no \"file\""));

    QFile plugin(file);
    if (plugin.open(QIODevice::ReadOnly))
        say("sha256 " + QCryptographicHash::hash(plugin.readAll(), QCryptographicHash::Sha256).toHex());
    plugin.close();

    Relive::PluginHost host;
    PluginWidgets widgets(&host); // after the host: gone before the host unloads on destruction
    step("load");
    if (!host.load(file))
        return refuse(host.errorString());
    const QString name = host.pluginLoadedFrom(file);

    QString error;
    if (object.contains(QStringLiteral("state"))) {
        step("restoreState");
        if (!host.restoreState(name, object.value(QStringLiteral("state")).toObject().toVariantMap(), &error))
            return refuse(error);
    }
    if (host.livePlugin(name)) {
        step("createWidget");
        if (!widgets.create(name, &error))
            return refuse(error);
        QCoreApplication::processEvents(); // its show and paint code runs too
    }
    QJsonObject result{{QStringLiteral("plugin"), name}};
    if (host.livePlugin(name)) {
        step("saveState");
        const QVariantMap state = host.saveState(name, &error);
        if (!error.isEmpty())
            return refuse(error);
        result.insert(QStringLiteral("state"), QJsonObject::fromVariantMap(state));
    }
    step("unload");
    const bool unloaded = host.unload(name);
    const Relive::ModuleRecord afterUnload = host.record(name);
    if (!unloaded && afterUnload.state != Relive::ModuleRecord::State::Pinned)
        return refuse(host.errorString());
    if (unloaded && !afterUnload.errorString.isEmpty())
        return refuse(afterUnload.errorString); // shutdown() threw
    say("ok " + QJsonDocument(result).toJson(QJsonDocument::Compact));
    return 0;
}
