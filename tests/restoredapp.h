// The real relive started as Restart, Keeping State starts it (--restore-session FILE), for the
// suites that check what comes back (tst_recovery, tst_appcrash). Offscreen; its stderr passes
// through to the suite's and is kept; it is killed when the suite's scope ends.
// The suite defines RELIVE_APP_EXECUTABLE.
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QStringList>

#include <csignal>
#include <cstdio>

class RestoredApp
{
public:
    RestoredApp()
    {
        QObject::connect(&process, &QProcess::readyReadStandardError, &process, [this] {
            const QByteArray more = process.readAllStandardError();
            errors += more;
            std::fwrite(more.constData(), 1, size_t(more.size()), stderr);
        });
    }
    ~RestoredApp()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(process.processId()), SIGKILL); // as a crash: nothing of the app's own exit runs
        process.waitForFinished(30000);
    }
    RestoredApp(const RestoredApp &) = delete;
    RestoredApp &operator=(const RestoredApp &) = delete;

    /*! Starts relive on \a sessionPath, with \a more arguments; false if it did not start. */
    bool start(const QString &sessionPath, const QStringList &more = {})
    {
        process.setProgram(QStringLiteral(RELIVE_APP_EXECUTABLE));
        process.setArguments(QStringList{QStringLiteral("--restore-session"), sessionPath} + more);
        process.setProcessChannelMode(QProcess::ForwardedOutputChannel);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start();
        return process.waitForStarted();
    }
    bool isRunning() const { return process.state() == QProcess::Running; }
    qint64 pid() const { return process.processId(); }

    QProcess process;
    QByteArray errors; //!< its stderr so far (the event loop must run to collect it)
};
