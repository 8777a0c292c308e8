// LineDiff, the diff the recovery dialog shows: exact unified output for the cases it has to
// get right, and on generated texts the real `patch` must turn the old text into the new one
// with it, in as few changed lines as GNU `diff --minimal` needs.
#include "recovery/linediff.h"
#include "requiretool.h"

#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace Relive::App;

namespace {
QString numbered(int from, int to)
{
    QString text;
    for (int i = from; i <= to; ++i)
        text += QString::number(i) + QLatin1Char('\n');
    return text;
}

bool writeText(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) == text.toUtf8().size();
}

// The number of lines \a diff removes plus the number it adds.
int changedLines(const QString &diff)
{
    int count = 0;
    for (const QString &line : LineDiff::splitLines(diff)) {
        if ((line.startsWith(QLatin1Char('-')) && !line.startsWith(QLatin1String("---")))
            || (line.startsWith(QLatin1Char('+')) && !line.startsWith(QLatin1String("+++"))))
            ++count;
    }
    return count;
}

// Lines from a small alphabet, so that generated texts share many lines, in any order.
QString generatedText(QRandomGenerator &random, int lines)
{
    QString text;
    for (int i = 0; i < lines; ++i)
        text += QStringLiteral("line %1\n").arg(random.bounded(6));
    return text;
}
} // namespace

class tst_LineDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unified_data();
    void unified();
    void patchRebuildsTheNewText();
    void longFileWithOneChangeIsOneHunk();
    void hugeRegionFallsBackToReplacingItWhole();
    void firstChangedLine();
};

void tst_LineDiff::unified_data()
{
    QTest::addColumn<QString>("oldText");
    QTest::addColumn<QString>("newText");
    QTest::addColumn<QString>("expected");

    QTest::newRow("same text") << QStringLiteral("a\nb\n") << QStringLiteral("a\nb\n") << QString();
    QTest::newRow("both empty") << QString() << QString() << QString();
    QTest::newRow("one line changed, two of context")
        << numbered(1, 7) << numbered(1, 7).replace(QStringLiteral("4\n"), QStringLiteral("four\n"))
        << QStringLiteral("@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+four\n 5\n 6\n");
    QTest::newRow("into an empty file") << QString() << QStringLiteral("a\nb\n") << QStringLiteral("@@ -0,0 +1,2 @@\n+a\n+b\n");
    QTest::newRow("everything deleted") << QStringLiteral("a\nb\n") << QString() << QStringLiteral("@@ -1,2 +0,0 @@\n-a\n-b\n");
    QTest::newRow("no newline at the end")
        << QStringLiteral("a\nb\n") << QStringLiteral("a\nb")
        << QStringLiteral("@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");
    QTest::newRow("far apart: two hunks")
        << numbered(1, 12)
        << numbered(1, 12).replace(QStringLiteral("\n2\n"), QStringLiteral("\ntwo\n")).replace(QStringLiteral("11\n"), QStringLiteral("eleven\n"))
        << QStringLiteral("@@ -1,4 +1,4 @@\n 1\n-2\n+two\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n-11\n+eleven\n 12\n");
    QTest::newRow("close together: one hunk")
        << numbered(1, 8)
        << numbered(1, 8).replace(QStringLiteral("\n2\n"), QStringLiteral("\ntwo\n")).replace(QStringLiteral("6\n"), QStringLiteral("six\n"))
        << QStringLiteral("@@ -1,8 +1,8 @@\n 1\n-2\n+two\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n");
    QTest::newRow("inserted line") << QStringLiteral("a\nb\nc\nd\ne\nf\n") << QStringLiteral("a\nb\nc\nX\nd\ne\nf\n")
                                   << QStringLiteral("@@ -2,4 +2,5 @@\n b\n c\n+X\n d\n e\n");
    QTest::newRow("replaced run: removals first") << QStringLiteral("x\ny\n") << QStringLiteral("p\nq\n")
                                                  << QStringLiteral("@@ -1,2 +1,2 @@\n-x\n-y\n+p\n+q\n");
    QTest::newRow("moved line keeps the longest common run")
        << QStringLiteral("a\nb\nc\n") << QStringLiteral("b\nc\na\n") << QStringLiteral("@@ -1,3 +1,3 @@\n-a\n b\n c\n+a\n");
    QTest::newRow("one-line sides show no count") << QStringLiteral("old\n") << QStringLiteral("new\n")
                                                  << QStringLiteral("@@ -1 +1 @@\n-old\n+new\n");
}

void tst_LineDiff::unified()
{
    QFETCH(QString, oldText);
    QFETCH(QString, newText);
    QFETCH(QString, expected);
    QCOMPARE(LineDiff::unified(oldText, newText), expected);
}

