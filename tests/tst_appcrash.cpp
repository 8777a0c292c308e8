// The app comes back from a plugin's crash, end to end with the real `relive` program: a
// workspace holding a ticking counter is opened from a session (as a restart opens it), its
// source is then changed on disk to a generation that dereferences null on a timer 1 s after it
// went live; the crash handler re-executes the app (execve: the same pid), which restores the
// session (the unsaved buffer with its text) and brings generation 1 back, with the state its
// journal held, while the crashed bytes stay refused when the workspace builds again.
// What the app did is read from outside: its runtime folder (journal.json, session.json, both
// written by the app) and what it says on stderr.
#include "counterworkspace.h"
#include "privatexdg.h"
#include "restoredapp.h"

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>


using namespace Relive::App;

namespace {
constexpr int BuildTimeoutMs = 240000;
const QString Unsaved = QStringLiteral("// typed, never saved, then a plugin crashed the app\n");

// The example counter, counting by itself every 50 ms (so that its state changes while it is
// live), and with \a crashLater a member timer that dereferences null 1 s after it went live.
QByteArray counterSource(bool crashLater)
{
    QByteArray source = CounterWorkspace::exampleSource();
    const QByteArray constructor = "    : QObject(parent)\n{\n}";
    QByteArray body = "    : QObject(parent)\n{\n"
                      "    auto *tick = new QTimer(this);\n"
                      "    connect(tick, &QTimer::timeout, this, &CounterPlugin::increment);\n"
                      "    tick->start(50);\n";
    if (crashLater) {
        body += "    auto *later = new QTimer(this);\n"
                "    later->setSingleShot(true);\n"
                "    connect(later, &QTimer::timeout, this, [] { crashOnTimer(); });\n"
                "    later->start(1000);\n";
    }
    body += "}";
    source.replace(constructor, body);
    source.replace("namespace ReliveExamples {\n",
                   "namespace ReliveExamples {\n"
                   "void crashOnTimer()\n{\n    volatile int *nowhere = nullptr;\n"
                   "    *nowhere = 42; // the line the crash names\n}\n");
    return "#include <QtCore/QTimer>\n" + source;
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(TestFiles::readFile(path)).object();
}

} // namespace

class tst_AppCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void appComesBackFromAPluginCrash();

private:
    /*! The runtime folders of the app (process \a pid; the probe server has its own), newest last. */
    QStringList runtimeFolders(qint64 pid) const;
    QJsonObject counterEntry(const QString &folder) const;

    QTemporaryDir m_home; // XDG folders of this process and the app
};

void tst_AppCrash::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(PrivateXdg::useFolders(m_home.path()));
}

QStringList tst_AppCrash::runtimeFolders(qint64 pid) const
{
    const QDir base(m_home.filePath(QStringLiteral("runtime/relive")));
    QStringList folders;
    for (const QString &name : base.entryList({QStringLiteral("%1-*").arg(pid)}, QDir::Dirs | QDir::NoDotAndDotDot,
                                              QDir::Time | QDir::Reversed))
        folders << base.filePath(name);
    return folders;
}

QJsonObject tst_AppCrash::counterEntry(const QString &folder) const
{
    return readJson(folder + QStringLiteral("/journal.json"))
        .value(QStringLiteral("plugins")).toObject().value(QStringLiteral("counter")).toObject();
}

