// Attach, with real processes: the example app (examples/embedding, built out of tree against
// this build's package) runs offscreen with its PluginAgent listening; `relive-cli watch DIR
// --attach` builds a workspace holding one of its filters and the app reloads it, with its
// state; a failed build and a refused generation leave the app on the old generation and say
// so over the socket, and the fix that follows goes live; a client of another user is refused; malformed, unknown and oversized
// messages get error replies while a silent client stays connected; the app quitting ends the
// watch.
#include <relive/agentprotocol.h>

#include "testfiles.h"
#include "texttoolapp.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QLocalSocket>
#include <QtTest/QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Relive;

namespace {

const int eventTimeoutMs = 180000; // a rebuild of the workspace on a loaded 2-core machine

/*! A client of the agent's socket, speaking raw bytes. */
struct RawClient
{
    QLocalSocket socket;
    AgentProtocol::LineReader reader{64 * 1024 * 1024};

    bool connectTo(const QString &path)
    {
        socket.connectToServer(path);
        return socket.waitForConnected(10000);
    }
    /*! Sends \a bytes and waits for one reply line. */
    QJsonObject exchange(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
        QDeadlineTimer deadline(20000);
        QByteArray line;
        bool tooLarge = false;
        while (!reader.takeLine(&line, &tooLarge)) {
            if (deadline.hasExpired() || !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
                return QJsonObject();
            reader.append(socket.readAll());
        }
        return QJsonDocument::fromJson(line).object();
    }
};

} // namespace

class TestAttach : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void agentsListsTheApp();
    void watchAttachReloadsTheAppWithItsState();
    void failedBuildAndRefusedGenerationKeepTheOldOne();
    void badMessagesGetErrorRepliesAndBlockNothing();
    void anotherUserIsRefused();
    void rebuiltLibraryIsReportedStale();
    void appQuittingEndsTheWatch();

private:
    void writeUpper(const QString &statement, const QString &restore = QString());
    /*! `relive-cli agents <pid> --json`: the app's entry. */
    QJsonObject listApp();
    QJsonObject upperIn(const QJsonObject &app) const;
    bool appSaid(const QString &text) { return m_app.said(text); }

    QTemporaryDir m_temp;
    TexttoolApp m_texttool;
    QString m_build;
    QString m_workspace;
    QString m_runtime;
    QString m_socket;
    Running &m_app = m_texttool.app;
    Running m_watch;
};

void TestAttach::initTestCase()
{
    QVERIFY(m_temp.isValid());
    QByteArray error;
    QVERIFY2(m_texttool.prepare(m_temp.path(), &error), error.constData());
    QVERIFY2(m_texttool.start(&error), error.constData());
    m_build = m_texttool.build;
    m_workspace = m_texttool.workspace;
    m_runtime = m_texttool.runtime;
    m_socket = m_texttool.socket;
}

void TestAttach::cleanupTestCase()
{
    m_watch.stop();
    m_app.stop();
}

void TestAttach::writeUpper(const QString &statement, const QString &restore)
{
    QVERIFY(m_texttool.writeUpper(statement, restore));
}

QJsonObject TestAttach::listApp()
{
    const ToolRun listed = runTool(QStringLiteral(RELIVE_CLI_EXECUTABLE),
                                   {QStringLiteral("agents"), QString::number(m_app.process.processId()),
                                    QStringLiteral("--json")}, {}, 30000);
    if (!listed.ok())
        qWarning().noquote() << listed.describe(QStringLiteral("relive-cli agents"));
    return QJsonDocument::fromJson(listed.output.trimmed().toUtf8()).object();
}

QJsonObject TestAttach::upperIn(const QJsonObject &app) const
{
    for (const QJsonValue &plugin : app.value(QStringLiteral("plugins")).toArray()) {
        if (plugin.toObject().value(QStringLiteral("name")).toString() == QLatin1String("upper"))
            return plugin.toObject();
    }
    return QJsonObject();
}

