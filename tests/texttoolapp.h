// The example app of examples/embedding (texttool), for the attach suites: built out of tree
// against this build's package, started offscreen with its PluginAgent listening, and a
// workspace holding one of its filters (upper) that Relive builds with relive_add_plugin().
// The suite defines RELIVE_SOURCE_DIR, RELIVE_BUILD_DIR, RELIVE_CMAKE_COMMAND,
// RELIVE_MAKE_PROGRAM, RELIVE_CXX_COMPILER and RELIVE_PROBE_EXECUTABLE.
#pragma once

#include "testfiles.h"
#include "toolrun.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>

#include <sys/stat.h>

/*! A program running beside the suite, its output collected as it comes. */
struct Running
{
    QProcess process;
    QString output;
    QString errors;

    /*!
     * Starts \a program, which dies with this suite (setpriv --pdeathsig KILL): an aborted run
     * must not leave the app or the watch behind, holding what the suite held.
     */
    bool start(const QString &program, const QStringList &arguments)
    {
        process.start(QStringLiteral("setpriv"), QStringList{QStringLiteral("--pdeathsig"), QStringLiteral("KILL"), program} + arguments);
        return process.waitForStarted(30000);
    }
    void collect()
    {
        process.waitForReadyRead(50);
        output += QString::fromLocal8Bit(process.readAllStandardOutput());
        errors += QString::fromLocal8Bit(process.readAllStandardError());
    }
    bool said(const QString &text)
    {
        collect();
        return output.contains(text);
    }
    /*! The JSON events of its output (relive-cli watch --json). */
    QList<QJsonObject> events()
    {
        collect();
        QList<QJsonObject> found;
        for (const QString &line : output.split(QLatin1Char('\n'))) {
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8()).object();
            if (event.contains(QStringLiteral("event")))
                found << event;
        }
        return found;
    }
    bool hasEvent(const QString &type, const QString &plugin = QString(), int generation = -1)
    {
        for (const QJsonObject &event : events()) {
            if (event.value(QStringLiteral("event")).toString() == type
                && (plugin.isEmpty() || event.value(QStringLiteral("plugin")).toString() == plugin)
                && (generation < 0 || event.value(QStringLiteral("generation")).toInt() == generation))
                return true;
        }
        return false;
    }
    QByteArray describe() const { return (output.right(3000) + QLatin1Char('\n') + errors.right(3000)).toLocal8Bit(); }
    void stop()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.kill();
        process.waitForFinished(10000);
    }
};

/*! texttool and the filters workspace, in a folder of the suite's. */
struct TexttoolApp
{
    static QString upperStatement() { return QStringLiteral("return text.toUpper();"); }

    QString example;   //!< the copy of examples/embedding
    QString build;     //!< its build folder
    QString workspace; //!< the filters workspace: upper.cpp, upper.json, CMakeLists.txt
    QString runtime;   //!< XDG_RUNTIME_DIR of the suite and its children (0700)
    QString socket;    //!< the running app's agent socket
    QByteArray upperSource;
    Running app;

    /*!
     * Under \a folder: a runtime folder of the suite's own (its agents, and only they), the
     * example built, the workspace written. False, with \a error, when a step failed.
     */
    bool prepare(const QString &folder, QByteArray *error)
    {
        runtime = folder + QStringLiteral("/run");
        if (!QDir().mkpath(runtime) || ::chmod(QFile::encodeName(runtime).constData(), 0700) != 0)
            return fail(error, "cannot make the runtime folder " + runtime.toLocal8Bit());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
        qputenv("RELIVE_PROBE", RELIVE_PROBE_EXECUTABLE);
        example = folder + QStringLiteral("/texttool");
        build = folder + QStringLiteral("/texttool-build");
        if (!copyFolder(QStringLiteral(RELIVE_SOURCE_DIR "/examples/embedding"), example))
            return fail(error, "cannot copy examples/embedding");
        if (!configureAndBuild(example, build, QStringLiteral("the example"), error))
            return false;
        return writeWorkspace(folder + QStringLiteral("/filters"), error);
    }

    /*! The workspace a developer edits: the upper filter, built on its own with relive_add_plugin(). */
    bool writeWorkspace(const QString &path, QByteArray *error)
    {
        workspace = path;
        QFile upper(example + QStringLiteral("/filters/upper/upper.cpp"));
        if (!QDir().mkpath(workspace) || !upper.open(QIODevice::ReadOnly))
            return fail(error, "cannot read the upper filter's source");
        upperSource = upper.readAll();
        if (!upperSource.contains(upperStatement().toUtf8()))
            return fail(error, "upper.cpp no longer holds " + upperStatement().toUtf8());
        if (!QFile::copy(example + QStringLiteral("/filters/upper/upper.json"), workspace + QStringLiteral("/upper.json"))
            || !writeUpper(upperStatement()))
            return fail(error, "cannot write the workspace");
        QFile cmake(workspace + QStringLiteral("/CMakeLists.txt"));
        if (!cmake.open(QIODevice::WriteOnly))
            return fail(error, "cannot write the workspace's CMakeLists.txt");
        cmake.write(QStringLiteral("cmake_minimum_required(VERSION 3.21)\nproject(filters LANGUAGES CXX)\n"
                                   "set(CMAKE_CXX_STANDARD 17)\nfind_package(Relive REQUIRED COMPONENTS core)\n"
                                   "relive_add_plugin(texttool_upper NO_WIDGETS SOURCES upper.cpp METADATA upper.json)\n"
                                   "target_include_directories(texttool_upper PRIVATE \"%1\")\n").arg(example).toUtf8());
        return true;
    }

    /*! upper.cpp of the workspace with \a statement instead of the upper one; \a restore goes before its state is read back. */
    QByteArray upperWith(const QString &statement, const QString &restore = QString()) const
    {
        QByteArray source = upperSource;
        source.replace(upperStatement().toUtf8(), statement.toUtf8());
        if (!restore.isEmpty())
            source.replace("m_calls = state.value", restore.toUtf8() + " m_calls = state.value");
        return source;
    }

    bool writeUpper(const QString &statement, const QString &restore = QString())
    {
        return TestFiles::writeFile(workspace + QStringLiteral("/upper.cpp"), upperWith(statement, restore));
    }

    /*! Starts texttool --trace abc and waits for its first filter run and its agent's socket. */
    bool start(QByteArray *error)
    {
        if (!app.start(build + QStringLiteral("/texttool"), {QStringLiteral("--trace"), QStringLiteral("abc")}))
            return fail(error, "cannot start texttool");
        if (!waitFor(QStringLiteral("upper 1: ABC {\"calls\":1}"), 60000) || !waitFor(QStringLiteral("listening on "), 30000))
            return fail(error, app.describe());
        const int at = app.output.indexOf(QStringLiteral("listening on ")) + 13;
        socket = app.output.mid(at, app.output.indexOf(QLatin1Char('\n'), at) - at);
        if (!QFileInfo(socket).path().startsWith(runtime + QStringLiteral("/relive/")))
            return fail(error, "the socket is not in the suite's runtime folder: " + socket.toLocal8Bit());
        return true;
    }

    /*! Waits, handling events, until the app said \a text. */
    bool waitFor(const QString &text, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!app.said(text)) {
            if (deadline.hasExpired() || app.process.state() == QProcess::NotRunning)
                return app.said(text);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        return true;
    }

private:
    static bool fail(QByteArray *error, const QByteArray &message)
    {
        *error = message;
        return false;
    }
};
