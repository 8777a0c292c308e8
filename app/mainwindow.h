#pragma once

#include <QtWidgets/QMainWindow>

namespace Relive {
class PluginHost;
}

/*! Wires the docks and actions; the logic lives in relive-core. */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Relive::PluginHost *host, const QString &workspace, QWidget *parent = nullptr);
};
