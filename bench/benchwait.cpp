#include "benchwait.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QTimer>

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    if (condition())
        return true;
    // Not a loop of processEvents(): it never sleeps, and one of the machine's two cores went
    // to it while the compiler, the linker and the trial ran.
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        met = condition();
        if (met || timer.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return met;
}
