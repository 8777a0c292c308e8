#pragma once

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QHelpEvent;
class QWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*! The tooltips of the editor's text and of its gutter, which show the same diagnostics. */
namespace PlainToolTip {
/*!
 * Answers the tooltip \a event on \a widget with the plain \a text, or hides the tooltip
 * when it is empty.
 */
void show(QHelpEvent *event, const QString &text, QWidget *widget);
} // namespace PlainToolTip

} // namespace Relive::App
