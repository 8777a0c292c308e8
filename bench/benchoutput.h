#pragma once

#include <QtCore/QString>

/*! What the benchmarks print: one line at a time, flushed, so a long run shows its progress. */
namespace BenchOutput {
void line(const QString &text);
/*! "machine: <OS>, <n> cores, Qt <version>": every result names where it was measured. */
void machine();
} // namespace BenchOutput
