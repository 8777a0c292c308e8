// What a workspace may contain and what reloads when (README, "What a workspace may contain"):
// the checked-in workspace tests/workspaces/libraries (a form, a .qrc with a text file and an
// image, a static library, a shared library used by two plugins, a plugin using none) is
// copied, configured and built with the real toolchain, loaded by LiveSession, and edited.
#include "copytree.h"
#include "testfiles.h"
#include "relive/private/atomicfile.h"
#include "relive/private/elflinkinfo.h"
#include "relive/private/elfnameedit.h"
#include "relive/private/librarymappings.h"
#include "relive/candidatebuild.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/sourcewatcher.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QScopeGuard>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QtTest>

#include <algorithm>

#include <dlfcn.h>

using namespace Relive;

namespace {

constexpr int buildTimeoutMs = 180000;
const QStringList plugins{QStringLiteral("panel"), QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("lone")};


QVariant call(QObject *object, const char *method)
{
    if (!object)
        return QVariant();
    const QMetaObject *meta = object->metaObject();
    const int index = meta->indexOfMethod(QByteArray(method) + "()");
    if (index < 0)
        return QVariant();
    const QMetaMethod m = meta->method(index);
    if (m.returnType() == QMetaType::QString) {
        QString text;
        m.invoke(object, Qt::DirectConnection, Q_RETURN_ARG(QString, text));
        return text;
    }
    int value = -1;
    m.invoke(object, Qt::DirectConnection, Q_RETURN_ARG(int, value));
    return value;
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestWorkspaceLibraries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstPluginSaveFindsItsCompilerPastALibrary();
    void elfLinkInfoAgreesWithReadelf();
    void elfNameEditRenamesSonameAndNeeded();
    void recordsBuildIdAndLibraries();
    void watchesWhatTheBuildReads();
    void resourceTextEditReloadsOnlyItsPlugin();
    void resourceImageEditReloads();
    void formEditReloadsInOneBuild();
    void staticLibraryEditReloads();
    void sharedLibraryEditReloadsItsDependents();
    void sharedLibraryBuildFailureKeepsEveryPlugin();
    void sharedLibraryCrashInTheProbeKeepsEveryPlugin();
    void refusedReloadIsReportedStale();
    void cliWatchReloadsResourcesAndLibraryDependents();
    void hostLoadedLibraryIsReportedStaleOnce();
    void libraryOfALibraryReloadsItsDependent();

private:
    QString path(const QString &relative) const { return m_workspace.filePath(relative); }
    QObject *instance(const QString &name) const { return m_host->instance(name); }
    QMap<QString, int> generations() const;
    void edit(const QString &relative, const QByteArray &from, const QByteArray &to);
    QList<HostEvent> eventsSince(int first, HostEvent::Type type) const;
    /*! The stale events since \a first that name \a file. */
    QList<HostEvent> staleSince(int first, const QString &file) const;
    /*! Waits for the build a change started, and for the reloads after it. */
    void waitForBuildAfter(int firstEvent);
    /*! The copy of libshared that left and right run with (the same one). */
    QString sharedCopy() const;

    QTemporaryDir m_workspace;
    QTemporaryDir m_build;
    PluginHost *m_host = nullptr;
    LiveSession *m_session = nullptr;
    QList<HostEvent> m_events;
};

void TestWorkspaceLibraries::initTestCase()
{
    QVERIFY(m_workspace.isValid() && m_build.isValid());
    QVERIFY(copyTree(QStringLiteral(RELIVE_LIBRARIES_WORKSPACE), m_workspace.path()));
    // The newest source is a library's, then lone's (firstPluginSaveFindsItsCompilerPastALibrary()).
    QDirIterator sources(m_workspace.path(), {QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    while (sources.hasNext()) {
        const QString source = sources.next();
        const int ageSeconds = source.endsWith(QLatin1String("/greeting.cpp")) ? 5 : source.endsWith(QLatin1String("/lone.cpp")) ? 10 : 20;
        QFile file(source);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-ageSeconds), QFileDevice::FileModificationTime));
    }
    m_host = new PluginHost(this);
    m_session = new LiveSession(m_host, this);
    m_session->setBuildDirectory(m_build.path());
    m_session->setWorkspace(m_workspace.path());
    connect(m_host, &PluginHost::hostEvent, this, [this](const HostEvent &event) { m_events.append(event); });
    connect(m_session, &LiveSession::sessionEvent, this, [this](const HostEvent &event) { m_events.append(event); });
    QVERIFY2(m_session->start(), qPrintable(m_session->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(plugins.begin(), plugins.end(), [this](const QString &name) { return m_host->isLoaded(name); }),
                             buildTimeoutMs);
    QCOMPARE(call(instance(QStringLiteral("panel")), "message").toString(), QStringLiteral("first message"));
    QCOMPARE(call(instance(QStringLiteral("panel")), "imageWidth").toInt(), 3);
    QCOMPARE(call(instance(QStringLiteral("panel")), "formTitle").toString(), QStringLiteral("Form one"));
    QCOMPARE(call(instance(QStringLiteral("panel")), "greeting").toString(), QStringLiteral("hello"));
    QCOMPARE(call(instance(QStringLiteral("left")), "answer").toInt(), 101);
    QCOMPARE(call(instance(QStringLiteral("right")), "answer").toInt(), 102);
    QCOMPARE(call(instance(QStringLiteral("lone")), "answer").toInt(), 7);
    for (const QString &name : plugins)
        QVERIFY(QMetaObject::invokeMethod(instance(name), "increment"));
}

QMap<QString, int> TestWorkspaceLibraries::generations() const
{
    QMap<QString, int> result;
    for (const QString &name : plugins)
        result.insert(name, m_host->status(name).liveGeneration);
    return result;
}

void TestWorkspaceLibraries::edit(const QString &relative, const QByteArray &from, const QByteArray &to)
{
    QFile file(path(relative));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    file.close();
    QVERIFY2(content.contains(from), qPrintable(relative));
    content.replace(from, to);
    QVERIFY(writeFileAtomically(path(relative), content));
}

QList<HostEvent> TestWorkspaceLibraries::eventsSince(int first, HostEvent::Type type) const
{
    QList<HostEvent> found;
    for (int i = first; i < m_events.size(); ++i) {
        if (m_events.at(i).type == type)
            found.append(m_events.at(i));
    }
    return found;
}

QList<HostEvent> TestWorkspaceLibraries::staleSince(int first, const QString &file) const
{
    QList<HostEvent> found;
    for (const HostEvent &event : eventsSince(first, HostEvent::Type::Stale)) {
        if (event.file == file)
            found.append(event);
    }
    return found;
}

QString TestWorkspaceLibraries::sharedCopy() const
{
    const QList<LinkedLibrary> left = m_host->record(QStringLiteral("left")).libraries;
    const QList<LinkedLibrary> right = m_host->record(QStringLiteral("right")).libraries;
    if (left.size() != 1 || right.size() != 1 || left.constFirst().copy != right.constFirst().copy)
        return QString();
    return left.constFirst().copy;
}

void TestWorkspaceLibraries::waitForBuildAfter(int firstEvent)
{
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(firstEvent, HostEvent::Type::BuildFinished).isEmpty()
                                 || !eventsSince(firstEvent, HostEvent::Type::BuildFailed).isEmpty(),
                             buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBuilding(), buildTimeoutMs);
    QTest::qWait(1500); // the reloads after a build wait on the background trial runs
}

