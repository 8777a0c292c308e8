#include "shared.h"
#include <relive/liveplugin.h>

#include <QtWidgets/QLabel>

class Right : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "right.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    Q_INVOKABLE int answer() const { return sharedValue() + 2; }
    Q_INVOKABLE int count() const { return m_count; }
    Q_INVOKABLE void increment() { ++m_count; }

    QWidget *createWidget(QWidget *parent) override
    {
        return new QLabel(QString::number(answer()) + QLatin1String(sharedLabel()), parent);
    }
    QVariantMap saveState() const override { return {{QStringLiteral("count"), m_count}}; }
    void restoreState(const QVariantMap &state) override { m_count = state.value(QStringLiteral("count")).toInt(); }

private:
    int m_count = 0;
};

#include "right.moc"
