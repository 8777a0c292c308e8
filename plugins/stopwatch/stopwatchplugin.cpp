#include "stopwatchplugin.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace ReliveExamples {

namespace {
// No QStringLiteral for strings that leave the plugin (state, fonts, ...): a literal's
// characters live in this library's read-only data, which is gone once it is unloaded, while
// the host and Qt's caches may keep their copies of the string for longer.
QString key(const char *name)
{
    return QString::fromLatin1(name);
}

constexpr int displayIntervalMs = 31; // about 30 frames a second, and the last digit moves
} // namespace

StopwatchPlugin::StopwatchPlugin(QObject *parent)
    : QObject(parent)
    , m_display(this)
{
    m_display.setInterval(displayIntervalMs);
    connect(&m_display, &QTimer::timeout, this, [this] { Q_EMIT tick(elapsedMs()); });
    start(); // a fresh stopwatch runs; restoreState() says otherwise if the last one was stopped
}

QWidget *StopwatchPlugin::createWidget(QWidget *parent)
{
    return new StopwatchWidget(this, parent);
}

QVariantMap StopwatchPlugin::saveState() const
{
    QVariantList laps;
    for (qint64 lap : m_laps)
        laps.append(lap);
    QVariantMap state;
    state.insert(key("elapsedMs"), elapsedMs());
    state.insert(key("running"), m_running);
    state.insert(key("laps"), laps);
    return state;
}

void StopwatchPlugin::restoreState(const QVariantMap &state)
{
    // The time between the old generation's saveState() and this call is a few milliseconds
    // of a reload; it is not worth a wall-clock timestamp in the state.
    m_accumulatedMs = qMax<qint64>(0, state.value(key("elapsedMs")).toLongLong());
    m_laps.clear();
    const QVariantList laps = state.value(key("laps")).toList();
    for (const QVariant &lap : laps)
        m_laps.append(lap.toLongLong());
    if (state.value(key("running"), true).toBool()) {
        m_running = true;
        m_clock.start();
        m_display.start();
    } else {
        m_running = false;
        m_clock.invalidate();
        m_display.stop();
    }
    Q_EMIT runningChanged(m_running);
    Q_EMIT lapsChanged();
    Q_EMIT tick(elapsedMs());
}

void StopwatchPlugin::shutdown()
{
    m_display.stop();
}

qint64 StopwatchPlugin::elapsedMs() const
{
    return m_accumulatedMs + (m_running ? m_clock.elapsed() : 0);
}

void StopwatchPlugin::start()
{
    if (m_running)
        return;
    m_running = true;
    m_clock.start();
    m_display.start();
    Q_EMIT runningChanged(true);
}

void StopwatchPlugin::stop()
{
    if (!m_running)
        return;
    m_accumulatedMs += m_clock.elapsed();
    m_running = false;
    m_clock.invalidate();
    m_display.stop();
    Q_EMIT runningChanged(false);
    Q_EMIT tick(elapsedMs());
}

void StopwatchPlugin::reset()
{
    m_accumulatedMs = 0;
    m_laps.clear();
    if (m_running)
        m_clock.start();
    Q_EMIT lapsChanged();
    Q_EMIT tick(elapsedMs());
}

void StopwatchPlugin::lap()
{
    m_laps.append(elapsedMs());
    Q_EMIT lapsChanged();
}

QString StopwatchPlugin::greeting() const
{
    return tr("Hello from the stopwatch, %1 at %2")
        .arg(m_running ? tr("running") : tr("stopped"), format(elapsedMs()));
}

QString StopwatchPlugin::format(qint64 ms)
{
    const qint64 centis = (ms / 10) % 100;
    const qint64 seconds = (ms / 1000) % 60;
    const qint64 minutes = (ms / 60000) % 60;
    const qint64 hours = ms / 3600000;
    const QLatin1Char zero('0');
    QString text = QString::fromLatin1("%1:%2.%3")
                       .arg(minutes, 2, 10, zero)
                       .arg(seconds, 2, 10, zero)
                       .arg(centis, 2, 10, zero);
    if (hours > 0)
        text.prepend(QString::number(hours) + QLatin1Char(':'));
    return text;
}