// Once the first build's plugins are live, a compiler starts for the newest source a live
// plugin is linked from: greeting.cpp (a static library's) is newer, lone.cpp next. So even
// lone's first save finds its compiler waiting.
void TestWorkspaceLibraries::firstPluginSaveFindsItsCompilerPastALibrary()
{
    CandidateBuild *candidate = m_session->candidateBuild();
    QCOMPARE(candidate->compilesRun(), 0);
    const int first = int(m_events.size());
    edit(QStringLiteral("lone/lone.cpp"), "return 7;", "return 8;");
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("lone")), "answer").toInt(), 8, buildTimeoutMs);
    QCOMPARE(candidate->compilesRun(), 1);
    QCOMPARE(candidate->compilesStartedAhead(), 1);
    waitForBuildAfter(first);

    const int restored = int(m_events.size());
    edit(QStringLiteral("lone/lone.cpp"), "return 8;", "return 7;");
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("lone")), "answer").toInt(), 7, buildTimeoutMs);
    waitForBuildAfter(restored);
}

// ElfLinkInfo against binutils' readelf, on the libraries and plugins the build made; and on
// cut-short copies, where it must say what is wrong, never read past the end.
void TestWorkspaceLibraries::elfLinkInfoAgreesWithReadelf()
{
    const QString shared = m_build.filePath(QStringLiteral("libshared.so.1.0"));
    const QString left = m_build.filePath(QStringLiteral("plugins/left.so"));
    for (const QString &file : {shared, left}) {
        QProcess readelf;
        readelf.start(QStringLiteral("readelf"), {QStringLiteral("-d"), QStringLiteral("-n"), QStringLiteral("-l"), QStringLiteral("-W"), file});
        QVERIFY(readelf.waitForFinished(30000));
        const QString out = QString::fromLocal8Bit(readelf.readAllStandardOutput());
        QStringList needed;
        QString soname;
        const QRegularExpression entry(QStringLiteral(R"(\((NEEDED|SONAME)\).*\[(.*)\])"));
        for (const QString &line : out.split(QLatin1Char('\n'))) {
            const QRegularExpressionMatch m = entry.match(line);
            if (m.hasMatch() && m.captured(1) == QLatin1String("NEEDED"))
                needed << m.captured(2);
            else if (m.hasMatch())
                soname = m.captured(2);
        }
        const QRegularExpressionMatch id = QRegularExpression(QStringLiteral("Build ID: ([0-9a-f]+)")).match(out);
        QVERIFY2(id.hasMatch(), qPrintable(out));
        const ElfLinkInfo info = ElfLinkInfo::read(file);
        QVERIFY2(info.isValid(), qPrintable(info.error));
        QVERIFY2(info.buildId == id.captured(1), qPrintable(QStringLiteral("read %1\n%2").arg(info.buildId, out)));
        QCOMPARE(info.needed, needed);
        QCOMPARE(info.soname, soname);
    }
    QCOMPARE(ElfLinkInfo::read(shared).soname, QStringLiteral("libshared.so.1"));
    QVERIFY(ElfLinkInfo::read(left).needed.contains(QStringLiteral("libshared.so.1")));

    QFile whole(left);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    QTemporaryDir dir;
    for (const int size : {0, 10, 64, 200, int(bytes.size() / 2)}) {
        const QString cut = dir.filePath(QStringLiteral("cut%1.so").arg(size));
        QFile file(cut);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes.left(size)) == size);
        file.close();
        const ElfLinkInfo info = ElfLinkInfo::read(cut); // must not crash nor read past the end
        if (size < 200)
            QVERIFY2(!info.isValid(), qPrintable(cut));
    }
    QVERIFY(!ElfLinkInfo::read(dir.filePath(QStringLiteral("missing.so"))).isValid());
}

