#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>

namespace Relive {

/*!
 * Turns SIGINT and SIGTERM into a Qt signal delivered by the event loop, so that a host can
 * unload its plugins and remove its runtime folder instead of dying mid-reload.
 * One per process.
 */
class RELIVE_CORE_EXPORT UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();
};

} // namespace Relive
