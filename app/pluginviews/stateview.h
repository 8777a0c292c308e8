#pragma once

#include <QtCore/QTimer>
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
 * generation and status change, and, while it is shown, every refreshIntervalMs (refreshRequested()):
 * a plugin's state changes by itself too (a timer). Hidden (another tab, the dock closed), it asks
 * for nothing.
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

    static constexpr int refreshIntervalMs = 1000;
    /*! Whether it asks for a fresh state now and then: while it is shown. */
    bool isRefreshing() const { return m_refresh.isActive(); }

Q_SIGNALS:
    /*! Shown, every refreshIntervalMs: a fresh setState() is welcome. */
    void refreshRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QLabel *m_heading;
    QPlainTextEdit *m_text;
    QTimer m_refresh;
};

} // namespace Relive::App