void TestAttach::agentsListsTheApp()
{
    const QJsonObject app = listApp();
    QCOMPARE(app.value(QStringLiteral("pid")).toInt(), int(m_app.process.processId()));
    QCOMPARE(app.value(QStringLiteral("app")).toString(), QStringLiteral("texttool"));
    QCOMPARE(app.value(QStringLiteral("iid")).toString(), QStringLiteral("org.example.TextFilter/1.0"));
    QCOMPARE(app.value(QStringLiteral("folder")).toString(), m_build + QStringLiteral("/filters"));
    QCOMPARE(app.value(QStringLiteral("socket")).toString(), m_socket);
    QCOMPARE(upperIn(app).value(QStringLiteral("generation")).toInt(), 1);
    QCOMPARE(upperIn(app).value(QStringLiteral("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(upperIn(app).value(QStringLiteral("state")).toObject().value(QStringLiteral("calls")).toInt(), 1);

    // By name too, in the readable form.
    const ToolRun byName = runTool(QStringLiteral(RELIVE_CLI_EXECUTABLE), {QStringLiteral("agents"), QStringLiteral("texttool")}, {}, 30000);
    QVERIFY2(byName.ok() && byName.output.contains(QStringLiteral("upper 1.0.0: generation 1"))
                 && byName.output.contains(QStringLiteral("%1 texttool").arg(m_app.process.processId())),
             byName.describe(QStringLiteral("relive-cli agents texttool")).constData());
    const ToolRun nobody = runTool(QStringLiteral(RELIVE_CLI_EXECUTABLE), {QStringLiteral("agents"), QStringLiteral("no-such-app")}, {}, 30000);
    QVERIFY2(nobody.exitCode == 1 && nobody.errors.contains(QStringLiteral("no running app")),
             nobody.describe(QStringLiteral("relive-cli agents no-such-app")).constData());
}

void TestAttach::watchAttachReloadsTheAppWithItsState()
{
    QVERIFY(m_watch.start(QStringLiteral(RELIVE_CLI_EXECUTABLE),
                          {QStringLiteral("watch"), m_workspace, QStringLiteral("--json"), QStringLiteral("--attach"),
                           QString::number(m_app.process.processId()), QStringLiteral("--build-dir"),
                           m_temp.filePath(QStringLiteral("filters-build"))}));
    // The first build's upper replaces the app's own, in the app, with the count carried.
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("reloaded"), QStringLiteral("upper"), 2),
                              m_watch.describe().constData(), eventTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("upper 2: ABC {\"calls\":2}")), m_app.describe().constData(), 30000);

    writeUpper(QStringLiteral("return text.toUpper() + QStringLiteral(\"!\");"));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("reloaded"), QStringLiteral("upper"), 3),
                              m_watch.describe().constData(), eventTimeoutMs);
    // The app's filter gives the new result; a fresh instance would count 1.
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("upper 3: ABC! {\"calls\":3}")), m_app.describe().constData(), 30000);
    const QJsonObject upper = upperIn(listApp());
    QCOMPARE(upper.value(QStringLiteral("generation")).toInt(), 3);
    QCOMPARE(upper.value(QStringLiteral("state")).toObject().value(QStringLiteral("calls")).toInt(), 3);
    QVERIFY(m_watch.hasEvent(QStringLiteral("build-finished")));
    QVERIFY2(!m_app.output.contains(QStringLiteral("refused")), m_app.describe().constData());
}

void TestAttach::failedBuildAndRefusedGenerationKeepTheOldOne()
{
    QVERIFY(m_watch.process.state() == QProcess::Running);
    writeUpper(QStringLiteral("return text.toUpper() +;"));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("build-failed")), m_watch.describe().constData(), eventTimeoutMs);
    // The app hears of it, with the compiler's first error: it must not look as if it ran the edit.
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("build failed, the filters did not change: ")), m_app.describe().constData(), 30000);
    const int said = m_app.output.indexOf(QStringLiteral("build failed, the filters did not change: "));
    const QString summary = m_app.output.mid(said, m_app.output.indexOf(QLatin1Char('\n'), said) - said);
    QVERIFY2(summary.contains(m_workspace + QStringLiteral("/upper.cpp:")) && summary.contains(QStringLiteral("error: ")), qPrintable(summary));
    QCOMPARE(upperIn(listApp()).value(QStringLiteral("generation")).toInt(), 3);
    QVERIFY2(!m_app.said(QStringLiteral("upper 4")), m_app.describe().constData());

    // Built, then refused by its trial run in a child process: the app keeps generation 3.
    writeUpper(QStringLiteral("return text.toLower();"), QStringLiteral("qFatal(\"upper refuses the state\");"));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("reload-failed"), QStringLiteral("upper")),
                              m_watch.describe().constData(), eventTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("upper refused: ")), m_app.describe().constData(), 30000);
    const QJsonObject refused = upperIn(listApp());
    QCOMPARE(refused.value(QStringLiteral("generation")).toInt(), 3);
    QVERIFY2(refused.value(QStringLiteral("error")).toString().contains(QStringLiteral("upper refuses the state")),
             qPrintable(QJsonDocument(refused).toJson()));
    QVERIFY(!m_app.output.contains(QStringLiteral("upper 4")));

    // The fix of the refused code goes live at once, with the state generation 3 held. The
    // refused attempt keeps its number (4) in the history, so the fix is generation 5.
    writeUpper(QStringLiteral("return text.toLower();"));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("reloaded"), QStringLiteral("upper"), 5),
                              m_watch.describe().constData(), eventTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("upper 5: abc {\"calls\":4}")), m_app.describe().constData(), 30000);
    const QJsonObject fixed = upperIn(listApp());
    QCOMPARE(fixed.value(QStringLiteral("generation")).toInt(), 5);
    QVERIFY2(fixed.value(QStringLiteral("error")).toString().isEmpty(), qPrintable(QJsonDocument(fixed).toJson()));
}

