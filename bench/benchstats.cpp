#include "benchstats.h"

#include <algorithm>
#include <cmath>

double BenchStats::percentile(double p) const
{
    if (m_values.isEmpty())
        return -1;
    QList<double> sorted = m_values;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const int rank = qBound(1, int(std::ceil(p / 100.0 * sorted.size())), int(sorted.size()));
    return sorted.at(rank - 1);
}

QString BenchStats::summary(int decimals) const
{
    return QStringLiteral("%1 / %2 / %3 (n=%4)")
        .arg(median(), 0, 'f', decimals)
        .arg(percentile(90), 0, 'f', decimals)
        .arg(percentile(100), 0, 'f', decimals)
        .arg(count());
}
