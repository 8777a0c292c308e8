#pragma once

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtWidgets/QTabWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace Relive {
class PluginHost;
struct LoadAttempt;
} // namespace Relive

namespace Relive::App {

/*!
 * One tab per loaded plugin holding its live widget. On reload the new generation's widget
 * takes the old one's place; on a failed reload the old widget stays and a banner says why.
 */
class LiveView : public QTabWidget
{
    Q_OBJECT

public:
    explicit LiveView(Relive::PluginHost *host, QWidget *parent = nullptr);

private:
    struct PluginTab
    {
        QWidget *page = nullptr;
        QLabel *banner = nullptr;
        QPointer<QWidget> widget;
    };

    void showRefusal(const QString &name, const Relive::LoadAttempt &attempt);
    void dropWidget(const QString &name);
    PluginTab &tabFor(const QString &name);
    void showWidget(const QString &name);

    Relive::PluginHost *m_host;
    QHash<QString, PluginTab> m_tabs;
};

} // namespace Relive::App
