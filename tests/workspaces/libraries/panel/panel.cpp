#include "greeting.h"
#include "ui_panel.h"

#include <relive/liveplugin.h>

#include <QtCore/QFile>
#include <QtGui/QImage>
#include <QtWidgets/QWidget>

class Panel : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "panel.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    Q_INVOKABLE QString message() const
    {
        QFile file(QStringLiteral(":/panel/message.txt"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    }
    Q_INVOKABLE int imageWidth() const { return QImage(QStringLiteral(":/panel/dot.png")).width(); }
    Q_INVOKABLE QString greeting() const { return QString::fromLatin1(greetingText()); }
    Q_INVOKABLE QString formTitle() const
    {
        QWidget form;
        Ui::PanelForm ui;
        ui.setupUi(&form);
        return ui.title->text();
    }
    Q_INVOKABLE int count() const { return m_count; }
    Q_INVOKABLE void increment() { ++m_count; }

    QWidget *createWidget(QWidget *parent) override
    {
        auto *form = new QWidget(parent);
        Ui::PanelForm ui;
        ui.setupUi(form);
        return form;
    }
    QVariantMap saveState() const override { return {{QStringLiteral("count"), m_count}}; }
    void restoreState(const QVariantMap &state) override { m_count = state.value(QStringLiteral("count")).toInt(); }

private:
    int m_count = 0;
};

#include "panel.moc"