// The in-house edit that gives a library generation its own name: readelf sees the new
// DT_SONAME and DT_NEEDED, nothing else of the file moves, and a longer name is refused.
void TestWorkspaceLibraries::elfNameEditRenamesSonameAndNeeded()
{
    QTemporaryDir dir;
    for (const QString &file : {QStringLiteral("libshared.so.1.0"), QStringLiteral("plugins/left.so")}) {
        QFile original(m_build.filePath(file));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        QByteArray bytes = before;
        QString error;
        QCOMPARE(ElfNameEdit::rename(&bytes, {{QStringLiteral("libshared.so.1"), QStringLiteral("~7q2hared.so.1")}}, &error), 1);
        QCOMPARE(bytes.size(), before.size());
        int differing = 0;
        for (int i = 0; i < bytes.size(); ++i)
            differing += bytes.at(i) != before.at(i);
        QCOMPARE(differing, 4); // "libs" became "~7q2"
        const QString renamed = dir.filePath(QFileInfo(file).fileName());
        QFile out(renamed);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();
        QProcess readelf;
        readelf.start(QStringLiteral("readelf"), {QStringLiteral("-d"), QStringLiteral("-W"), renamed});
        QVERIFY(readelf.waitForFinished(30000));
        const QString out2 = QString::fromLocal8Bit(readelf.readAllStandardOutput());
        QVERIFY2(out2.contains(QStringLiteral("[~7q2hared.so.1]")), qPrintable(out2));
        QVERIFY2(!out2.contains(QStringLiteral("[libshared.so.1]")), qPrintable(out2));
        const ElfLinkInfo info = ElfLinkInfo::read(renamed);
        QVERIFY(info.soname == QStringLiteral("~7q2hared.so.1") || info.needed.contains(QStringLiteral("~7q2hared.so.1")));

        QByteArray longer = before;
        QCOMPARE(ElfNameEdit::rename(&longer, {{QStringLiteral("libshared.so.1"), QStringLiteral("libshared.so.1.longer")}}, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("longer")), qPrintable(error));
    }
    QByteArray notElf("not an ELF file at all, but long enough to have a header's size of bytes in it.......");
    QString error;
    QCOMPARE(ElfNameEdit::rename(&notElf, {{QStringLiteral("a"), QStringLiteral("b")}}, &error), -1);
    QVERIFY(!error.isEmpty());
}

void TestWorkspaceLibraries::recordsBuildIdAndLibraries()
{
    const ModuleRecord panel = m_host->record(QStringLiteral("panel"));
    QVERIFY(!panel.buildId.isEmpty());
    QCOMPARE(panel.buildId, ElfLinkInfo::read(panel.artifactPath).buildId);
    QCOMPARE(panel.toJson().value(QStringLiteral("buildId")).toString(), panel.buildId);

    const QString shared = QFileInfo(m_build.filePath(QStringLiteral("libshared.so.1.0"))).canonicalFilePath();
    QVERIFY(!shared.isEmpty());
    for (const QString &name : {QStringLiteral("left"), QStringLiteral("right")}) {
        const ModuleRecord record = m_host->record(name);
        QCOMPARE(record.libraries.size(), 1);
        const LinkedLibrary library = record.libraries.constFirst();
        QCOMPARE(library.soname, QStringLiteral("libshared.so.1"));
        QCOMPARE(library.path, shared);
        QCOMPARE(library.sha256, sha256Of(shared));
        QCOMPARE(library.buildId, ElfLinkInfo::read(shared).buildId);
        QVERIFY(library.staleReason().isEmpty());
        // It runs a generation of libshared of its own: a copy named for that generation.
        QVERIFY2(LibraryMappings::isMapped(library.copy), qPrintable(library.copy));
        QCOMPARE(ElfLinkInfo::read(library.copy).soname.size(), library.soname.size());
        QVERIFY(ElfLinkInfo::read(library.copy).soname != library.soname);
        const QJsonArray json = record.toJson().value(QStringLiteral("libraries")).toArray();
        QCOMPARE(json.size(), 1);
        QCOMPARE(json.at(0).toObject().value(QStringLiteral("path")).toString(), shared);
        QCOMPARE(json.at(0).toObject().value(QStringLiteral("copy")).toString(), library.copy);
    }
    // A static library is inside the plugin; the system's libraries (Qt, libc) are not listed.
    QVERIFY(panel.libraries.isEmpty());
    QVERIFY(m_host->record(QStringLiteral("lone")).libraries.isEmpty());
    QVERIFY(!sharedCopy().isEmpty()); // left and right share one generation
    // The build's own file is not what runs: nothing of the process maps it.
    QVERIFY(!LibraryMappings::isMapped(shared));
}

