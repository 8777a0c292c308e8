#pragma once

#include <QtCore/QString>

/*! Commands run through /bin/sh, and the one that compiles an edited file. */
namespace ShellCommand {

/*!
 * The compiler's floor for an edited file: the compile command of \a file in \a buildFolder's
 * compile_commands.json, without a compiler launcher, and the folder it runs in.
 */
bool compileCommandOf(const QString &buildFolder, const QString &file, QString *command, QString *directory);
/*! Runs \a command in \a directory: whether it exited with 0 within \a timeoutMs. */
bool run(const QString &command, const QString &directory, int timeoutMs);

} // namespace ShellCommand
