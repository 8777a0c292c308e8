#include "pluginviews/stateview.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

StateView::StateView(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
{
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setObjectName(QStringLiteral("pluginState"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_text, 1);
    m_refresh.setInterval(refreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, &StateView::refreshRequested);
}

void StateView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_refresh.start();
}

void StateView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh.stop();
}

void StateView::setState(const QString &name, int generation, const QVariantMap &state, const QString &error)
{
    if (!error.isEmpty()) {
        m_heading->setText(tr("%1 is a QtCore plugin: it has no widget. Generation %2 is live, but its saveState() "
                              "failed: %3").arg(name).arg(generation).arg(error));
    } else {
        m_heading->setText(tr("%1 is a QtCore plugin: it has no widget. Generation %2 is live; its state "
                              "(saveState()), as the next generation will receive it:").arg(name).arg(generation));
    }
    const QString text = error.isEmpty() && state.isEmpty() ? tr("(empty)") : format(state);
    if (text != m_text->toPlainText()) // refreshed every second: a selection stays while nothing changed
        m_text->setPlainText(text);
}

QString StateView::heading() const
{
    return m_heading->text();
}

QString StateView::stateText() const
{
    return m_text->toPlainText();
}

QString StateView::format(const QVariantMap &state)
{
    QStringList lines;
    for (auto it = state.constBegin(); it != state.constEnd(); ++it) {
        // In an array, so that a plain number or string is valid JSON too; the brackets go.
        const QByteArray json = QJsonDocument(QJsonArray{QJsonValue::fromVariant(it.value())}).toJson(QJsonDocument::Compact);
        lines.append(QStringLiteral("%1: %2").arg(it.key(), QString::fromUtf8(json.mid(1, json.size() - 2))));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace Relive::App
