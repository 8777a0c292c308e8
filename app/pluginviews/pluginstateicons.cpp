#include "pluginviews/pluginstateicons.h"

#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtGui/QPixmap>

namespace Relive::App {

namespace {

enum class Mark { Tick, Cross, Pin, Ring };

// Drawn at two sizes so that the icon stays sharp in a list and in a high-DPI header.
QIcon drawIcon(const QColor &color, Mark mark)
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        const QRectF disc(1.5, 1.5, 13, 13);
        if (mark == Mark::Ring) {
            painter.setPen(QPen(color, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(disc.adjusted(1, 1, -1, -1));
        } else {
            painter.setPen(QPen(color.darker(130), 1));
            painter.setBrush(color);
            painter.drawEllipse(disc);
            painter.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.setBrush(Qt::NoBrush);
            QPainterPath path;
            if (mark == Mark::Tick) {
                path.moveTo(4.5, 8.5);
                path.lineTo(7, 11);
                path.lineTo(11.5, 5.5);
            } else if (mark == Mark::Cross) {
                path.moveTo(5.5, 5.5);
                path.lineTo(10.5, 10.5);
                path.moveTo(10.5, 5.5);
                path.lineTo(5.5, 10.5);
            } else { // a pin: its head, then its needle
                path.addEllipse(QPointF(8, 6), 1.8, 1.8);
                path.moveTo(8, 8);
                path.lineTo(8, 12);
            }
            painter.drawPath(path);
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

// One drawing per state for the whole program; drawn on first use, when a QGuiApplication exists.
QIcon cachedIcon(Mark mark, QRgb color)
{
    static QIcon icons[4];
    QIcon &icon = icons[int(mark)];
    if (icon.isNull())
        icon = drawIcon(QColor(color), mark);
    return icon;
}

} // namespace

QIcon PluginStateIcons::loaded()
{
    return cachedIcon(Mark::Tick, qRgb(0x4e, 0x9a, 0x06));
}

QIcon PluginStateIcons::failed()
{
    return cachedIcon(Mark::Cross, qRgb(0xcc, 0x00, 0x00));
}

QIcon PluginStateIcons::pinned()
{
    return cachedIcon(Mark::Pin, qRgb(0xc4, 0x8a, 0x00));
}

QIcon PluginStateIcons::unloaded()
{
    return cachedIcon(Mark::Ring, qRgb(0x88, 0x8a, 0x85));
}

QIcon PluginStateIcons::forState(Relive::ModuleRecord::State state)
{
    switch (state) {
    case Relive::ModuleRecord::State::Loaded:
        return loaded();
    case Relive::ModuleRecord::State::Failed:
        return failed();
    case Relive::ModuleRecord::State::Pinned:
        return pinned();
    case Relive::ModuleRecord::State::Unloaded:
        return unloaded();
    }
    return QIcon();
}

} // namespace Relive::App
