#pragma once

#include <QtCore/QStringList>

namespace Relive::App {

/*! The workspaces opened lately, newest first, kept in QSettings. */
class RecentWorkspaces
{
public:
    static constexpr int maximum = 8;

    static QStringList list();
    static void add(const QString &workspace);
    static void remove(const QString &workspace);
};

} // namespace Relive::App