void TestWorkspaceLibraries::watchesWhatTheBuildReads()
{
    // No suffix list knows .txt or .png: the watch has them from Ninja's graph.
    QTRY_VERIFY_WITH_TIMEOUT(m_session->sourceWatcher()->watchedFiles().contains(path(QStringLiteral("panel/message.txt"))), 10000);
    const QStringList watched = m_session->sourceWatcher()->watchedFiles();
    QVERIFY(watched.contains(path(QStringLiteral("panel/dot.png"))));
    QVERIFY(watched.contains(path(QStringLiteral("panel/panel.ui"))));
    QVERIFY(watched.contains(path(QStringLiteral("shared/shared.cpp"))));
    for (const QString &file : watched)
        QVERIFY2(!file.startsWith(m_build.path()), qPrintable(file));
}

void TestWorkspaceLibraries::resourceTextEditReloadsOnlyItsPlugin()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_session->sourceWatcher()->watchedFiles().contains(path(QStringLiteral("panel/message.txt"))), 10000);
    const QMap<QString, int> before = generations();
    const int first = int(m_events.size());
    QVERIFY(writeFileAtomically(path(QStringLiteral("panel/message.txt")), "second message\n"));
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("panel")), "message").toString(), QStringLiteral("second message"),
                              buildTimeoutMs);
    QCOMPARE(call(instance(QStringLiteral("panel")), "count").toInt(), 1);
    waitForBuildAfter(first);
    const QMap<QString, int> after = generations();
    QCOMPARE(after.value(QStringLiteral("panel")), before.value(QStringLiteral("panel")) + 1);
    for (const QString &name : {QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("lone")})
        QCOMPARE(after.value(name), before.value(name));
    QVERIFY(eventsSince(first, HostEvent::Type::Stale).isEmpty());
}

void TestWorkspaceLibraries::resourceImageEditReloads()
{
    QImage image(5, 4, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QVERIFY(image.save(path(QStringLiteral("panel/dot.png.new")), "PNG"));
    QVERIFY(QFile::remove(path(QStringLiteral("panel/dot.png"))));
    QVERIFY(QFile::rename(path(QStringLiteral("panel/dot.png.new")), path(QStringLiteral("panel/dot.png"))));
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("panel")), "imageWidth").toInt(), 5, buildTimeoutMs);
    QCOMPARE(call(instance(QStringLiteral("panel")), "count").toInt(), 1);
}

// The form sits in a subfolder of the folder that defines the plugin: CMake tells Ninja that
// AUTOUIC writes include/panel/ui_panel.h, it writes include/ui_panel.h, so without
// relive_add_plugin()'s OBJECT_DEPENDS the first build regenerates the header but compiles
// nothing, and the edit never goes live (no second build comes).
void TestWorkspaceLibraries::formEditReloadsInOneBuild()
{
    const QMap<QString, int> before = generations();
    const int first = int(m_events.size());
    edit(QStringLiteral("panel/panel.ui"), "Form one", "Form two");
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("panel")), "formTitle").toString(), QStringLiteral("Form two"),
                              buildTimeoutMs);
    QCOMPARE(call(instance(QStringLiteral("panel")), "count").toInt(), 1);
    waitForBuildAfter(first);
    QCOMPARE(eventsSince(first, HostEvent::Type::BuildStarted).size(), 1);
    const QMap<QString, int> after = generations();
    QCOMPARE(after.value(QStringLiteral("panel")), before.value(QStringLiteral("panel")) + 1);
    for (const QString &name : {QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("lone")})
        QCOMPARE(after.value(name), before.value(name));
    QVERIFY(eventsSince(first, HostEvent::Type::Stale).isEmpty());
}

void TestWorkspaceLibraries::staticLibraryEditReloads()
{
    const QMap<QString, int> before = generations();
    const int first = int(m_events.size());
    edit(QStringLiteral("greeting/greeting.cpp"), "\"hello\"", "\"howdy\"");
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("panel")), "greeting").toString(), QStringLiteral("howdy"),
                              buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(generations().value(QStringLiteral("lone")), before.value(QStringLiteral("lone")));
    QCOMPARE(generations().value(QStringLiteral("left")), before.value(QStringLiteral("left")));
}

