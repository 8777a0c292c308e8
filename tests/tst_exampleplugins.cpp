// The example workspace (plugins/) through the host, as the app runs it: the counter's count
// and the stopwatch's time survive reloads, and the stopwatch stops its timer on shutdown.
#include <relive/private/librarymappings.h>
#include <relive/liveplugin.h>
#include <relive/pluginhost.h>

#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtTest/QtTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>

using namespace Relive;

namespace {

qint64 elapsedOf(QObject *stopwatch)
{
    qint64 result = -1;
    return QMetaObject::invokeMethod(stopwatch, "elapsedMs", Qt::DirectConnection, Q_RETURN_ARG(qint64, result)) ? result : -1;
}

QString greetingOf(QObject *plugin)
{
    QString result;
    QMetaObject::invokeMethod(plugin, "greeting", Qt::DirectConnection, Q_RETURN_ARG(QString, result));
    return result;
}

QPushButton *button(QWidget *widget, const QString &text)
{
    const QList<QPushButton *> buttons = widget->findChildren<QPushButton *>();
    for (QPushButton *candidate : buttons) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

bool showsText(QWidget *widget, const QString &text)
{
    const QList<QLabel *> labels = widget->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text() == text)
            return true;
    }
    return false;
}

/*! Deletes a plugin's widgets when the host asks for it, as the app's live view does. */
class WidgetOwner : public QObject
{
public:
    explicit WidgetOwner(PluginHost &host)
    {
        connect(&host, &PluginHost::aboutToUnload, this, [this] { qDeleteAll(widgets); widgets.clear(); });
    }
    ~WidgetOwner() override { qDeleteAll(widgets); }
    QWidget *create(PluginHost &host, const QString &name)
    {
        QWidget *widget = host.livePlugin(name)->createWidget(nullptr);
        widgets.append(widget);
        widget->show();
        return widget;
    }
    QList<QPointer<QWidget>> widgets;
};

} // namespace

class TestExamplePlugins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void counterKeepsItsCount();
    void stopwatchKeepsRunning();
    void stopwatchKeepsAStoppedTime();
};

void TestExamplePlugins::counterKeepsItsCount()
{
    PluginHost host;
    WidgetOwner owner(host);
    const QString artifact = QStringLiteral(RELIVE_COUNTER_PLUGIN);
    const QString name = QStringLiteral("counter");
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QCOMPARE(host.record(name).version, QStringLiteral("1.0.0"));
    QWidget *widget = owner.create(host, name);
    QVERIFY(showsText(widget, QStringLiteral("0")));
    QPushButton *plusOne = button(widget, QStringLiteral("+1"));
    QVERIFY(plusOne);
    for (int i = 0; i < 5; ++i)
        plusOne->click();
    QCOMPARE(host.instance(name)->property("count").toInt(), 5);
    QVERIFY(showsText(widget, QStringLiteral("5")));
    QVERIFY2(greetingOf(host.instance(name)).contains(QStringLiteral("5")), qPrintable(greetingOf(host.instance(name))));

    QPointer<QWidget> old = widget;
    QVERIFY2(host.reload(name, artifact), qPrintable(host.errorString()));
    QVERIFY2(!old, "the old generation's widget outlived it");
    QCOMPARE(host.record(name).generation, 2);
    QCOMPARE(host.instance(name)->property("count").toInt(), 5);
    widget = owner.create(host, name);
    QVERIFY2(showsText(widget, QStringLiteral("5")), "the new generation's widget does not show the carried count");
    button(widget, QStringLiteral("+1"))->click();
    QCOMPARE(host.instance(name)->property("count").toInt(), 6);
    button(widget, QStringLiteral("Reset"))->click();
    QCOMPARE(host.instance(name)->property("count").toInt(), 0);
    QVERIFY(showsText(widget, QStringLiteral("0")));

    const QString shadow = host.record(name).shadowPath;
    QVERIFY2(host.unload(name), qPrintable(host.errorString()));
    QVERIFY(!LibraryMappings::isMapped(shadow));
}

void TestExamplePlugins::stopwatchKeepsRunning()
{
    PluginHost host;
    WidgetOwner owner(host);
    const QString artifact = QStringLiteral(RELIVE_STOPWATCH_PLUGIN);
    const QString name = QStringLiteral("stopwatch");
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QObject *stopwatch = host.instance(name);
    QVERIFY(stopwatch->property("running").toBool());
    owner.create(host, name);
    QTest::qWait(50);
    const qint64 before = elapsedOf(stopwatch);
    QVERIFY2(before >= 50, qPrintable(QString::number(before)));

    QVERIFY2(host.reload(name, artifact), qPrintable(host.errorString()));
    stopwatch = host.instance(name);
    QVERIFY(stopwatch->property("running").toBool());
    const qint64 after = elapsedOf(stopwatch);
    QVERIFY2(after >= before, qPrintable(QStringLiteral("%1 ms before the reload, %2 ms after").arg(before).arg(after)));
    QWidget *widget = owner.create(host, name);
    QVERIFY(button(widget, QStringLiteral("Stop")));

    // shutdown() stops the display timer: nothing of a library may fire once it is unloaded.
    QTimer *display = stopwatch->findChild<QTimer *>();
    QVERIFY(display);
    QVERIFY(display->isActive());
    host.livePlugin(name)->shutdown();
    QVERIFY(!display->isActive());
}

void TestExamplePlugins::stopwatchKeepsAStoppedTime()
{
    PluginHost host;
    const QString artifact = QStringLiteral(RELIVE_STOPWATCH_PLUGIN);
    const QString name = QStringLiteral("stopwatch");
    QVERIFY2(host.load(artifact), qPrintable(host.errorString()));
    QTest::qWait(20);
    QVERIFY(QMetaObject::invokeMethod(host.instance(name), "lap", Qt::DirectConnection));
    QVERIFY(QMetaObject::invokeMethod(host.instance(name), "stop", Qt::DirectConnection));
    const qint64 stopped = elapsedOf(host.instance(name));
    QVERIFY(stopped > 0);

    QVERIFY2(host.reload(name, artifact), qPrintable(host.errorString()));
    QObject *stopwatch = host.instance(name);
    QVERIFY(!stopwatch->property("running").toBool());
    QCOMPARE(elapsedOf(stopwatch), stopped);
    const QVariantMap state = host.livePlugin(name)->saveState();
    QCOMPARE(state.value(QStringLiteral("elapsedMs")).toLongLong(), stopped);
    QCOMPARE(state.value(QStringLiteral("running")).toBool(), false);
    QCOMPARE(state.value(QStringLiteral("laps")).toList().size(), 1);
    QVERIFY2(greetingOf(stopwatch).contains(QStringLiteral("stopped")), qPrintable(greetingOf(stopwatch)));
}

QTEST_MAIN(TestExamplePlugins)
#include "tst_exampleplugins.moc"
