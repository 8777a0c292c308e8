#pragma once

#include <relive/liveplugin.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QPushButton;
QT_END_NAMESPACE

namespace ReliveExamples {

/*!
 * A stopwatch that keeps running across reloads: the state carries the elapsed time and
 * whether it runs, and the new generation picks up the clock where the old one left it.
 */
class StopwatchPlugin : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "stopwatch.json")
    Q_INTERFACES(Relive::LivePlugin)
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)

public:
    explicit StopwatchPlugin(QObject *parent = nullptr);

    QWidget *createWidget(QWidget *parent) override;
    QVariantMap saveState() const override;
    void restoreState(const QVariantMap &state) override;
    /*! Stops the display timer: nothing of this library may fire once it is unloaded. */
    void shutdown() override;

    bool isRunning() const { return m_running; }
    Q_INVOKABLE qint64 elapsedMs() const;
    QList<qint64> laps() const { return m_laps; }

    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void reset();
    Q_INVOKABLE void lap();
    /*! Observable behaviour for benchmarks and smoke tests: edit it, rebuild, see it change. */
    Q_INVOKABLE QString greeting() const;

    static QString format(qint64 ms);

Q_SIGNALS:
    void tick(qint64 elapsedMs);
    void runningChanged(bool running);
    void lapsChanged();

private:
    QElapsedTimer m_clock;      //!< runs while m_running; counts on top of m_accumulatedMs
    qint64 m_accumulatedMs = 0; //!< time of the runs before the current one
    bool m_running = false;
    QList<qint64> m_laps;
    QTimer m_display;           //!< repaints the time; has no say in what the time is
};

/*! The stopwatch's face: the time, large, its buttons and the laps. */
class StopwatchWidget : public QWidget
{
    Q_OBJECT

public:
    StopwatchWidget(StopwatchPlugin *plugin, QWidget *parent);

private:
    void showTime(qint64 ms);
    void showRunning(bool running);
    void showLaps();

    StopwatchPlugin *m_plugin;
    QLabel *m_time;
    QLabel *m_greeting;
    QPushButton *m_startStop;
    QPushButton *m_lap;
    QListWidget *m_laps;
};

} // namespace ReliveExamples
