#pragma once

#include <QtCore/QStringList>

namespace Relive::App {

/*! The workspaces opened lately, newest first, kept in the settings (AppSettings). */
namespace RecentWorkspaces {
constexpr int maximum = 8;

QStringList list();
void add(const QString &workspace);
void remove(const QString &workspace);
} // namespace RecentWorkspaces

} // namespace Relive::App
