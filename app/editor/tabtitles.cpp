#include "editor/tabtitles.h"

#include <QtCore/QFileInfo>

#include <algorithm>

namespace Relive::App {

namespace {
// The last \a depth folders of \a path's folder, e.g. "a/b" for depth 2 of /x/a/b/file.
QString folders(const QString &path, int depth)
{
    const QStringList parts = QFileInfo(path).absolutePath().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return parts.mid(qMax(0, int(parts.size()) - depth)).join(QLatin1Char('/'));
}
} // namespace

QString TabTitles::titleFor(const QString &path, const QStringList &openPaths)
{
    const QString name = QFileInfo(path).fileName();
    QStringList namesakes;
    for (const QString &other : openPaths) {
        if (other != path && QFileInfo(other).fileName() == name)
            namesakes.append(other);
    }
    if (namesakes.isEmpty())
        return name;
    const int maxDepth = int(QFileInfo(path).absolutePath().count(QLatin1Char('/')));
    for (int depth = 1; depth <= maxDepth; ++depth) {
        const QString mine = folders(path, depth);
        const bool unique = std::none_of(namesakes.cbegin(), namesakes.cend(),
                                         [&](const QString &other) { return folders(other, depth) == mine; });
        if (unique)
            return QStringLiteral("%1 — %2").arg(name, mine);
    }
    return QStringLiteral("%1 — %2").arg(name, QFileInfo(path).absolutePath());
}

} // namespace Relive::App