StopwatchWidget::StopwatchWidget(StopwatchPlugin *plugin, QWidget *parent)
    : QWidget(parent)
    , m_plugin(plugin)
    , m_time(new QLabel(this))
    , m_greeting(new QLabel(this))
    , m_startStop(new QPushButton(this))
    , m_lap(new QPushButton(tr("Lap"), this))
    , m_laps(new QListWidget(this))
{
    auto *title = new QLabel(tr("STOPWATCH"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    titleFont.setBold(true);
    titleFont.setLetterSpacing(QFont::PercentageSpacing, 130);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    title->setForegroundRole(QPalette::PlaceholderText);

    // Fixed pitch: the digits change thirty times a second and must not make the line dance.
    QFont timeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    timeFont.setPointSize(48);
    timeFont.setBold(true);
    m_time->setFont(timeFont);
    m_time->setAlignment(Qt::AlignCenter);
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(StopwatchPlugin::format(0)) + 24);

    QFont buttonFont = m_startStop->font();
    buttonFont.setPointSizeF(buttonFont.pointSizeF() * 1.2);
    buttonFont.setBold(true);
    m_startStop->setFont(buttonFont);
    m_startStop->setDefault(true);
    for (QPushButton *button : {m_startStop, m_lap})
        button->setMinimumSize(96, 40);
    auto *reset = new QPushButton(tr("Reset"), this);
    reset->setMinimumSize(96, 40);

    m_laps->setMaximumHeight(96);
    m_laps->setFocusPolicy(Qt::NoFocus);
    m_laps->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_greeting->setAlignment(Qt::AlignCenter);
    m_greeting->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(reset);
    buttons->addWidget(m_lap);
    buttons->addWidget(m_startStop);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addWidget(title);
    layout->addStretch();
    layout->addWidget(m_time);
    layout->addStretch();
    layout->addLayout(buttons);
    layout->addWidget(m_laps);
    layout->addWidget(m_greeting);

    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_plugin->isRunning())
            m_plugin->stop();
        else
            m_plugin->start();
    });
    connect(reset, &QPushButton::clicked, m_plugin, &StopwatchPlugin::reset);
    connect(m_lap, &QPushButton::clicked, m_plugin, &StopwatchPlugin::lap);
    connect(m_plugin, &StopwatchPlugin::tick, this, &StopwatchWidget::showTime);
    connect(m_plugin, &StopwatchPlugin::runningChanged, this, &StopwatchWidget::showRunning);
    connect(m_plugin, &StopwatchPlugin::lapsChanged, this, &StopwatchWidget::showLaps);
    showTime(m_plugin->elapsedMs());
    showRunning(m_plugin->isRunning());
    showLaps();
}

void StopwatchWidget::showTime(qint64 ms)
{
    m_time->setText(StopwatchPlugin::format(ms));
    m_greeting->setText(m_plugin->greeting());
}

void StopwatchWidget::showRunning(bool running)
{
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    m_lap->setEnabled(running);
    m_greeting->setText(m_plugin->greeting());
}

void StopwatchWidget::showLaps()
{
    m_laps->clear();
    const QList<qint64> laps = m_plugin->laps();
    // Newest first, as on a real stopwatch.
    for (int i = laps.size() - 1; i >= 0; --i) {
        const qint64 split = laps.at(i) - (i > 0 ? laps.at(i - 1) : 0);
        m_laps->addItem(tr("Lap %1   %2   +%3").arg(i + 1).arg(StopwatchPlugin::format(laps.at(i)), StopwatchPlugin::format(split)));
    }
    m_laps->setVisible(!laps.isEmpty());
    m_greeting->setText(m_plugin->greeting());
}

} // namespace ReliveExamples
