#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * What differs between two texts, line by line, as `diff -u` shows it: the longest common
 * subsequence of lines is kept, the other lines are removed (-) or added (+), and hunks carry a
 * few lines of context around each change.
 *
 * The common head and tail are matched first, so a change in a long file costs only its own
 * region. A region too big for the quadratic table (more than maxTableCells() line pairs) is
 * shown as removed, then added, whole: still a correct diff, only not the shortest one.
 */
namespace LineDiff {
struct Line
{
    enum class Kind { Context, Removed, Added };
    Kind kind = Kind::Context;
    QString text;
    int oldLine = 0; //!< 1-based in the old text; 0 for an added line
    int newLine = 0; //!< 1-based in the new text; 0 for a removed line
};

struct Hunk
{
    int oldStart = 0; //!< 1-based first line in the old text (0 when it has none)
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    QList<Line> lines;
};

/*! Every line of both texts, in order: kept ones as Context, the rest Removed or Added. */
QList<Line> lines(const QStringList &oldLines, const QStringList &newLines);
/*! The changes with \a context lines around each; empty when the texts are the same. */
QList<Hunk> hunks(const QStringList &oldLines, const QStringList &newLines, int context = 2);
/*!
 * The unified diff of \a oldText and \a newText (no file header): "@@ -a,b +c,d @@" lines,
 * then " ", "-" or "+" and the line. Empty when they are the same.
 */
QString unified(const QString &oldText, const QString &newText, int context = 2);
/*!
 * The 1-based line of the new text where the first change is: its first added line, or for a
 * removal the line that now follows the removed ones (clamped to the new text). 0 when the
 * texts are the same.
 */
int firstChangedLine(const QStringList &oldLines, const QStringList &newLines);
/*! The lines of \a text, without their line ends; a final line end starts no extra line. */
QStringList splitLines(const QString &text);

constexpr qint64 maxTableCells() { return 4 * 1000 * 1000; }
} // namespace LineDiff

} // namespace Relive::App