void TestAttach::badMessagesGetErrorRepliesAndBlockNothing()
{
    RawClient silent; // half a request, then nothing: it must hold up no one
    QVERIFY(silent.connectTo(m_socket));
    silent.socket.write("{\"relive\":1,\"id\":1,");
    silent.socket.flush();

    RawClient client;
    QVERIFY(client.connectTo(m_socket));
    const auto code = [](const QJsonObject &reply) { return reply.value(QStringLiteral("code")).toString(); };
    QCOMPARE(code(client.exchange("not json at all\n")), QStringLiteral("malformed"));
    QCOMPARE(code(client.exchange("[1,2,3]\n")), QStringLiteral("malformed"));
    QCOMPARE(code(client.exchange("{\"relive\":1,\"id\":2,\"cmd\":42}\n")), QStringLiteral("malformed"));
    QCOMPARE(code(client.exchange("{\"relive\":99,\"id\":3,\"cmd\":\"list\"}\n")), QStringLiteral("version"));
    const QJsonObject unknown = client.exchange("{\"relive\":1,\"id\":4,\"cmd\":\"format-disk\"}\n");
    QCOMPARE(code(unknown), QStringLiteral("unknown-command"));
    QCOMPARE(unknown.value(QStringLiteral("id")).toInt(), 4);
    QCOMPARE(code(client.exchange(QByteArray(3 * 1024 * 1024, 'x') + '\n')), QStringLiteral("too-large"));
    QCOMPARE(code(client.exchange("{\"relive\":1,\"id\":5,\"cmd\":\"reload\"}\n")), QStringLiteral("malformed"));
    QCOMPARE(code(client.exchange("{\"relive\":1,\"id\":6,\"cmd\":\"reload\",\"path\":\"/no/such/plugin.so\"}\n")),
             QStringLiteral("refused"));
    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i * 7 + 3);
    binary.replace('\n', ' ');
    QCOMPARE(code(client.exchange(binary + '\n')), QStringLiteral("malformed"));

    // Still serving, on the same connection, the silent client still there; the app unharmed.
    const QJsonObject list = client.exchange(AgentProtocol::requestLine(7, QStringLiteral("list")));
    QVERIFY2(list.value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(list).toJson()));
    QCOMPARE(upperIn(list).value(QStringLiteral("generation")).toInt(), 5);
    QCOMPARE(silent.socket.state(), QLocalSocket::ConnectedState);
    QCOMPARE(m_app.process.state(), QProcess::Running);
}

void TestAttach::anotherUserIsRefused()
{
    if (::geteuid() != 0)
        QSKIP("needs root, to run the client as another user (setpriv --reuid nobody)");
    // The folders are this user's only (0700): open them, so that the socket's own check is what refuses.
    QStringList opened;
    for (QString path = QFileInfo(m_socket).path(); path.startsWith(m_temp.path()); path = QFileInfo(path).path())
        opened << path;
    for (const QString &path : opened)
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0711), 0);
    QCOMPARE(::chmod(QFile::encodeName(m_socket).constData(), 0777), 0);
    const ToolRun other = runTool(QStringLiteral("setpriv"),
                                  {QStringLiteral("--reuid"), QStringLiteral("nobody"), QStringLiteral("--regid"),
                                   QStringLiteral("nogroup"), QStringLiteral("--clear-groups"),
                                   QStringLiteral(RELIVE_CLI_EXECUTABLE), QStringLiteral("agents"), QStringLiteral("--socket"),
                                   m_socket, QStringLiteral("--json")}, {}, 30000);
    for (const QString &path : opened)
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0700), 0);
    QCOMPARE(::chmod(QFile::encodeName(m_socket).constData(), 0700), 0);
    QVERIFY2(other.exitCode == 1 && other.errors.contains(QStringLiteral("refused: the connecting process runs as uid"))
                 && other.output.isEmpty(),
             other.describe(QStringLiteral("relive-cli agents as nobody")).constData());
    const auto appComplained = [this] {
        m_app.collect();
        return m_app.errors.contains(QStringLiteral("refused a connection from uid"));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(appComplained(), m_app.describe().constData(), 10000);
    // The app's own user is still served.
    QCOMPARE(upperIn(listApp()).value(QStringLiteral("generation")).toInt(), 5);
}