// glibc shares a library by soname: without a generation of its own (a copy whose soname
// names it, and dependents' copies that ask for that name), the reloaded left and right would
// bind to the copy already mapped and still answer 101. Both reload, with the new code and
// their state; lone and panel keep their generation; the old copy goes from the process.
void TestWorkspaceLibraries::sharedLibraryEditReloadsItsDependents()
{
    const QMap<QString, int> before = generations();
    const QString oldCopy = sharedCopy();
    QVERIFY(LibraryMappings::isMapped(oldCopy));
    const int first = int(m_events.size());
    const QString shared = QFileInfo(m_build.filePath(QStringLiteral("libshared.so.1.0"))).canonicalFilePath();
    edit(QStringLiteral("shared/shared.cpp"), "return 100;", "return 200;");
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("left")), "answer").toInt(), 201, buildTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("right")), "answer").toInt(), 202, buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(call(instance(QStringLiteral("left")), "count").toInt(), 1);
    QCOMPARE(call(instance(QStringLiteral("right")), "count").toInt(), 1);
    const QMap<QString, int> after = generations();
    QCOMPARE(after.value(QStringLiteral("left")), before.value(QStringLiteral("left")) + 1);
    QCOMPARE(after.value(QStringLiteral("right")), before.value(QStringLiteral("right")) + 1);
    QCOMPARE(after.value(QStringLiteral("lone")), before.value(QStringLiteral("lone")));
    QCOMPARE(after.value(QStringLiteral("panel")), before.value(QStringLiteral("panel")));
    QCOMPARE(call(instance(QStringLiteral("lone")), "answer").toInt(), 7);

    // One new generation for both, the old one unmapped with its last dependent, and nothing stale.
    const QString newCopy = sharedCopy();
    QVERIFY(!newCopy.isEmpty() && newCopy != oldCopy);
    QVERIFY(LibraryMappings::isMapped(newCopy));
    QVERIFY2(!LibraryMappings::isMapped(oldCopy), qPrintable(oldCopy));
    QVERIFY(!LibraryMappings::isLoaderResident(oldCopy));
    const LinkedLibrary library = m_host->record(QStringLiteral("left")).libraries.constFirst();
    QCOMPARE(library.path, shared);
    QCOMPARE(library.sha256, sha256Of(shared));
    QVERIFY(library.staleReason().isEmpty());
    for (const QString &name : {QStringLiteral("left"), QStringLiteral("right")}) {
        QVERIFY(!m_host->status(name).isStale());
        QCOMPARE(m_host->record(name, before.value(name)).state, ModuleRecord::State::Unloaded);
    }
    QVERIFY(eventsSince(first, HostEvent::Type::Stale).isEmpty());
    QCOMPARE(eventsSince(first, HostEvent::Type::Reloaded).size(), 2);
}

// A library that does not build: every plugin stays on its generation, with its code.
void TestWorkspaceLibraries::sharedLibraryBuildFailureKeepsEveryPlugin()
{
    const QMap<QString, int> before = generations();
    const QString copy = sharedCopy();
    const int first = int(m_events.size());
    edit(QStringLiteral("shared/shared.cpp"), "return 200;", "return 200 +;");
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::BuildFailed).isEmpty(), buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(generations(), before);
    QCOMPARE(sharedCopy(), copy);
    QCOMPARE(call(instance(QStringLiteral("left")), "answer").toInt(), 201);
    QVERIFY(eventsSince(first, HostEvent::Type::Reloaded).isEmpty());

    // Undone: the same bytes as the running generation, so nothing reloads.
    const int fixed = int(m_events.size());
    edit(QStringLiteral("shared/shared.cpp"), "return 200 +;", "return 200;");
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(fixed, HostEvent::Type::BuildFinished).isEmpty(), buildTimeoutMs);
    waitForBuildAfter(fixed);
    QCOMPARE(generations(), before);
    QCOMPARE(sharedCopy(), copy);
}

// The set is all or nothing: the new library crashes right's widget in the trial run (left's
// would pass), so neither reloads, each says why, and the library is reported stale.
void TestWorkspaceLibraries::sharedLibraryCrashInTheProbeKeepsEveryPlugin()
{
    PluginProbe::Settings probe;
    probe.enabled = true;
    probe.program = QStringLiteral(RELIVE_PROBE_EXECUTABLE);
    m_host->setProbeSettings(probe);
    const auto probeOff = qScopeGuard([this] { m_host->setProbeSettings(PluginProbe::Settings()); });
    const QMap<QString, int> before = generations();
    const QString copy = sharedCopy();
    const int first = int(m_events.size());
    edit(QStringLiteral("shared/shared.cpp"), "return \" right\";", "return *static_cast<const char *volatile *>(nullptr);");
    QTRY_VERIFY_WITH_TIMEOUT(eventsSince(first, HostEvent::Type::ReloadFailed).size() >= 2, buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(generations(), before);
    QCOMPARE(sharedCopy(), copy);
    QCOMPARE(call(instance(QStringLiteral("left")), "answer").toInt(), 201);
    QCOMPARE(call(instance(QStringLiteral("right")), "count").toInt(), 1);
    QCOMPARE(m_host->status(QStringLiteral("right")).lastAttempt.failure, FailureKind::TrialCrashed);
    QCOMPARE(m_host->status(QStringLiteral("left")).lastAttempt.failure, FailureKind::SetRefused);
    const QString why = m_host->status(QStringLiteral("left")).lastAttempt.error;
    QVERIFY2(why.contains(QStringLiteral("right")), qPrintable(why));
    // Never silent: the library they run is not the one built.
    bool staleLibrary = false;
    for (const HostEvent &event : eventsSince(first, HostEvent::Type::Stale))
        staleLibrary = staleLibrary || (event.failure == FailureKind::StaleLibrary && event.plugins.size() == 2);
    QVERIFY(staleLibrary);
    QVERIFY(m_host->status(QStringLiteral("left")).isStale());

    // Fixed back to the running bytes: the generation they run is current again, so nothing
    // reloads (no second reload of the same bytes), nothing is stale, the state stays.
    const int fixed = int(m_events.size());
    edit(QStringLiteral("shared/shared.cpp"), "return *static_cast<const char *volatile *>(nullptr);", "return \" right\";");
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(fixed, HostEvent::Type::BuildFinished).isEmpty(), buildTimeoutMs);
    waitForBuildAfter(fixed);
    QCOMPARE(generations(), before);
    QCOMPARE(sharedCopy(), copy);
    QVERIFY(eventsSince(fixed, HostEvent::Type::Reloaded).isEmpty());
    QCOMPARE(call(instance(QStringLiteral("left")), "answer").toInt(), 201);
    QCOMPARE(call(instance(QStringLiteral("right")), "count").toInt(), 1);
    QVERIFY(!m_host->status(QStringLiteral("left")).isStale());
    QVERIFY(!m_host->status(QStringLiteral("right")).isStale());
}

