#pragma once

#include <QtCore/QMap>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

class TextFilter;

/*!
 * The app's window: a line of text, a choice of filter, the filtered text. It knows filters only
 * through the app's own TextFilter interface; who loads them (QPluginLoader or Relive's agent)
 * calls addFilter() and removeFilter().
 */
class TextWindow : public QWidget
{
    Q_OBJECT

public:
    explicit TextWindow(QWidget *parent = nullptr);

    /*! Offers \a filter under \a name (replacing a filter of that name); null is ignored. */
    void addFilter(const QString &name, TextFilter *filter);
    /*! Forgets the filter \a name: after this, the window holds no pointer into it. */
    void removeFilter(const QString &name);
    QStringList filterNames() const;
    /*! \a text through the filter \a name; empty when there is no such filter. */
    QString apply(const QString &name, const QString &text) const;

private:
    void refresh();

    QMap<QString, TextFilter *> m_filters;
    QLineEdit *m_input;
    QComboBox *m_choice;
    QLabel *m_output;
};
