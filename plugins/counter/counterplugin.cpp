#include "counterplugin.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace ReliveExamples {

namespace {
// No QStringLiteral for strings that leave the plugin (state, fonts, ...): a literal's
// characters live in this library's read-only data, which is gone once it is unloaded, while
// the host and Qt's caches may keep their copies of the string for longer.
QString countKey()
{
    return QString::fromLatin1("count");
}
} // namespace

CounterPlugin::CounterPlugin(QObject *parent)
    : QObject(parent)
{
}

QWidget *CounterPlugin::createWidget(QWidget *parent)
{
    return new CounterWidget(this, parent);
}

QVariantMap CounterPlugin::saveState() const
{
    QVariantMap state;
    state.insert(countKey(), m_count);
    return state;
}

void CounterPlugin::restoreState(const QVariantMap &state)
{
    m_count = state.value(countKey(), 0).toInt();
    Q_EMIT countChanged(m_count);
}

void CounterPlugin::increment()
{
    ++m_count;
    Q_EMIT countChanged(m_count);
}

void CounterPlugin::reset()
{
    m_count = 0;
    Q_EMIT countChanged(m_count);
}

QString CounterPlugin::greeting() const
{
    return tr("Hello from the counter, now at %1").arg(m_count);
}

CounterWidget::CounterWidget(CounterPlugin *plugin, QWidget *parent)
    : QWidget(parent)
    , m_plugin(plugin)
    , m_number(new QLabel(this))
    , m_greeting(new QLabel(this))
{
    auto *title = new QLabel(tr("COUNTER"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    titleFont.setBold(true);
    titleFont.setLetterSpacing(QFont::PercentageSpacing, 130);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    title->setForegroundRole(QPalette::PlaceholderText);

    // A fixed-pitch face keeps the number from jittering as its digits change.
    QFont numberFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    numberFont.setPointSize(72);
    numberFont.setBold(true);
    m_number->setFont(numberFont);
    m_number->setAlignment(Qt::AlignCenter);
    m_number->setMinimumWidth(m_number->fontMetrics().horizontalAdvance(QString(5, QLatin1Char('0'))));

    auto *plusOne = new QPushButton(tr("+1"), this);
    plusOne->setDefault(true);
    plusOne->setMinimumSize(96, 40);
    QFont buttonFont = plusOne->font();
    buttonFont.setPointSizeF(buttonFont.pointSizeF() * 1.3);
    buttonFont.setBold(true);
    plusOne->setFont(buttonFont);
    auto *reset = new QPushButton(tr("Reset"), this);
    reset->setMinimumSize(96, 40);

    m_greeting->setAlignment(Qt::AlignCenter);
    m_greeting->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(reset);
    buttons->addSpacing(12);
    buttons->addWidget(plusOne);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addWidget(title);
    layout->addStretch();
    layout->addWidget(m_number);
    layout->addStretch();
    layout->addLayout(buttons);
    layout->addSpacing(8);
    layout->addWidget(m_greeting);

    connect(plusOne, &QPushButton::clicked, m_plugin, &CounterPlugin::increment);
    connect(reset, &QPushButton::clicked, m_plugin, &CounterPlugin::reset);
    connect(m_plugin, &CounterPlugin::countChanged, this, &CounterWidget::showCount);
    showCount(m_plugin->count());
}

void CounterWidget::showCount(int count)
{
    m_number->setText(QString::number(count));
    m_greeting->setText(m_plugin->greeting());
}

} // namespace ReliveExamples
