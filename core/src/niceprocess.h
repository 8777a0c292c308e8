#pragma once

#include <QtCore/QProcess>

namespace Relive {

/*!
 * A compiler or linker at a niceness (19: the lowest CPU priority), leading a process group, so
 * that a cancel kills it and whatever it started.
 */
class NiceProcess : public QProcess
{
public:
    NiceProcess(int niceness, QObject *parent);
    ~NiceProcess() override;

    /*! Kills it and waits (up to a second) for its end. */
    void killGroup();
    /*! Kills it without waiting (a key press cancels it): the object goes once it has ended. */
    void killGroupLater();
    /*! Lowers the priority of the running group to \a niceness (raising it back needs privileges). */
    void lowerPriority(int niceness);

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 0, 0)
    void setupChildProcess() override;
#endif

private:
    void signalGroup();
    static void prepareChild(int niceness);

    int m_niceness;
};

} // namespace Relive
