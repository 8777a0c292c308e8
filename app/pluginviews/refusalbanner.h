#pragma once

#include <QtWidgets/QFrame>

QT_BEGIN_NAMESPACE
class QLabel;
class QToolButton;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The red banner above a plugin's live widget while its newest generation stands refused: one
 * line (what happened), with the reason folded behind Details, so that a long compiler or probe
 * message does not squeeze the widget below it. The full text is also the tooltip.
 */
class RefusalBanner : public QFrame
{
    Q_OBJECT

public:
    explicit RefusalBanner(QWidget *parent = nullptr);

    /*! \a summary on the banner's line; \a details behind the Details button. */
    void setMessage(const QString &summary, const QString &details);
    QString summary() const;
    QString details() const;
    bool isExpanded() const;
    void setExpanded(bool expanded);

private:
    QLabel *m_summary;
    QLabel *m_details;
    QToolButton *m_toggle;
};

} // namespace Relive::App
