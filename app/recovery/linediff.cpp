#include "recovery/linediff.h"

#include <QtCore/QVector>

#include <algorithm>

namespace Relive::App {

using Kind = LineDiff::Line::Kind;
using Line = LineDiff::Line;

namespace {
// Removals before additions inside each run of changes, as diff -u prints them.
void putRemovalsFirst(QList<Line> *lines)
{
    for (int start = 0; start < lines->size();) {
        if (lines->at(start).kind == Kind::Context) {
            ++start;
            continue;
        }
        int end = start;
        while (end < lines->size() && lines->at(end).kind != Kind::Context)
            ++end;
        std::stable_partition(lines->begin() + start, lines->begin() + end,
                              [](const Line &line) { return line.kind == Kind::Removed; });
        start = end;
    }
}

// The lines of the middle regions that differ, \a oldLines and \a newLines (which start after
// \a head equal lines), through the table of their longest common subsequence.
void appendShortestDiff(QList<Line> *result, const QStringList &oldLines, const QStringList &newLines, int head)
{
    const int n = int(oldLines.size());
    const int m = int(newLines.size());
    // lcs[i][j]: the longest common subsequence of the old middle from i and the new from j.
    const int width = m + 1;
    QVector<int> lcs((n + 1) * width, 0);
    for (int i = n - 1; i >= 0; --i) {
        for (int j = m - 1; j >= 0; --j) {
            lcs[i * width + j] = oldLines.at(i) == newLines.at(j)
                ? lcs[(i + 1) * width + j + 1] + 1
                : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
        }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && oldLines.at(i) == newLines.at(j)) {
            result->append(Line{Kind::Context, oldLines.at(i), head + i + 1, head + j + 1});
            ++i;
            ++j;
        } else if (j < m && (i == n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
            result->append(Line{Kind::Added, newLines.at(j), 0, head + j + 1});
            ++j;
        } else {
            result->append(Line{Kind::Removed, oldLines.at(i), head + i + 1, 0});
            ++i;
        }
    }
    putRemovalsFirst(result);
}
} // namespace

QStringList LineDiff::splitLines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList lines = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        lines.removeLast();
    return lines;
}

QList<LineDiff::Line> LineDiff::lines(const QStringList &oldLines, const QStringList &newLines)
{
    const int oldCount = int(oldLines.size());
    const int newCount = int(newLines.size());
    int head = 0;
    while (head < oldCount && head < newCount && oldLines.at(head) == newLines.at(head))
        ++head;
    int tail = 0;
    while (tail < oldCount - head && tail < newCount - head
           && oldLines.at(oldCount - 1 - tail) == newLines.at(newCount - 1 - tail))
        ++tail;

    QList<Line> result;
    const auto add = [&result](Kind kind, const QString &text, int oldLine, int newLine) {
        result.append(Line{kind, text, oldLine, newLine});
    };
    for (int i = 0; i < head; ++i)
        add(Kind::Context, oldLines.at(i), i + 1, i + 1);

    const int n = oldCount - head - tail; // the middle regions that differ
    const int m = newCount - head - tail;
    if (qint64(n + 1) * qint64(m + 1) > maxTableCells()) {
        for (int i = 0; i < n; ++i)
            add(Kind::Removed, oldLines.at(head + i), head + i + 1, 0);
        for (int j = 0; j < m; ++j)
            add(Kind::Added, newLines.at(head + j), 0, head + j + 1);
    } else {
        appendShortestDiff(&result, oldLines.mid(head, n), newLines.mid(head, m), head);
    }
    for (int i = 0; i < tail; ++i)
        add(Kind::Context, oldLines.at(oldCount - tail + i), oldCount - tail + i + 1, newCount - tail + i + 1);
    return result;
}

QList<LineDiff::Hunk> LineDiff::hunks(const QStringList &oldLines, const QStringList &newLines, int context)
{
    const QList<Line> all = lines(oldLines, newLines);
    QList<Hunk> result;
    int index = 0;
    while (index < all.size()) {
        if (all.at(index).kind == Kind::Context) {
            ++index;
            continue;
        }
        // A hunk runs from `context` lines before its first change to `context` lines after its
        // last one; changes closer together than twice the context share a hunk.
        const int first = std::max(0, index - context);
        int last = index;
        int scan = index;
        while (scan < all.size()) {
            if (all.at(scan).kind != Kind::Context) {
                last = scan;
                ++scan;
                continue;
            }
            int gap = scan;
            while (gap < all.size() && all.at(gap).kind == Kind::Context)
                ++gap;
            if (gap == all.size() || gap - scan > 2 * context)
                break;
            scan = gap;
        }
        const int end = std::min(int(all.size()), last + 1 + context);
        Hunk hunk;
        for (int k = first; k < end; ++k) {
            const Line &line = all.at(k);
            hunk.lines.append(line);
            if (line.kind != Kind::Added) {
                if (hunk.oldCount++ == 0)
                    hunk.oldStart = line.oldLine;
            }
            if (line.kind != Kind::Removed) {
                if (hunk.newCount++ == 0)
                    hunk.newStart = line.newLine;
            }
        }
        // diff -u gives an empty side the number of the line it follows (0: the very start).
        const auto linesBefore = [&all, first](Kind skipped) {
            return int(std::count_if(all.cbegin(), all.cbegin() + first,
                                     [skipped](const Line &line) { return line.kind != skipped; }));
        };
        if (hunk.oldCount == 0)
            hunk.oldStart = linesBefore(Kind::Added);
        if (hunk.newCount == 0)
            hunk.newStart = linesBefore(Kind::Removed);
        result.append(hunk);
        index = end;
    }
    return result;
}

QString LineDiff::unified(const QString &oldText, const QString &newText, int context)
{
    // A missing final line end is a difference too: the last line carries diff's own note, so
    // that it differs from the same line with its end, and prints as diff -u prints it.
    const auto linesOf = [](const QString &text) {
        QStringList lines = splitLines(text);
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
            lines.last() += QStringLiteral("\n\\ No newline at end of file");
        return lines;
    };
    const QList<Hunk> changes = hunks(linesOf(oldText), linesOf(newText), context);
    QString result;
    for (const Hunk &hunk : changes) {
        // As GNU diff: a side of one line shows only its number.
        const auto range = [](int start, int count) {
            return count == 1 ? QString::number(start) : QStringLiteral("%1,%2").arg(start).arg(count);
        };
        result += QStringLiteral("@@ -%1 +%2 @@\n").arg(range(hunk.oldStart, hunk.oldCount), range(hunk.newStart, hunk.newCount));
        for (const Line &line : hunk.lines) {
            const QChar mark = line.kind == Kind::Removed ? QLatin1Char('-') : line.kind == Kind::Added ? QLatin1Char('+') : QLatin1Char(' ');
            result += mark + line.text + QLatin1Char('\n');
        }
    }
    return result;
}

int LineDiff::firstChangedLine(const QStringList &oldLines, const QStringList &newLines)
{
    int lastNewLine = 0;
    for (const Line &line : lines(oldLines, newLines)) {
        if (line.kind == Line::Kind::Added)
            return line.newLine;
        if (line.kind == Line::Kind::Removed)
            return qMax(1, qMin(lastNewLine + 1, int(newLines.size())));
        lastNewLine = line.newLine;
    }
    return 0;
}

} // namespace Relive::App
