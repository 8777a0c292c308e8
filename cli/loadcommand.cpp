#include "loadcommand.h"

#include "eventprinter.h"
#include "logging.h"
#include "pluginwidgets.h"

#include <relive/liveplugin.h>
#include <relive/pluginhost.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

#include <exception>

using Relive::ModuleRecord;

namespace {

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

struct StateRoundTrip
{
    QJsonObject saved;
    QJsonObject savedAgain;
    QString error;
    bool done = false;

    bool identical() const { return done && error.isEmpty() && saved == savedAgain; }
};

// Compared as JSON because that is how state travels between generations and processes.
StateRoundTrip roundTripState(Relive::LiveState *plugin)
{
    StateRoundTrip result;
    result.done = true;
    const char *step = "saveState()";
    try {
        const QVariantMap state = plugin->saveState();
        result.saved = QJsonObject::fromVariantMap(state);
        step = "restoreState()";
        plugin->restoreState(state);
        step = "saveState() after restoreState()";
        result.savedAgain = QJsonObject::fromVariantMap(plugin->saveState());
    } catch (const std::exception &e) {
        result.error = QStringLiteral("%1 threw: %2").arg(QLatin1String(step), QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result.error = QStringLiteral("%1 threw an exception").arg(QLatin1String(step));
    }
    if (result.error.isEmpty() && result.saved != result.savedAgain)
        result.error = QStringLiteral("state does not survive a round trip: saveState() gave %1, but after "
                                      "restoreState() of that it gives %2")
                           .arg(compactJson(result.saved), compactJson(result.savedAgain));
    return result;
}

QString describeUnload(const ModuleRecord &record)
{
    switch (record.state) {
    case ModuleRecord::State::Unloaded:
        return QStringLiteral("unloaded, verified gone from the process");
    case ModuleRecord::State::Pinned:
        return QStringLiteral("pinned: still mapped after unload%1")
            .arg(record.errorString.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(record.errorString));
    default:
        return QStringLiteral("not unloaded (%1)").arg(ModuleRecord::stateName(record.state));
    }
}

void printRecord(const ModuleRecord &record, const QString &widgetClass, const StateRoundTrip &state,
                 const ModuleRecord &afterUnload)
{
    QStringList lines;
    const auto add = [&lines](const char *label, const QString &value) {
        if (!value.isEmpty())
            lines << QStringLiteral("  %1 %2").arg(QString::fromLatin1(label).leftJustified(13), value);
    };
    lines << QStringLiteral("%1 %2, generation %3").arg(record.name, record.version).arg(record.generation);
    add("Class:", QStringLiteral("%1 (Qt %2)").arg(record.className, record.qtVersion));
    add("Vendor:", record.vendor);
    add("Description:", record.description);
    add("Artifact:", record.artifactPath);
    add("Loaded from:", record.shadowPath);
    add("Size:", QStringLiteral("%1 bytes").arg(record.size));
    add("SHA-256:", record.sha256);
    if (record.loadMs >= 0)
        add("Load time:", QStringLiteral("%1 ms").arg(record.loadMs, 0, 'f', 2));
    add("Widget:", widgetClass);
    if (state.done) {
        add("State:", state.error.isEmpty()
            ? QStringLiteral("%1 (same after a round trip)").arg(compactJson(state.saved))
            : state.error);
    }
    add("Unload:", describeUnload(afterUnload));
    ConsoleOutput::writeLine(lines.join(QLatin1Char('\n')));
}

} // namespace

LoadCommand::LoadCommand(OutputFormat format)
    : m_format(format)
{
}

int LoadCommand::run(const QString &file) const
{
    Relive::PluginHost host(Relive::PluginHost::iidsFor(m_iid)); // LivePlugin or LiveState, or --iid's
    if (m_maxFileSize >= 0)
        host.setMaxFileSize(m_maxFileSize);
    PluginWidgets widgets(&host); // after the host: gone before the host unloads on destruction
    QObject::connect(&host, &Relive::PluginHost::hostEvent, [](const Relive::HostEvent &event) {
        qCDebug(lcCli).noquote() << EventPrinter::describe(event);
    });

    if (!host.load(file)) {
        ConsoleOutput::reportError(file, host.errorString());
        if (m_format == OutputFormat::Json) {
            ConsoleOutput::writeJson({{QStringLiteral("file"), file},
                                      {QStringLiteral("ok"), false},
                                      {QStringLiteral("error"), host.errorString()}});
        }
        return 1;
    }
    const QString name = host.pluginLoadedFrom(file);

    QString widgetError;
    QString widgetClass;
    StateRoundTrip state;
    // A QtCore-only plugin (LiveState) or one of another interface (--iid) has no widget to create.
    QWidget *widget = host.livePlugin(name) ? widgets.create(name, &widgetError) : nullptr;
    if (widget) {
        widgetClass = QString::fromLatin1(widget->metaObject()->className());
        // One turn of the event loop, so its show and paint handlers run before it is judged.
        QCoreApplication::processEvents();
    }
    if (Relive::LiveState *plugin = host.liveState(name))
        state = roundTripState(plugin);
    const ModuleRecord loaded = host.record(name);
    const bool unloadCalled = host.unload(name);
    const ModuleRecord afterUnload = host.record(name);

    QString failure;
    if (!widgetError.isEmpty())
        failure = widgetError;
    else if (!state.error.isEmpty())
        failure = state.error;
    else if (afterUnload.state == ModuleRecord::State::Pinned)
        failure = QStringLiteral("loaded, but it cannot be unloaded: %1").arg(describeUnload(afterUnload));
    else if (afterUnload.state != ModuleRecord::State::Unloaded)
        failure = QStringLiteral("unload failed: %1").arg(unloadCalled ? describeUnload(afterUnload) : host.errorString());

    if (m_format == OutputFormat::Json) {
        QJsonObject json{
            {QStringLiteral("file"), file},
            {QStringLiteral("ok"), failure.isEmpty()},
            {QStringLiteral("record"), loaded.toJson()},
            {QStringLiteral("widget"), widgetClass},
            {QStringLiteral("pluginState"), state.saved},
            {QStringLiteral("stateRoundTrip"), state.identical()},
            {QStringLiteral("unload"), ModuleRecord::stateName(afterUnload.state)},
        };
        if (!failure.isEmpty())
            json.insert(QStringLiteral("error"), failure);
        ConsoleOutput::writeJson(json);
    } else {
        printRecord(loaded, widgetClass.isEmpty() ? widgetError : widgetClass, state, afterUnload);
    }
    if (!failure.isEmpty()) {
        ConsoleOutput::reportError(file, failure);
        return 1;
    }
    return 0;
}
