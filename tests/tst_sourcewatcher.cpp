// SourceWatcher on real files: saves as editors make them (in place, by rename, delete and
// recreate), new and deleted files and folders, touches that change nothing, bursts, and the
// folders that must never count. Waits are bounded; "no signal" is checked over 300 ms.
#include "testfiles.h"

#include <relive/sourcewatcher.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>

#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>

using namespace Relive;

namespace {

const int signalTimeoutMs = 5000; // far more than the debounce: a busy machine is slow
const int quietMs = 300;

QStringList changedFiles(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).toStringList();
}

// Every file any of the signals so far reported, sorted, once each.
QStringList changedFilesIn(const QSignalSpy &spy)
{
    QStringList files;
    for (int i = 0; i < spy.count(); ++i)
        files += changedFiles(spy, i);
    files.sort();
    files.removeDuplicates();
    return files;
}

} // namespace

class TestSourceWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void watchesSourcesOnly();
    void saveInPlace();
    void saveByRename_data();
    void saveByRename();
    void deleteAndRecreate();
    void newFileInNewFolder();
    void deletedFile();
    void deletedFolder();
    void touchWithoutChange();
    void burstGivesOneSignal();
    void buildAndExcludedFoldersNeverTrigger();
    void newBuildFolderInsideTheWorkspace();
    void debounceInterval();
    void changingComesAtTheFirstEvent();
    void buildInputsAreWatchedWhateverTheirName();

private:
    QString path(const QString &relative) const { return QDir::cleanPath(m_root + QLatin1Char('/') + relative); }
    /*! Exactly one changed() comes, with \a expected, and nothing after it. */
    void expectOneChange(const QStringList &expected);
    void expectNothing();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    std::unique_ptr<SourceWatcher> m_watcher;
    std::unique_ptr<QSignalSpy> m_spy;
};

void TestSourceWatcher::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_root = QFileInfo(m_dir->path()).canonicalFilePath();
    const QByteArray cmake = "cmake_minimum_required(VERSION 3.21)\n";
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("CMakeLists.txt")), cmake));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("cmake/helpers.cmake")), "# helpers\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/widget.cpp")), "int widget() { return 1; }\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/widget.h")), "int widget();\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/widget.json")), "{ \"Name\": \"widget\" }\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/form.ui")), "<ui/>\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("README.md")), "not a source\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/notes.txt")), "not a source\n"));
    // A build tree inside the workspace (found by its CMakeCache.txt), one excluded by name,
    // and version control: none of them is watched.
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build/CMakeCache.txt")), "# cache\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build/moc_widget.cpp")), "// generated\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("out/generated.cpp")), "// generated\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral(".git/hooks/hook.cpp")), "// not ours\n"));

    m_watcher = std::make_unique<SourceWatcher>();
    // The debounce the waits below depend on, explicitly: quietMs is well beyond it.
    m_watcher->setDebounceInterval(50);
    m_watcher->setExcludedDirectories({path(QStringLiteral("out"))});
    m_watcher->setRoot(m_root);
    m_spy = std::make_unique<QSignalSpy>(m_watcher.get(), &SourceWatcher::changed);
}

void TestSourceWatcher::cleanup()
{
    m_spy.reset();
    m_watcher.reset();
    m_dir.reset();
}

void TestSourceWatcher::expectOneChange(const QStringList &expected)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_spy->count() >= 1, signalTimeoutMs);
    QTest::qWait(quietMs);
    QCOMPARE(m_spy->count(), 1);
    QCOMPARE(changedFiles(*m_spy, 0), expected);
    m_spy->clear();
}

void TestSourceWatcher::expectNothing()
{
    QTest::qWait(quietMs);
    QCOMPARE(m_spy->count(), 0);
}

