#include "pluginwidgets.h"

#include "consoleoutput.h"
#include "logging.h"

#include <relive/hostevent.h>
#include <relive/pluginhost.h>

#include <QtWidgets/QWidget>

#include <utility>

PluginWidgets::PluginWidgets(Relive::PluginHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    // Direct: the host unloads the code right after the signal returns.
    connect(host, &Relive::PluginHost::aboutToUnload, this, &PluginWidgets::release, Qt::DirectConnection);
}

PluginWidgets::~PluginWidgets()
{
    for (const Entry &entry : std::as_const(m_widgets))
        delete entry.widget.data();
}

QWidget *PluginWidgets::create(const QString &name, QString *errorString)
{
    QWidget *widget = m_host->createWidget(name, nullptr, errorString);
    if (!widget)
        return nullptr;

    const int generation = m_host->record(name).generation;
    // Same code generation: replacing its widget is safe.
    delete m_widgets.value(name).widget.data();
    m_widgets.insert(name, Entry{generation, widget});

    // On a real display the new generation's window appears where the old one was.
    const QByteArray geometry = m_geometry.value(name);
    if (!geometry.isEmpty())
        widget->restoreGeometry(geometry);
    if (widget->windowTitle().isEmpty())
        widget->setWindowTitle(QStringLiteral("%1 (generation %2)").arg(name).arg(generation));
    // Shown so that its show and paint code runs too, not only its constructor.
    widget->show();
    qCDebug(lcCli) << "created" << widget->metaObject()->className() << "for" << name << "generation" << generation;
    return widget;
}

void PluginWidgets::showFor(const Relive::HostEvent &event)
{
    using Type = Relive::HostEvent::Type;
    if (event.type != Type::Loaded && event.type != Type::Reloaded && event.type != Type::RolledBack)
        return;
    if (!m_host->livePlugin(event.plugin))
        return; // a QtCore-only plugin (Relive::LiveState): nothing to show, its events say the rest
    QString widgetError;
    if (!create(event.plugin, &widgetError))
        ConsoleOutput::reportError(m_host->record(event.plugin).artifactPath, widgetError);
}

QWidget *PluginWidgets::widget(const QString &name) const
{
    return m_widgets.value(name).widget.data();
}

void PluginWidgets::release(const QString &name, int generation)
{
    const auto it = m_widgets.find(name);
    if (it == m_widgets.end() || it->generation != generation)
        return;
    if (QWidget *widget = it->widget.data()) {
        m_geometry.insert(name, widget->saveGeometry());
        qCDebug(lcCli) << "deleting the widget of" << name << "generation" << generation;
        delete widget;
    }
    m_widgets.erase(it);
}
