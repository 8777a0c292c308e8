#include "workspace/workspacetrust.h"

#include "workspace/exampleworkspace.h"

#include "settings/appsettings.h"

#include "relive/livesession.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>

namespace Relive::App {

namespace {
// Canonical: a link to a trusted folder is that folder, and trusting it through one trusts the folder.
QString key(const QString &workspace)
{
    const QFileInfo info(workspace);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}
} // namespace

QStringList WorkspaceTrust::trusted()
{
    return AppSettings::trustedWorkspaces();
}

bool WorkspaceTrust::isTrusted(const QString &workspace)
{
    const QString path = key(workspace);
    return trusted().contains(path) || path == key(ExampleWorkspace::writableDirectory());
}

void WorkspaceTrust::trust(const QString &workspace)
{
    QStringList all = trusted();
    const QString path = key(workspace);
    if (all.contains(path))
        return;
    all.append(path);
    AppSettings::setTrustedWorkspaces(all);
}

void WorkspaceTrust::revoke(const QString &workspace)
{
    QStringList all = trusted();
    all.removeAll(key(workspace));
    AppSettings::setTrustedWorkspaces(all);
}

bool WorkspaceTrust::wasBuilt(const QString &workspace)
{
    return QFileInfo::exists(Relive::LiveSession::defaultBuildDirectory(workspace) + QStringLiteral("/CMakeCache.txt"));
}

bool WorkspaceTrust::needsAsking(const QString &workspace)
{
    return !isTrusted(workspace) && !wasBuilt(workspace);
}

} // namespace Relive::App
