#include "mainwindow.h"

#include "liveview.h"
#include "pluginlistview.h"
#include "relive/hostevent.h"
#include "relive/pluginhost.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QStatusBar>

MainWindow::MainWindow(Relive::PluginHost *host, const QString &workspace, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Relive — %1").arg(workspace));
    setCentralWidget(new LiveView(host, this));

    auto *list = new PluginListView(host, this);
    auto *listDock = new QDockWidget(tr("Plugins"), this);
    listDock->setObjectName(QStringLiteral("plugins"));
    listDock->setWidget(list);
    addDockWidget(Qt::BottomDockWidgetArea, listDock);

    auto *log = new QPlainTextEdit(this);
    log->setReadOnly(true);
    log->setMaximumBlockCount(5000);
    auto *logDock = new QDockWidget(tr("Events"), this);
    logDock->setObjectName(QStringLiteral("events"));
    logDock->setWidget(log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    tabifyDockWidget(listDock, logDock);
    listDock->raise();

    connect(host, &Relive::PluginHost::hostEvent, this, [this, log](const Relive::HostEvent &event) {
        const QString line = QStringLiteral("%1 %2 g%3 %4")
                                 .arg(Relive::HostEvent::typeName(event.type), event.plugin)
                                 .arg(event.generation)
                                 .arg(event.error.isEmpty() && event.timing.totalMs >= 0
                                          ? tr("in %1 ms").arg(event.timing.totalMs, 0, 'f', 1)
                                          : event.error);
        log->appendPlainText(line);
        statusBar()->showMessage(line);
    });

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(listDock->toggleViewAction());
    view->addAction(logDock->toggleViewAction());
    list->refresh();
    resize(960, 640);
}
