#include "editor/plaintooltip.h"

#include <QtGui/QHelpEvent>
#include <QtGui/QTextDocument> // Qt::convertFromPlainText
#include <QtWidgets/QToolTip>

namespace Relive::App {

void PlainToolTip::show(QHelpEvent *event, const QString &text, QWidget *widget)
{
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return;
    }
    // Rich text on purpose, so that a message such as "operator<" is never taken for markup;
    // normal white space, so that long template messages wrap.
    QToolTip::showText(event->globalPos(), Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal), widget);
}

} // namespace Relive::App
