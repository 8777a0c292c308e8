#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

namespace Relive {

/*!
 * SHA-256 of what a plugin file runs: the contents of its loaded sections (SHF_ALLOC, with
 * their names), without notes (the build-id covers the debug info too) and without what is
 * not loaded (debug info, symbol names). Two files with the same code hash behave the same,
 * even when their debug info differs: a candidate compiled from a private copy of the source
 * and the normal build's artifact of the same text. Empty for a file that is not a readable
 * 64-bit ELF.
 */
QByteArray codeHash(const QString &path);

} // namespace Relive
