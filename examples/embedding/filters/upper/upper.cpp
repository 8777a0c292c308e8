// A filter with state: it counts the texts it filtered. Relive::LiveState (QtCore only) carries
// the count across reloads; without Relive the same plugin loads with QPluginLoader.
#include "textfilter.h"

#include <relive/livestate.h>

#include <QtCore/QObject>

class Upper : public QObject, public TextFilter, public Relive::LiveState
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID TextFilter_iid FILE "upper.json")
    Q_INTERFACES(TextFilter Relive::LiveState)

public:
    QString apply(const QString &text) override
    {
        ++m_calls;
        return text.toUpper();
    }

    QVariantMap saveState() const override { return {{QStringLiteral("calls"), m_calls}}; }
    void restoreState(const QVariantMap &state) override { m_calls = state.value(QStringLiteral("calls")).toInt(); }

    Q_INVOKABLE int calls() const { return m_calls; }

private:
    int m_calls = 0;
};

#include "upper.moc"
