#include "relive/agentdirectory.h"

#include "relive/runtimefolder.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSaveFile>

#include <algorithm>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>

namespace Relive {

namespace {

// A discovery file is a few hundred bytes: a larger one is not ours.
constexpr qint64 maxEntryBytes = 64 * 1024;

bool processRuns(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

bool readEntry(const QString &file, AgentEntry *entry)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly) || input.size() > maxEntryBytes)
        return false;
    const QJsonObject json = QJsonDocument::fromJson(input.read(maxEntryBytes)).object();
    entry->pid = qint64(json.value(QStringLiteral("pid")).toDouble());
    entry->app = json.value(QStringLiteral("app")).toString();
    entry->socket = json.value(QStringLiteral("socket")).toString();
    entry->folder = json.value(QStringLiteral("folder")).toString();
    entry->iid = json.value(QStringLiteral("iid")).toString();
    return entry->pid > 0 && !entry->socket.isEmpty();
}

} // namespace

QString AgentDirectory::path()
{
    return RuntimeFolder::defaultBase() + QStringLiteral("/agents");
}

QList<AgentEntry> AgentDirectory::list()
{
    QList<AgentEntry> agents;
    const QFileInfoList files = QDir(path()).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    for (const QFileInfo &file : files) {
        AgentEntry entry;
        const bool read = readEntry(file.absoluteFilePath(), &entry);
        if (!read || !processRuns(entry.pid) || file.completeBaseName() != QString::number(entry.pid)) {
            QFile::remove(file.absoluteFilePath()); // a process that is gone (or a file that is not ours)
            continue;
        }
        agents << entry;
    }
    std::sort(agents.begin(), agents.end(), [](const AgentEntry &a, const AgentEntry &b) { return a.pid < b.pid; });
    return agents;
}

QList<AgentEntry> AgentDirectory::find(const QString &pidOrName)
{
    bool isPid = false;
    const qint64 pid = pidOrName.toLongLong(&isPid);
    QList<AgentEntry> found;
    for (const AgentEntry &entry : list()) {
        if (isPid ? entry.pid == pid : entry.app == pidOrName)
            found << entry;
    }
    return found;
}

bool AgentDirectory::publish(const AgentEntry &entry, QString *error)
{
    const QString folder = path();
    if (!QDir().mkpath(folder) || ::chmod(QFile::encodeName(folder).constData(), 0700) != 0) {
        *error = QStringLiteral("cannot create the agents folder %1").arg(folder);
        return false;
    }
    QSaveFile file(QStringLiteral("%1/%2.json").arg(folder).arg(entry.pid));
    const QJsonObject json{{QStringLiteral("pid"), entry.pid},
                           {QStringLiteral("app"), entry.app},
                           {QStringLiteral("socket"), entry.socket},
                           {QStringLiteral("folder"), entry.folder},
                           {QStringLiteral("iid"), entry.iid}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

void AgentDirectory::withdraw(qint64 pid)
{
    QFile::remove(QStringLiteral("%1/%2.json").arg(path()).arg(pid));
}

} // namespace Relive