void tst_LineDiff::patchRebuildsTheNewText()
{
    const QString patch = QStandardPaths::findExecutable(QStringLiteral("patch"));
    const QString diff = QStandardPaths::findExecutable(QStringLiteral("diff"));
    if (patch.isEmpty() || diff.isEmpty())
        RELIVE_MISSING_TOOL("GNU patch and diff are needed to check the diffs against them (scripts/install-deps.sh installs them)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QRandomGenerator random(20261201); // fixed seed: the same texts on every run
    for (int round = 0; round < 40; ++round) {
        const QString oldText = generatedText(random, int(random.bounded(0, 30)));
        const QString newText = generatedText(random, int(random.bounded(0, 30)));
        const QString ours = LineDiff::unified(oldText, newText, int(random.bounded(0, 4)));
        const QString oldPath = dir.filePath(QStringLiteral("old.txt"));
        const QString outPath = dir.filePath(QStringLiteral("out.txt"));
        const QString patchPath = dir.filePath(QStringLiteral("change.diff"));
        QVERIFY(writeText(oldPath, oldText));
        QVERIFY(writeText(dir.filePath(QStringLiteral("new.txt")), newText));
        QVERIFY(writeText(patchPath, QStringLiteral("--- old.txt\n+++ new.txt\n") + ours));
        QFile::remove(outPath);

        QProcess patching;
        patching.setWorkingDirectory(dir.path());
        patching.start(patch, {QStringLiteral("--quiet"), QStringLiteral("--force"), QStringLiteral("-o"), outPath, oldPath,
                               patchPath});
        QVERIFY(patching.waitForFinished());
        const QString context = QStringLiteral("round %1\nold:\n%2\nnew:\n%3\ndiff:\n%4\n%5")
                                    .arg(round)
                                    .arg(oldText, newText, ours, QString::fromLocal8Bit(patching.readAll()));
        if (ours.isEmpty()) {
            QCOMPARE(oldText, newText);
            continue;
        }
        QVERIFY2(patching.exitCode() == 0, qPrintable(context));
        QFile out(outPath);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY2(QString::fromUtf8(out.readAll()) == newText, qPrintable(context));

        // The longest common subsequence leaves the fewest changed lines; GNU diff agrees.
        QProcess gnu;
        gnu.setWorkingDirectory(dir.path());
        gnu.start(diff, {QStringLiteral("--minimal"), QStringLiteral("-u"), QStringLiteral("old.txt"), QStringLiteral("new.txt")});
        QVERIFY(gnu.waitForFinished());
        QCOMPARE(changedLines(ours), changedLines(QString::fromUtf8(gnu.readAllStandardOutput())));
    }
}

void tst_LineDiff::longFileWithOneChangeIsOneHunk()
{
    const QString oldText = numbered(1, 100000);
    const QString newText = QString(oldText).replace(QStringLiteral("\n50000\n"), QStringLiteral("\nfifty thousand\n"));
    const QList<LineDiff::Hunk> hunks = LineDiff::hunks(LineDiff::splitLines(oldText), LineDiff::splitLines(newText));
    QCOMPARE(hunks.size(), 1);
    QCOMPARE(hunks.first().oldStart, 49998);
    QCOMPARE(hunks.first().oldCount, 5);
    QCOMPARE(hunks.first().newCount, 5);
    QCOMPARE(LineDiff::unified(oldText, newText),
             QStringLiteral("@@ -49998,5 +49998,5 @@\n 49998\n 49999\n-50000\n+fifty thousand\n 50001\n 50002\n"));
}

// 2100 × 2100 line pairs are more than the table may hold: the whole region is replaced, which
// is still a correct diff.
void tst_LineDiff::hugeRegionFallsBackToReplacingItWhole()
{
    QStringList oldLines;
    QStringList newLines;
    for (int i = 0; i < 2100; ++i) {
        oldLines.append(QStringLiteral("old %1").arg(i));
        newLines.append(QStringLiteral("new %1").arg(i % 7 == 0 ? i : -i));
    }
    newLines[1050] = oldLines.at(1050); // a common line the fallback does not look for
    QVERIFY(qint64(oldLines.size() + 1) * (newLines.size() + 1) > LineDiff::maxTableCells());
    const QList<LineDiff::Line> lines = LineDiff::lines(oldLines, newLines);
    QCOMPARE(lines.size(), oldLines.size() + newLines.size());
    QStringList removed;
    QStringList added;
    for (const LineDiff::Line &line : lines) {
        QVERIFY(line.kind != LineDiff::Line::Kind::Context);
        (line.kind == LineDiff::Line::Kind::Removed ? removed : added).append(line.text);
    }
    QCOMPARE(removed, oldLines);
    QCOMPARE(added, newLines);
}

// Where a recovered buffer opens: the first added line, or where removed lines were.
void tst_LineDiff::firstChangedLine()
{
    const QStringList old{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QCOMPARE(LineDiff::firstChangedLine(old, old), 0);
    QCOMPARE(LineDiff::firstChangedLine(old, {QStringLiteral("a"), QStringLiteral("B"), QStringLiteral("c")}), 2);
    QCOMPARE(LineDiff::firstChangedLine(old, {QStringLiteral("a"), QStringLiteral("c")}), 2);
    QCOMPARE(LineDiff::firstChangedLine(old, {QStringLiteral("a"), QStringLiteral("b")}), 2); // the last line went
    QCOMPARE(LineDiff::firstChangedLine(old, {QStringLiteral("x"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}), 1);
    QCOMPARE(LineDiff::firstChangedLine(old, {}), 1);
    QCOMPARE(LineDiff::firstChangedLine({}, {QStringLiteral("new")}), 1);
}

QTEST_GUILESS_MAIN(tst_LineDiff)
#include "tst_linediff.moc"
