#pragma once

#include <functional>

/*!
 * Runs the event loop until \a condition holds; false after \a timeoutMs. Benchmarks poll
 * often (every few ms) so that the wait adds nothing measurable to what they time.
 */
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);
