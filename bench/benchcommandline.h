#pragma once

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
class QCoreApplication;
QT_END_NAMESPACE

/*! What every benchmark's command line shares. */
namespace BenchCommandLine {

/*! The offscreen platform unless QT_QPA_PLATFORM says otherwise: no display needed. Call first. */
void useOffscreenByDefault();
/*!
 * Adds the "plugin" argument, processes \a parser and returns the plugin file; exits with 2
 * and a message when it is not a file.
 */
QString processWithPlugin(QCommandLineParser &parser, const QCoreApplication &app);

} // namespace BenchCommandLine
