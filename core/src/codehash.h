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

/*!
 * codeHash() of a file whose SHA-256 is \a sha256 (a generation's shadow copy, which never
 * changes): computed once per content, then remembered. Safe from any thread.
 */
QByteArray codeHashOfContent(const QString &path, const QString &sha256);
/*! Remembers \a code as the code hash of the content whose SHA-256 is \a sha256. */
void rememberCodeHash(const QString &sha256, const QByteArray &code);

} // namespace Relive
