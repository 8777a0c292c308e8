#pragma once

#include <relive/liveplugin.h>

#include <QtCore/QObject>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace ReliveExamples {

/*! The counter: a number that only changes when asked to, and that survives every reload. */
class CounterPlugin : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "counter.json")
    Q_INTERFACES(Relive::LivePlugin)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit CounterPlugin(QObject *parent = nullptr);

    QWidget *createWidget(QWidget *parent) override;
    QVariantMap saveState() const override;
    void restoreState(const QVariantMap &state) override;

    int count() const { return m_count; }
    Q_INVOKABLE void increment();
    Q_INVOKABLE void reset();
    /*! Observable behaviour for benchmarks and smoke tests: edit it, rebuild, see it change. */
    Q_INVOKABLE QString greeting() const;

Q_SIGNALS:
    void countChanged(int count);

private:
    int m_count = 0;
};

/*! The counter's face: the number, large, with its two buttons. */
class CounterWidget : public QWidget
{
    Q_OBJECT

public:
    CounterWidget(CounterPlugin *plugin, QWidget *parent);

private:
    void showCount(int count);

    CounterPlugin *m_plugin;
    QLabel *m_number;
    QLabel *m_greeting;
};

} // namespace ReliveExamples
