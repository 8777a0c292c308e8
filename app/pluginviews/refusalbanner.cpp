#include "pluginviews/refusalbanner.h"

#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

RefusalBanner::RefusalBanner(QWidget *parent)
    : QFrame(parent)
    , m_summary(new QLabel(this))
    , m_details(new QLabel(this))
    , m_toggle(new QToolButton(this))
{
    setObjectName(QStringLiteral("refusalBanner"));
    setStyleSheet(QStringLiteral("#refusalBanner { background: #fdecea; border: 1px solid #f5c2c0; }"
                                 "#refusalBanner QLabel { color: #611a15; }"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->hide();
    m_toggle->setText(tr("Details"));
    m_toggle->setCheckable(true);
    m_toggle->setAutoRaise(true);
    connect(m_toggle, &QToolButton::toggled, this, &RefusalBanner::setExpanded);

    auto *line = new QHBoxLayout;
    line->addWidget(m_summary, 1);
    line->addWidget(m_toggle);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->setSpacing(2);
    layout->addLayout(line);
    layout->addWidget(m_details);
    // One line while folded, whatever the message: the widget below keeps its room.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
}

void RefusalBanner::setMessage(const QString &summary, const QString &details)
{
    m_summary->setText(summary);
    m_details->setText(details);
    m_toggle->setVisible(!details.isEmpty());
    setToolTip(details.isEmpty() ? summary : summary + QLatin1Char('\n') + details);
}

QString RefusalBanner::summary() const
{
    return m_summary->text();
}

QString RefusalBanner::details() const
{
    return m_details->text();
}

bool RefusalBanner::isExpanded() const
{
    return !m_details->isHidden();
}

void RefusalBanner::setExpanded(bool expanded)
{
    m_details->setVisible(expanded && !m_details->text().isEmpty());
    const QSignalBlocker blocker(m_toggle);
    m_toggle->setChecked(expanded);
}

} // namespace Relive::App