// The app's loader keeps a shared library it mapped once (one copy per soname): the filter
// reloaded after its library was rebuilt still runs the old library code. The reply says so
// (a stale event naming the library), instead of a silent reload.
void TestAttach::rebuiltLibraryIsReportedStale()
{
    const QString suffix = m_workspace + QStringLiteral("/suffix.cpp");
    QVERIFY(TestFiles::writeFile(suffix, "#include <QtCore/QString>\nQString upperSuffix() { return QStringLiteral(\"-1\"); }\n"));
    QFile cmake(m_workspace + QStringLiteral("/CMakeLists.txt"));
    QVERIFY(cmake.open(QIODevice::Append));
    cmake.write("add_library(upper_suffix SHARED suffix.cpp)\ntarget_link_libraries(upper_suffix PRIVATE Qt::Core)\n"
                "target_link_libraries(texttool_upper PRIVATE upper_suffix)\n");
    cmake.close();
    writeUpper(QStringLiteral("QString upperSuffix(); return text.toLower() + upperSuffix();"));
    QTRY_VERIFY2_WITH_TIMEOUT(appSaid(QStringLiteral("upper 6: abc-1 ")), m_app.describe().constData(), eventTimeoutMs);
    QVERIFY2(!m_watch.hasEvent(QStringLiteral("stale")), m_watch.describe().constData());

    QVERIFY(TestFiles::writeFile(suffix, "#include <QtCore/QString>\nQString upperSuffix() { return QStringLiteral(\"-2\"); }\n"));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.hasEvent(QStringLiteral("stale"), QStringLiteral("upper")), m_watch.describe().constData(),
                              eventTimeoutMs);
    QJsonObject stale;
    for (const QJsonObject &event : m_watch.events()) {
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("stale"))
            stale = event;
    }
    QVERIFY2(stale.value(QStringLiteral("file")).toString().endsWith(QStringLiteral("/libupper_suffix.so")),
             qPrintable(QJsonDocument(stale).toJson()));
    QCOMPARE(stale.value(QStringLiteral("failure")).toString(), QStringLiteral("stale-library"));
    QVERIFY2(!m_app.said(QStringLiteral("abc-2")), m_app.describe().constData());
}

void TestAttach::appQuittingEndsTheWatch()
{
    const qint64 pid = m_app.process.processId();
    QVERIFY(QFileInfo::exists(QStringLiteral("%1/relive/agents/%2.json").arg(m_runtime).arg(pid)));
    m_app.process.kill(); // no goodbye: its discovery file stays behind
    QVERIFY(m_app.process.waitForFinished(10000));
    QTRY_VERIFY2_WITH_TIMEOUT(m_watch.process.state() == QProcess::NotRunning, m_watch.describe().constData(), 30000);
    m_watch.collect();
    QCOMPARE(m_watch.process.exitCode(), 1);
    QVERIFY2(m_watch.errors.contains(QStringLiteral("closed the connection")), m_watch.describe().constData());
    // The stale entry of the dead pid is not listed, and is removed.
    const ToolRun listed = runTool(QStringLiteral(RELIVE_CLI_EXECUTABLE), {QStringLiteral("agents"), QStringLiteral("--json")}, {}, 30000);
    QVERIFY2(listed.ok() && listed.output.trimmed().isEmpty(), listed.describe(QStringLiteral("relive-cli agents")).constData());
    QVERIFY(!QFileInfo::exists(QStringLiteral("%1/relive/agents/%2.json").arg(m_runtime).arg(pid)));
}

QTEST_GUILESS_MAIN(TestAttach)
#include "tst_attach.moc"
