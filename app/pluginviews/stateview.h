#pragma once

#include <QtCore/QVariantMap>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * What the Live View tab of a QtCore-only plugin (Relive::LiveState without a widget) shows in
 * place of a widget: a line that says it has none, and its state (the saveState() map of the live
 * generation) as read-only "key: value" text, values in JSON. LiveView refreshes it at each
 * generation and status change.
 */
class StateView : public QWidget
{
    Q_OBJECT

public:
    explicit StateView(QWidget *parent = nullptr);

    /*! Shows \a state, saved from \a generation of \a name; \a error when saveState() threw. */
    void setState(const QString &name, int generation, const QVariantMap &state, const QString &error);
    QString heading() const;
    QString stateText() const;

    /*! \a state as the view shows it: one "key: value" line per key, sorted, values in JSON. */
    static QString format(const QVariantMap &state);

private:
    QLabel *m_heading;
    QPlainTextEdit *m_text;
};

} // namespace Relive::App