void TestWorkspaceLibraries::refusedReloadIsReportedStale()
{
    const QString lone = QStringLiteral("lone");
    const int generation = m_host->status(lone).liveGeneration;
    const int first = int(m_events.size());
    edit(QStringLiteral("lone/lone.cpp"), "void restoreState(const QVariantMap &state) override {",
         "void restoreState(const QVariantMap &state) override { if (!state.isEmpty()) throw 42;");
    QTRY_VERIFY_WITH_TIMEOUT(!eventsSince(first, HostEvent::Type::ReloadFailed).isEmpty(), buildTimeoutMs);
    QList<HostEvent> stale;
    for (const HostEvent &event : eventsSince(first, HostEvent::Type::Stale)) {
        if (event.plugins == QStringList{lone})
            stale.append(event);
    }
    QCOMPARE(stale.size(), 1);
    QCOMPARE(stale.constFirst().file, m_host->record(lone).artifactPath);
    QCOMPARE(stale.constFirst().generation, generation);
    QVERIFY2(stale.constFirst().error.contains(QStringLiteral("keeps running")), qPrintable(stale.constFirst().error));
    QCOMPARE(m_host->status(lone).liveGeneration, generation);
    QCOMPARE(call(instance(lone), "count").toInt(), 1);
}

// The same promise in `relive-cli watch --json DIR`: a resource edit reloads its plugin, and a
// rebuilt shared library reloads the two plugins that run it, and only those, never stale.
void TestWorkspaceLibraries::cliWatchReloadsResourcesAndLibraryDependents()
{
    QTemporaryDir workspace;
    QTemporaryDir build;
    QVERIFY(copyTree(QStringLiteral(RELIVE_LIBRARIES_WORKSPACE), workspace.path()));
    QProcess cli;
    QList<QJsonObject> events;
    connect(&cli, &QProcess::readyReadStandardOutput, this, [&] {
        while (cli.canReadLine())
            events.append(QJsonDocument::fromJson(cli.readLine()).object());
    });
    const auto count = [&events](const QString &type, const QString &plugin) {
        return int(std::count_if(events.begin(), events.end(), [&](const QJsonObject &event) {
            return event.value(QStringLiteral("event")).toString() == type
                && (plugin.isEmpty() || event.value(QStringLiteral("plugin")).toString() == plugin);
        }));
    };
    const auto describe = [&] {
        QByteArray text = cli.readAllStandardError();
        for (const QJsonObject &event : events)
            text += "\n" + QJsonDocument(event).toJson(QJsonDocument::Compact);
        return text;
    };
    cli.setProcessChannelMode(QProcess::SeparateChannels);
    cli.start(QStringLiteral(RELIVE_CLI_EXECUTABLE), {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--no-probe"),
                                                      QStringLiteral("--build-dir"), build.path(), workspace.path()});
    QVERIFY(cli.waitForStarted());
    QTRY_VERIFY2_WITH_TIMEOUT(count(QStringLiteral("loaded"), QString()) == 4, describe().constData(), buildTimeoutMs);
    QTest::qWait(3000); // Ninja's graph is read after the first build: then the watch knows message.txt

    QVERIFY(writeFileAtomically(workspace.filePath(QStringLiteral("panel/message.txt")), "from the cli\n"));
    QTRY_VERIFY2_WITH_TIMEOUT(count(QStringLiteral("reloaded"), QStringLiteral("panel")) == 1, describe().constData(), buildTimeoutMs);
    QCOMPARE(count(QStringLiteral("reloaded"), QString()), 1);

    QFile source(workspace.filePath(QStringLiteral("shared/shared.cpp")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray edited = source.readAll().replace("return 100;", "return 300;");
    source.close();
    QVERIFY(writeFileAtomically(source.fileName(), edited));
    QTRY_VERIFY2_WITH_TIMEOUT(count(QStringLiteral("reloaded"), QStringLiteral("left")) == 1
                                  && count(QStringLiteral("reloaded"), QStringLiteral("right")) == 1,
                              describe().constData(), buildTimeoutMs);
    QTest::qWait(2000); // anything else this build would bring comes now
    QCOMPARE(count(QStringLiteral("reloaded"), QStringLiteral("lone")), 0);
    QCOMPARE(count(QStringLiteral("reloaded"), QString()), 3);
    QVERIFY2(count(QStringLiteral("stale"), QString()) == 0, describe().constData());
    cli.terminate();
    QVERIFY(cli.waitForFinished(30000));
}

// A library the host process loaded itself keeps its soname: the dependents' new generations
// bind to the host's copy, and every rebuild of it is reported stale. Once per rebuild: a
// build that changes something else says nothing new about it (it did after every build).
void TestWorkspaceLibraries::hostLoadedLibraryIsReportedStaleOnce()
{
    const QString shared = QFileInfo(m_build.filePath(QStringLiteral("libshared.so.1.0"))).canonicalFilePath();
    void *hostCopy = dlopen(QFile::encodeName(shared).constData(), RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(hostCopy, dlerror());
    const auto release = qScopeGuard([hostCopy] { dlclose(hostCopy); });
    const QStringList dependents{QStringLiteral("left"), QStringLiteral("right")};

    // sharedValue()'s number, whatever the tests before left it at.
    const auto setSharedValue = [this](int value) {
        QFile file(path(QStringLiteral("shared/shared.cpp")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(file.readAll());
        file.close();
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("return \\d+;"))));
        text.replace(QRegularExpression(QStringLiteral("return \\d+;")), QStringLiteral("return %1;").arg(value));
        QVERIFY(writeFileAtomically(file.fileName(), text.toUtf8()));
    };

    // Rebuilt: left and right reload (they ran a generation of their own) onto the host's copy.
    const int answer = call(instance(QStringLiteral("left")), "answer").toInt();
    int first = int(m_events.size());
    setSharedValue(400);
    QTRY_VERIFY_WITH_TIMEOUT(!staleSince(first, shared).isEmpty(), buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(staleSince(first, shared).size(), 1);
    QCOMPARE(staleSince(first, shared).constFirst().plugins, dependents);
    QCOMPARE(call(instance(QStringLiteral("left")), "answer").toInt(), answer); // the host's copy: the old code
    for (const QString &name : dependents)
        QVERIFY(m_host->status(name).isStale());

    // Another edit, another build: the library is as stale as it was, not reported again.
    first = int(m_events.size());
    QVERIFY(writeFileAtomically(path(QStringLiteral("panel/message.txt")), "third message\n"));
    QTRY_COMPARE_WITH_TIMEOUT(call(instance(QStringLiteral("panel")), "message").toString(), QStringLiteral("third message"),
                              buildTimeoutMs);
    waitForBuildAfter(first);
    QVERIFY(!eventsSince(first, HostEvent::Type::BuildFinished).isEmpty());
    QVERIFY2(staleSince(first, shared).isEmpty(), qPrintable(staleSince(first, shared).value(0).error));
    QVERIFY(m_host->status(QStringLiteral("left")).isStale());

    // The library changes again: reported again, once.
    first = int(m_events.size());
    setSharedValue(500);
    QTRY_VERIFY_WITH_TIMEOUT(!staleSince(first, shared).isEmpty(), buildTimeoutMs);
    waitForBuildAfter(first);
    QCOMPARE(staleSince(first, shared).size(), 1);
    QCOMPARE(staleSince(first, shared).constFirst().plugins, dependents);
}

// A chain of workspace libraries: top -> libmiddle -> libbase. An edit of libbase reaches top
// through libmiddle: base's new generation is named in middle's copy, middle's in top's.
void TestWorkspaceLibraries::libraryOfALibraryReloadsItsDependent()
{
    QTemporaryDir workspace, build;
    QVERIFY(workspace.isValid() && build.isValid());
    const auto write = [&workspace](const QString &name, const QByteArray &text) {
        return writeFileAtomically(workspace.filePath(name), text);
    };
    QVERIFY(write(QStringLiteral("CMakeLists.txt"),
                  "cmake_minimum_required(VERSION 3.21)\nproject(chain LANGUAGES CXX)\nset(CMAKE_CXX_STANDARD 17)\n"
                  "find_package(Relive REQUIRED)\n"
                  "add_library(base SHARED base.cpp)\nset_target_properties(base PROPERTIES VERSION 1.0 SOVERSION 1)\n"
                  "add_library(middle SHARED middle.cpp)\nset_target_properties(middle PROPERTIES VERSION 1.0 SOVERSION 1)\n"
                  "target_link_libraries(middle PRIVATE base)\n"
                  "relive_add_plugin(top SOURCES top.cpp METADATA top.json)\ntarget_link_libraries(top PRIVATE middle)\n"));
    QVERIFY(write(QStringLiteral("base.cpp"), "int baseValue() { return 10; }\n"));
    QVERIFY(write(QStringLiteral("middle.cpp"), "int baseValue();\nint middleValue() { return baseValue() + 1; }\n"));
    QVERIFY(write(QStringLiteral("top.json"), "{ \"Name\": \"top\", \"Version\": \"1.0.0\" }\n"));
    QVERIFY(write(QStringLiteral("top.cpp"),
                  "#include <relive/liveplugin.h>\n#include <QtWidgets/QLabel>\nint middleValue();\n"
                  "class Top : public QObject, public Relive::LivePlugin {\n"
                  "    Q_OBJECT\n    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"top.json\")\n"
                  "    Q_INTERFACES(Relive::LivePlugin)\npublic:\n"
                  "    Q_INVOKABLE int answer() const { return middleValue(); }\n"
                  "    Q_INVOKABLE int count() const { return m_count; }\n"
                  "    Q_INVOKABLE void increment() { ++m_count; }\n"
                  "    QWidget *createWidget(QWidget *parent) override { return new QLabel(QString::number(answer()), parent); }\n"
                  "    QVariantMap saveState() const override { return {{QStringLiteral(\"count\"), m_count}}; }\n"
                  "    void restoreState(const QVariantMap &s) override { m_count = s.value(QStringLiteral(\"count\")).toInt(); }\n"
                  "private:\n    int m_count = 0;\n};\n#include \"top.moc\"\n"));

    PluginHost host;
    LiveSession session(&host);
    QList<HostEvent> events;
    connect(&host, &PluginHost::hostEvent, this, [&events](const HostEvent &event) { events.append(event); });
    connect(&session, &LiveSession::sessionEvent, this, [&events](const HostEvent &event) { events.append(event); });
    session.setBuildDirectory(build.path());
    session.setWorkspace(workspace.path());
    QVERIFY2(session.start(), qPrintable(session.errorString()));
    const QString top = QStringLiteral("top");
    QTRY_VERIFY_WITH_TIMEOUT(host.isLoaded(top), buildTimeoutMs);
    QCOMPARE(call(host.instance(top), "answer").toInt(), 11);
    QCOMPARE(host.record(top).libraries.size(), 2); // middle, and base through it
    QVERIFY(QMetaObject::invokeMethod(host.instance(top), "increment"));

    const int first = int(events.size());
    QVERIFY(write(QStringLiteral("base.cpp"), "int baseValue() { return 20; }\n"));
    QTRY_COMPARE_WITH_TIMEOUT(call(host.instance(top), "answer").toInt(), 21, buildTimeoutMs);
    QCOMPARE(call(host.instance(top), "count").toInt(), 1);
    QCOMPARE(host.status(top).liveGeneration, 2);
    for (int i = first; i < events.size(); ++i)
        QVERIFY2(events.at(i).type != HostEvent::Type::Stale, qPrintable(events.at(i).error));

    // An edit of top alone: its new generation maps the same library copies as the old one, which
    // is no leak: generation 2 is unloaded, not pinned, and its copies stay for generation 3.
    const QList<LinkedLibrary> copies = host.record(top).libraries;
    const int second = int(events.size());
    QVERIFY(write(QStringLiteral("top.cpp"), TestFiles::readFile(workspace.filePath(QStringLiteral("top.cpp")))
                                                 .replace("return middleValue();", "return middleValue() + 1000;")));
    QTRY_COMPARE_WITH_TIMEOUT(call(host.instance(top), "answer").toInt(), 1021, buildTimeoutMs);
    QCOMPARE(host.status(top).liveGeneration, 3);
    QCOMPARE(call(host.instance(top), "count").toInt(), 1);
    for (int i = second; i < events.size(); ++i)
        QVERIFY2(events.at(i).type != HostEvent::Type::Pinned && events.at(i).type != HostEvent::Type::Stale,
                 qPrintable(events.at(i).error));
    QCOMPARE(host.record(top, 2).state, ModuleRecord::State::Unloaded);
    QCOMPARE(host.record(top).libraries.size(), copies.size());
    for (int i = 0; i < copies.size(); ++i) {
        QCOMPARE(host.record(top).libraries.at(i).copy, copies.at(i).copy);
        QVERIFY(LibraryMappings::isMapped(copies.at(i).copy));
    }

    // Typed, paused (a candidate of the unsaved text), then saved: the candidate is swapped in at
    // the save, and the file's own change that follows is the same code, not a fourth
    // generation. The host renamed the libraries in its copy: code compares as built.
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBuilding(), buildTimeoutMs);
    const QString topSource = QFileInfo(workspace.filePath(QStringLiteral("top.cpp"))).canonicalFilePath();
    const QByteArray typed = TestFiles::readFile(topSource).replace("+ 1000;", "+ 2000;");
    CandidateBuild *candidate = session.candidateBuild();
    QSignalSpy outcomes(candidate, &CandidateBuild::finished);
    candidate->build(topSource, typed);
    QTRY_VERIFY_WITH_TIMEOUT(!outcomes.isEmpty(), buildTimeoutMs);
    QCOMPARE(outcomes.constLast().at(1).value<CandidateBuild::Outcome>(), CandidateBuild::Outcome::Ready);
    const int third = int(events.size());
    QVERIFY(write(QStringLiteral("top.cpp"), typed));
    QVERIFY(session.swapCandidateFor({topSource}));
    QCOMPARE(call(host.instance(top), "answer").toInt(), 2021);
    QCOMPARE(host.status(top).liveGeneration, 4);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin() + third, events.cend(),
                                         [](const HostEvent &event) { return event.type == HostEvent::Type::BuildFinished; }),
                             buildTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBuilding(), buildTimeoutMs);
    QTest::qWait(1500); // a reload after the build would wait on its trial run
    QCOMPARE(host.status(top).liveGeneration, 4);
    QCOMPARE(int(std::count_if(events.cbegin() + third, events.cend(),
                               [](const HostEvent &event) { return event.type == HostEvent::Type::Reloaded; })),
             1);
    QVERIFY(host.unload(top));
}

QTEST_MAIN(TestWorkspaceLibraries)
#include "tst_workspacelibraries.moc"
