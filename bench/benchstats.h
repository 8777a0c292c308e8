#pragma once

#include <QtCore/QList>
#include <QtCore/QString>

/*! Percentiles of a series of measurements, in the unit they were taken. */
class BenchStats
{
public:
    void add(double value) { m_values.append(value); }
    int count() const { return int(m_values.size()); }
    double percentile(double p) const;
    double median() const { return percentile(50); }
    /*! "median / p90 / max (n)" with \a decimals decimals. */
    QString summary(int decimals = 2) const;

private:
    QList<double> m_values;
};
