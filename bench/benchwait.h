#pragma once

#include <functional>

/*!
 * Runs the event loop until \a condition holds; false after \a timeoutMs. The loop sleeps
 * between events, as the app's does, and checks \a condition every millisecond: the wait adds
 * at most that to what a benchmark times, and takes no core from the build it waits for.
 */
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);