// A save by rename is told at once by changing(), before the debounce reports it; a file
// written in place is told again as it grows; a touch and a new file are not told early.
void TestSourceWatcher::changingComesAtTheFirstEvent()
{
    m_watcher->setDebounceInterval(100);
    QStringList order;
    connect(m_watcher.get(), &SourceWatcher::changing, this, [&order](const QStringList &files) {
        order << QStringLiteral("changing ") + files.join(QLatin1Char(','));
    });
    connect(m_watcher.get(), &SourceWatcher::changed, this, [&order](const QStringList &files) {
        order << QStringLiteral("changed ") + files.join(QLatin1Char(','));
    });
    const QString file = path(QStringLiteral("src/widget.cpp"));
    QSaveFile save(file);
    QVERIFY(save.open(QIODevice::WriteOnly));
    save.write("int widget() { return 20; }\n");
    QVERIFY(save.commit());
    expectOneChange({file});
    QCOMPARE(order, (QStringList{QStringLiteral("changing ") + file, QStringLiteral("changed ") + file}));

    // In place, in two writes with the event loop between them: told at each step.
    order.clear();
    QFile inPlace(file);
    QVERIFY(inPlace.open(QIODevice::WriteOnly | QIODevice::Truncate));
    inPlace.write("int widget() ");
    QVERIFY(inPlace.flush());
    QTRY_VERIFY_WITH_TIMEOUT(!order.isEmpty(), signalTimeoutMs);
    inPlace.write("{ return 21; }\n");
    inPlace.close();
    expectOneChange({file});
    QVERIFY2(order.size() >= 3, qPrintable(order.join(QLatin1Char('|'))));
    QCOMPARE(order.constLast(), QStringLiteral("changed ") + file);
    QCOMPARE(order.at(order.size() - 2), QStringLiteral("changing ") + file);

    // Saved without a change, and a new file: nothing early (the report still says the new file).
    order.clear();
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/widget.h")), "int widget();\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/other.cpp")), "int other() { return 1; }\n"));
    expectOneChange({path(QStringLiteral("src/other.cpp"))});
    QCOMPARE(order, (QStringList{QStringLiteral("changed ") + path(QStringLiteral("src/other.cpp"))}));
}

// What the build reads (LiveSession has it from Ninja's graph) is watched whatever its name:
// a text or an image a .qrc lists. Outside the root, and in build trees, it stays unwatched.
void TestSourceWatcher::buildInputsAreWatchedWhateverTheirName()
{
    const QString notes = path(QStringLiteral("src/notes.txt"));
    const QString readme = path(QStringLiteral("README.md"));
    QVERIFY(!m_watcher->watchedFiles().contains(notes));
    QVERIFY(TestFiles::writeFile(notes, "before the build said\n"));
    expectNothing();

    m_watcher->setBuildInputs({notes, path(QStringLiteral("build/moc_widget.cpp")), QStringLiteral("/etc/hostname")});
    QVERIFY(m_watcher->watchedFiles().contains(notes));
    QVERIFY(!m_watcher->watchedFiles().contains(readme));
    QVERIFY(!m_watcher->watchedFiles().contains(path(QStringLiteral("build/moc_widget.cpp"))));
    expectNothing(); // joining the watch is not a change
    QVERIFY(TestFiles::writeFile(notes, "the build reads this\n"));
    expectOneChange({notes});

    // No longer read: no longer watched; the suffix list's own files stay.
    m_watcher->setBuildInputs({});
    QVERIFY(!m_watcher->watchedFiles().contains(notes));
    QVERIFY(m_watcher->watchedFiles().contains(path(QStringLiteral("src/widget.cpp"))));
    QVERIFY(TestFiles::writeFile(notes, "not read any more\n"));
    expectNothing();
}

void TestSourceWatcher::watchesSourcesOnly()
{
    const QStringList expected{
        path(QStringLiteral("CMakeLists.txt")),
        path(QStringLiteral("cmake/helpers.cmake")),
        path(QStringLiteral("src/form.ui")),
        path(QStringLiteral("src/widget.cpp")),
        path(QStringLiteral("src/widget.h")),
        path(QStringLiteral("src/widget.json")),
    };
    QCOMPARE(m_watcher->watchedFiles(), expected);
    QCOMPARE(m_watcher->root(), m_root);
    expectNothing();
}