void tst_AppCrash::appComesBackFromAPluginCrash()
{
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    const QString root = QFileInfo(workspace.path()).canonicalFilePath();
    const QString source = CounterWorkspace::create(root, counterSource(false));
    QVERIFY(!source.isEmpty());
    const QString notes = root + QStringLiteral("/notes.txt");
    QVERIFY(TestFiles::writeFile(notes, "saved text\n"));

    // Opened as a restart opens it: the workspace, and a buffer with unsaved text.
    const QJsonArray files{QJsonObject{{QStringLiteral("path"), notes}, {QStringLiteral("line"), 1},
                                       {QStringLiteral("column"), 1}, {QStringLiteral("scroll"), 0},
                                       {QStringLiteral("modified"), true}, {QStringLiteral("text"), Unsaved}}};
    const QJsonObject session{{QStringLiteral("version"), 1},
                              {QStringLiteral("workspace"), root},
                              {QStringLiteral("editors"), QJsonObject{{QStringLiteral("files"), files}, {QStringLiteral("current"), 0}}},
                              {QStringLiteral("plugins"), QJsonObject()}};
    const QString sessionPath = m_home.filePath(QStringLiteral("start-session.json"));
    QVERIFY(TestFiles::writeFile(sessionPath, QJsonDocument(session).toJson()));

    RestoredApp restored;
    QVERIFY2(restored.start(sessionPath), qPrintable(restored.process.errorString()));
    QProcess &app = restored.process;
    const QByteArray &errors = restored.errors;
    const qint64 pid = app.processId();

    // Generation 1 live and counting, journaled.
    QTRY_VERIFY_WITH_TIMEOUT(runtimeFolders(pid).size() == 1 || app.state() == QProcess::NotRunning, BuildTimeoutMs);
    QVERIFY2(app.state() == QProcess::Running, errors.constData());
    const QString first = runtimeFolders(pid).constFirst();
    QTRY_VERIFY_WITH_TIMEOUT(counterEntry(first).value(QStringLiteral("live")).toInt() == 1
                                 && app.state() == QProcess::Running, BuildTimeoutMs);

    // The crashing generation, built by the app from the changed source.
    QVERIFY(TestFiles::writeFile(source, counterSource(true)));
    QTRY_VERIFY_WITH_TIMEOUT(counterEntry(first).value(QStringLiteral("live")).toInt() == 2 || !QFileInfo::exists(first)
                                 || app.state() == QProcess::NotRunning, BuildTimeoutMs);
    const int carried = counterEntry(first).value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt();

    // The crash, and the same process back in a runtime folder of its own; the old one is gone.
    QTRY_VERIFY_WITH_TIMEOUT(errors.contains("generation 1 is live again as generation 3")
                                 || app.state() == QProcess::NotRunning, BuildTimeoutMs);
    QVERIFY2(app.state() == QProcess::Running, errors.constData());
    QCOMPARE(app.processId(), pid);
    QTRY_VERIFY(!QFileInfo::exists(first));
    QCOMPARE(runtimeFolders(pid).size(), 1);
    const QString second = runtimeFolders(pid).constFirst();

    // Generation 1's code as generation 3, with the journaled state: the app journals every 2 s
    // and at every reload, so with the crash 1 s after the reload it is at least what the reload
    // carried (not the 0 a fresh load would start from).
    const QJsonObject entry = counterEntry(second);
    QCOMPARE(entry.value(QStringLiteral("live")).toInt(), 3);
    QVERIFY(carried > 0);
    QVERIFY2(entry.value(QStringLiteral("state")).toObject().value(QStringLiteral("count")).toInt() >= carried,
             QJsonDocument(entry).toJson().constData());

    // The unsaved text came back with the session (the new session file says so), not written.
    QTRY_VERIFY(QFileInfo::exists(second + QStringLiteral("/session.json")));
    const QJsonArray restoredFiles = readJson(second + QStringLiteral("/session.json"))
                                         .value(QStringLiteral("editors")).toObject().value(QStringLiteral("files")).toArray();
    bool unsavedBack = false;
    for (const QJsonValue &file : restoredFiles) {
        unsavedBack = unsavedBack
            || (file.toObject().value(QStringLiteral("path")).toString() == notes
                && file.toObject().value(QStringLiteral("text")).toString() == Unsaved);
    }
    QVERIFY2(unsavedBack, QJsonDocument(restoredFiles).toJson().constData());
    QCOMPARE(TestFiles::readFile(notes), QByteArray("saved text\n"));

    // The restored session's build (nothing to compile) gives the crashed bytes again: they are
    // refused, and generation 3 stays live. The wait covers that no-op build.
    QTest::qWait(5000);
    QCOMPARE(app.state(), QProcess::Running);
    QCOMPARE(counterEntry(second).value(QStringLiteral("live")).toInt(), 3);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The app's settings (WorkspaceTrust), which the child reads.
    QCoreApplication::setOrganizationName(QStringLiteral("Relive"));
    QCoreApplication::setApplicationName(QStringLiteral("relive"));
    tst_AppCrash test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_appcrash.moc"
