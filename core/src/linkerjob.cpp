#include "relive/private/linkerjob.h"

#include "logging.h"

#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>

namespace Relive {

namespace {

const int askTimeoutMs = 10000;

bool isLinker(const QString &program)
{
    static const QRegularExpression name(QStringLiteral("^(?:[\\w.+-]*-)?(?:ld(?:\\.(?:bfd|gold|lld|mold))?|ld64\\.lld|lld|mold)$"));
    return name.match(QFileInfo(program).fileName()).hasMatch() && QFileInfo(program).isExecutable();
}

} // namespace

LinkerJob::LinkerJob() = default;

LinkerJob::~LinkerJob()
{
    for (const std::shared_ptr<QProcess> &driver : std::as_const(m_asking)) {
        driver->kill();
        driver->waitForFinished(1000);
    }
}

QString LinkerJob::keyOf(const QStringList &link, const QString &directory)
{
    return directory + QLatin1Char('\n') + link.join(QLatin1Char('\n'));
}

QStringList LinkerJob::direct(const QStringList &link, const QString &directory)
{
    if (link.isEmpty())
        return link;
    const QString key = keyOf(link, directory);
    const auto known = m_known.constFind(key);
    if (known != m_known.cend())
        return *known;
    const std::shared_ptr<QProcess> asked = m_asking.take(key);
    const std::shared_ptr<QProcess> driver = asked ? asked : std::shared_ptr<QProcess>(startAsking(link, directory));
    QString why;
    const QStringList job = answerOf(driver.get(), link, &why);
    if (job.isEmpty())
        qCInfo(lcBuild).noquote() << "links through" << link.constFirst() << "itself:" << why;
    remember(key, job, link, directory);
    return job.isEmpty() ? link : job;
}

void LinkerJob::prefetch(const QStringList &link, const QString &directory)
{
    const QString key = keyOf(link, directory);
    if (link.isEmpty() || m_known.contains(key) || m_asking.contains(key))
        return;
    m_asking.insert(key, std::shared_ptr<QProcess>(startAsking(link, directory)));
}

// The linker's own command is its own answer: never asked again.
void LinkerJob::remember(const QString &key, const QStringList &job, const QStringList &link, const QString &directory)
{
    m_known.insert(key, job.isEmpty() ? link : job);
    if (!job.isEmpty())
        m_known.insert(keyOf(job, directory), job);
}

QStringList LinkerJob::ask(const QStringList &link, const QString &directory, QString *why)
{
    const std::unique_ptr<QProcess> driver(startAsking(link, directory));
    return answerOf(driver.get(), link, why);
}

QProcess *LinkerJob::startAsking(const QStringList &link, const QString &directory)
{
    auto *driver = new QProcess;
    driver->setWorkingDirectory(directory);
    driver->setProcessChannelMode(QProcess::MergedChannels);
    driver->start(link.constFirst(), link.mid(1) << QStringLiteral("-###"));
    return driver;
}

QStringList LinkerJob::answerOf(QProcess *driver, const QStringList &link, QString *why)
{
    // A prefetched driver may have ended already: waitForFinished() says false then.
    const bool ended = driver->state() == QProcess::NotRunning || driver->waitForFinished(askTimeoutMs);
    if (!ended || driver->error() == QProcess::FailedToStart || driver->exitStatus() != QProcess::NormalExit || driver->exitCode() != 0) {
        driver->kill();
        driver->waitForFinished(1000);
        *why = QStringLiteral("%1 -### did not answer").arg(link.constFirst());
        return QStringList();
    }
    // Job lines start with one blank; clang quotes every word, GCC does not.
    QStringList jobs;
    for (const QString &line : QString::fromLocal8Bit(driver->readAll()).split(QLatin1Char('\n'))) {
        if (line.size() > 1 && line.at(0) == QLatin1Char(' ') && !line.at(1).isSpace())
            jobs.append(line);
    }
    if (jobs.size() != 1) {
        *why = QStringLiteral("it runs %1 jobs for the link, not one").arg(jobs.size());
        return QStringList();
    }
    const QStringList words = jobWords(jobs.constFirst());
    const QString program = words.isEmpty() ? jobs.constFirst().trimmed().section(QLatin1Char(' '), 0, 0) : words.constFirst();
    if (!isLinker(program)) {
        *why = QStringLiteral("its job is %1, not a linker").arg(program);
        return QStringList();
    }
    if (words.isEmpty())
        *why = QStringLiteral("its job line was not understood: %1").arg(jobs.constFirst());
    return words;
}

QStringList LinkerJob::jobWords(const QString &line)
{
    QStringList words;
    QString word;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (!quoted) {
            if (c == QLatin1Char('"')) {
                quoted = true;
                word.clear();
            } else if (!c.isSpace()) {
                return QStringList(); // not a job line: every word is quoted
            }
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            word += line.at(++i);
        } else if (c == QLatin1Char('"')) {
            quoted = false;
            words.append(word);
        } else {
            word += c;
        }
    }
    return quoted ? QStringList() : words;
}

} // namespace Relive