void TestSourceWatcher::saveInPlace()
{
    const QString file = path(QStringLiteral("src/widget.cpp"));
    QVERIFY(TestFiles::writeFile(file, "int widget() { return 2; }\n"));
    expectOneChange({file});
    // And again: the file is still watched after a report.
    QVERIFY(TestFiles::writeFile(file, "int widget() { return 3; }\n"));
    expectOneChange({file});
}

void TestSourceWatcher::saveByRename_data()
{
    QTest::addColumn<QString>("style");
    QTest::newRow("QSaveFile (Qt Creator, Kate)") << QStringLiteral("savefile");
    QTest::newRow("temporary file renamed over") << QStringLiteral("rename");
    QTest::newRow("vim: old file renamed away, new one written") << QStringLiteral("vim");
}

void TestSourceWatcher::saveByRename()
{
    QFETCH(QString, style);
    const QString file = path(QStringLiteral("src/widget.h"));
    for (int round = 1; round <= 2; ++round) { // the second one proves the watch followed
        const QByteArray content = "int widget(); // round " + QByteArray::number(round) + "\n";
        if (style == QLatin1String("savefile")) {
            QSaveFile save(file);
            QVERIFY(save.open(QIODevice::WriteOnly));
            QVERIFY(save.write(content) == content.size());
            QVERIFY(save.commit());
        } else if (style == QLatin1String("rename")) {
            const QString temporary = file + QStringLiteral(".tmp1234");
            QVERIFY(TestFiles::writeFile(temporary, content));
            QCOMPARE(std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(file).constData()), 0);
        } else {
            const QString backup = file + QLatin1Char('~');
            QCOMPARE(std::rename(QFile::encodeName(file).constData(), QFile::encodeName(backup).constData()), 0);
            QVERIFY(TestFiles::writeFile(file, content));
            QVERIFY(QFile::remove(backup));
        }
        expectOneChange({file});
    }
    QVERIFY(m_watcher->watchedFiles().contains(file));
}

void TestSourceWatcher::deleteAndRecreate()
{
    const QString file = path(QStringLiteral("src/widget.cpp"));
    QVERIFY(QFile::remove(file));
    QVERIFY(TestFiles::writeFile(file, "int widget() { return 4; }\n"));
    expectOneChange({file});
    QVERIFY(TestFiles::writeFile(file, "int widget() { return 5; }\n"));
    expectOneChange({file});
}

void TestSourceWatcher::newFileInNewFolder()
{
    const QString file = path(QStringLiteral("src/extra/deeper/extra.cpp"));
    QVERIFY(TestFiles::writeFile(file, "int extra() { return 1; }\n"));
    expectOneChange({file});
    QVERIFY(m_watcher->watchedFiles().contains(file));
    // Watched from now on.
    QVERIFY(TestFiles::writeFile(file, "int extra() { return 2; }\n"));
    expectOneChange({file});
    // A file that is no source appears there: nothing.
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("src/extra/deeper/notes.txt")), "notes\n"));
    expectNothing();
}

void TestSourceWatcher::deletedFile()
{
    const QString file = path(QStringLiteral("src/widget.json"));
    QVERIFY(QFile::remove(file));
    expectOneChange({file});
    QVERIFY(!m_watcher->watchedFiles().contains(file));
}

void TestSourceWatcher::deletedFolder()
{
    QVERIFY(QDir(path(QStringLiteral("cmake"))).removeRecursively());
    expectOneChange({path(QStringLiteral("cmake/helpers.cmake"))});
}

void TestSourceWatcher::touchWithoutChange()
{
    const QString file = path(QStringLiteral("src/widget.cpp"));
    // A later modification time, same bytes (`touch`).
    QVERIFY(::utimensat(AT_FDCWD, QFile::encodeName(file).constData(), nullptr, 0) == 0);
    expectNothing();
    // Saved unmodified: rewritten with the same bytes, and saved by rename with them.
    QVERIFY(TestFiles::writeFile(file, "int widget() { return 1; }\n"));
    expectNothing();
    QSaveFile save(file);
    QVERIFY(save.open(QIODevice::WriteOnly));
    save.write("int widget() { return 1; }\n");
    QVERIFY(save.commit());
    expectNothing();
}

