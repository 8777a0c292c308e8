#pragma once

#include <QtCore/qglobal.h>

#include <memory>

QT_BEGIN_NAMESPACE
class QCoreApplication;
QT_END_NAMESPACE

/*!
 * The application relive-cli and relive-probe run in. With widgets (a plugin's widget needs a
 * QApplication) it is on the offscreen platform unless QT_QPA_PLATFORM names another, so it runs
 * in CI and over ssh; a closed plugin window never quits it. Qt's plugin loader warnings are off
 * (QT_LOGGING_RULES still turns them on): they are about the plugins being inspected or tried.
 */
class HeadlessApplication
{
public:
    /*! \a argc must outlive the application, as Qt wants. */
    static std::unique_ptr<QCoreApplication> create(int &argc, char **argv, bool widgets);
};
