// A filter without state: a reload simply brings the new code.
#include "textfilter.h"

#include <QtCore/QObject>

#include <algorithm>

class Reverse : public QObject, public TextFilter
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID TextFilter_iid FILE "reverse.json")
    Q_INTERFACES(TextFilter)

public:
    QString apply(const QString &text) override
    {
        QString reversed = text;
        std::reverse(reversed.begin(), reversed.end());
        return reversed;
    }
};

#include "reverse.moc"