void TestSourceWatcher::burstGivesOneSignal()
{
    const QString file = path(QStringLiteral("src/widget.cpp"));
    const QString header = path(QStringLiteral("src/widget.h"));
    // The debounce this test depends on, set here: the longest there is, so that writes a
    // few milliseconds apart are one burst even on a busy machine.
    m_watcher->setDebounceInterval(100);
    const int debounce = m_watcher->debounceInterval();
    QCOMPARE(debounce, 100);
    // Events are seen as they come (the event loop turns after each write): this tests the
    // debounce, not a backlog. Two events are delivered at most two steps (write and wait)
    // apart; where a busy machine stretched two steps to the debounce, the burst may end
    // there: such stalls are counted, never timed against a limit.
    int stalls = 0;
    qint64 previousStepMs = 0;
    QElapsedTimer step;
    for (int i = 0; i < 10; ++i) {
        step.start();
        QVERIFY(TestFiles::writeFile(i % 2 ? header : file, "// write " + QByteArray::number(i) + "\n"));
        QTest::qWait(5);
        if (i > 0 && previousStepMs + step.elapsed() >= debounce)
            ++stalls;
        previousStepMs = step.elapsed();
    }
    // Every file of the burst is reported, and in one signal unless the machine split it.
    QTRY_COMPARE_WITH_TIMEOUT(changedFilesIn(*m_spy), (QStringList{file, header}), signalTimeoutMs);
    QTest::qWait(quietMs);
    QCOMPARE(changedFilesIn(*m_spy), (QStringList{file, header}));
    QVERIFY2(m_spy->count() <= 1 + stalls, qPrintable(QStringLiteral("%1 signals for one burst").arg(m_spy->count())));
    if (stalls == 0)
        QCOMPARE(m_spy->count(), 1);
}

void TestSourceWatcher::buildAndExcludedFoldersNeverTrigger()
{
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build/moc_widget.cpp")), "// generated again\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build/compile_commands.json")), "[]\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build/sub/new.cpp")), "// generated\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("out/generated.cpp")), "// generated again\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("out/more/new.h")), "// generated\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral(".git/hooks/hook.cpp")), "// changed\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("README.md")), "changed, and not a source\n"));
    expectNothing();
    // While a source next to them does.
    const QString file = path(QStringLiteral("src/widget.h"));
    QVERIFY(TestFiles::writeFile(file, "int widget(); // edited\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("out/generated.cpp")), "// generated a third time\n"));
    expectOneChange({file});
}

void TestSourceWatcher::newBuildFolderInsideTheWorkspace()
{
    // `mkdir build-debug && cmake -B build-debug`: CMakeFiles/ first, generated sources after.
    QVERIFY(QDir().mkpath(path(QStringLiteral("build-debug/CMakeFiles/3.25.1"))));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build-debug/CMakeFiles/CMakeOutput.cmake")), "# log\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build-debug/compile_commands.json")), "[]\n"));
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("build-debug/plugin_autogen/mocs_compilation.cpp")), "// moc\n"));
    // The compile database linked into the root by the build is the build's, not a source.
    QVERIFY(TestFiles::writeFile(path(QStringLiteral("compile_commands.json")), "[]\n"));
    expectNothing();
    for (const QString &file : m_watcher->watchedFiles())
        QVERIFY2(!file.contains(QStringLiteral("/build-debug/")), qPrintable(file));
}

void TestSourceWatcher::debounceInterval()
{
    SourceWatcher watcher;
    QCOMPARE(watcher.debounceInterval(), 50);
    watcher.setDebounceInterval(40);
    QCOMPARE(watcher.debounceInterval(), 40);
    watcher.setDebounceInterval(500);
    QCOMPARE(watcher.debounceInterval(), 100);
    watcher.setDebounceInterval(-3);
    QCOMPARE(watcher.debounceInterval(), 0);
}

QTEST_GUILESS_MAIN(TestSourceWatcher)
#include "testfiles.h"
#include "tst_sourcewatcher.moc"
