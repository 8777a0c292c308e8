#include "recovery/crashsession.h"

#include "recovery/sessionstore.h"

#include "relive/hostevent.h"
#include "relive/pluginhost.h"
#include "relive/private/crashguard.h"
#include "relive/private/crashjournal.h"
#include "relive/runtimefolder.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>

namespace Relive::App {

CrashSession::CrashSession(Relive::PluginHost *host, std::function<QJsonObject()> session, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_session(std::move(session))
{
    connect(&m_timer, &QTimer::timeout, this, [this] { writeSession(); });
}

CrashSession::~CrashSession()
{
    if (m_journal)
        Relive::CrashGuard::uninstall();
}

QString CrashSession::sessionPath(const QString &runtimeFolder)
{
    return runtimeFolder + QStringLiteral("/session.json");
}

bool CrashSession::install(const QString &program, int periodMs, QString *error)
{
    const QString folder = m_host->runtimeFolder().path();
    m_journal = new Relive::CrashJournal(m_host, Relive::CrashRecovery::journalPath(folder), periodMs, this);
    m_timer.start(periodMs);
    // The session and the states as they are at every load and reload, so that a crash right
    // after one finds them. Queued: after every other receiver of the event, among them the one
    // that gives a restarted plugin its state back (WorkspaceController).
    connect(m_host, &Relive::PluginHost::hostEvent, this, [this](const Relive::HostEvent &event) {
        if (event.type == Relive::HostEvent::Type::Loaded || event.type == Relive::HostEvent::Type::Reloaded
            || event.type == Relive::HostEvent::Type::RolledBack) {
            QMetaObject::invokeMethod(this, &CrashSession::saveNow, Qt::QueuedConnection);
        }
    });
    const QStringList arguments{program,
                                QStringLiteral("--restore-session"),
                                sessionPath(folder),
                                QStringLiteral("--restore-from"),
                                folder,
                                QStringLiteral("--journal-period"),
                                QString::number(double(periodMs) / 1000.0)};
    return Relive::CrashGuard::install(Relive::CrashRecovery::recordPath(folder), program, arguments, error);
}

bool CrashSession::writeSession(QString *error)
{
    const QJsonObject session = m_session();
    if (session == m_written)
        return true; // nothing changed since the last write
    QString why;
    const bool written = SessionStore::write(sessionPath(m_host->runtimeFolder().path()), session, &why);
    if (written)
        m_written = session;
    if (error)
        *error = why;
    return written;
}

void CrashSession::saveNow()
{
    if (m_journal)
        m_journal->saveStates();
    writeSession();
}

Relive::Diagnostic CrashSession::crashLocation(const Relive::HostEvent &crashed)
{
    const QJsonArray frames = crashed.extra.value(QStringLiteral("frames")).toArray();
    for (const QJsonValue &frame : frames) {
        const QString place = frame.toString().section(QLatin1Char(' '), 0, 0); // "file:line"
        const int colon = place.lastIndexOf(QLatin1Char(':'));
        bool isNumber = false;
        const int line = place.mid(colon + 1).toInt(&isNumber);
        const QString file = place.left(colon);
        if (colon > 0 && isNumber && line > 0 && QFileInfo(file).isAbsolute() && QFileInfo::exists(file)) {
            Relive::Diagnostic location;
            location.file = file;
            location.line = line;
            return location;
        }
    }
    return Relive::Diagnostic();
}

Relive::CrashRecovery::Outcome CrashSession::restore(const QString &previousFolder)
{
    Relive::CrashRecovery::Outcome outcome = Relive::CrashRecovery::restore(previousFolder, m_host, m_journal);
    saveNow();
    return outcome;
}

} // namespace Relive::App
