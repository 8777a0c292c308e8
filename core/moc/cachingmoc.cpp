#include "cachingmoc.h"

#include "relive/private/mocdeclarations.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QSaveFile>

#include <sys/stat.h>

namespace {

// Bump when the fingerprint's meaning changes, so older records never match.
constexpr const char *fingerprintVersion = "relive-moc 1";

QString stamp(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("missing");
    return QStringLiteral("%1:%2.%3").arg(qint64(info.st_size)).arg(qint64(info.st_mtim.tv_sec)).arg(qint64(info.st_mtim.tv_nsec));
}

// The prerequisites of a Make-style dependency file, as moc writes it.
QStringList dependenciesOf(const QString &depFile)
{
    QFile file(depFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = file.readAll();
    QStringList paths;
    QByteArray current;
    bool afterTarget = false;
    const auto flush = [&] {
        if (!current.isEmpty() && afterTarget)
            paths.append(QFile::decodeName(current));
        current.clear();
    };
    for (int i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '\\' && i + 1 < text.size() && (text.at(i + 1) == '\n' || text.at(i + 1) == '\r')) {
            flush();
            ++i;
        } else if (c == '\\' && i + 1 < text.size() && text.at(i + 1) == ' ') {
            current += ' ';
            ++i;
        } else if (c == '$' && i + 1 < text.size() && text.at(i + 1) == '$') {
            current += '$';
            ++i;
        } else if (!afterTarget && c == ':' && (i + 1 == text.size() || text.at(i + 1) == ' ' || text.at(i + 1) == '\n')) {
            current.clear();
            afterTarget = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return paths;
}

} // namespace

CachingMoc::CachingMoc(const QString &realMoc, const QStringList &arguments)
    : m_realMoc(realMoc)
    , m_arguments(arguments)
{
}

int CachingMoc::run()
{
    if (!parseArguments())
        return runRealMoc();
    const QByteArray before = fingerprint();
    if (!before.isEmpty() && recordMatches(before))
        return 0;
    QFile::remove(recordPath()); // until moc has succeeded, nothing is known
    const int status = runRealMoc();
    if (status == 0) {
        const QByteArray after = fingerprint();
        if (!after.isEmpty())
            writeRecord(after);
    }
    return status;
}

bool CachingMoc::parseArguments()
{
    static const QStringList withValue = {
        QStringLiteral("-o"), QStringLiteral("-I"), QStringLiteral("-F"), QStringLiteral("-D"),
        QStringLiteral("-U"), QStringLiteral("-M"), QStringLiteral("-p"), QStringLiteral("-f"),
        QStringLiteral("-b"), QStringLiteral("-n"), QStringLiteral("--include"),
        QStringLiteral("--dep-file-path"), QStringLiteral("--dep-file-rule-name"),
        QStringLiteral("--compiler-flavor")};
    QStringList inputs;
    bool depFileWanted = false;
    for (int i = 0; i < m_arguments.size(); ++i) {
        const QString &argument = m_arguments.at(i);
        if (argument.startsWith(QLatin1Char('@')))
            return false; // options we cannot see
        if (argument == QLatin1String("--output-dep-file")) {
            depFileWanted = true;
        } else if (withValue.contains(argument)) {
            if (i + 1 >= m_arguments.size())
                return false;
            const QString &value = m_arguments.at(++i);
            if (argument == QLatin1String("-o"))
                m_output = value;
            else if (argument == QLatin1String("--dep-file-path"))
                m_depFile = value;
        } else if (argument.startsWith(QLatin1String("-o"))) {
            m_output = argument.mid(2);
        } else if (!argument.startsWith(QLatin1Char('-'))) {
            inputs.append(argument);
        }
    }
    if (!depFileWanted || m_output.isEmpty() || inputs.size() != 1)
        return false;
    m_input = inputs.first();
    if (m_depFile.isEmpty())
        m_depFile = m_output + QStringLiteral(".d");
    return true;
}

// Empty when the source cannot be judged: then moc always runs.
QByteArray CachingMoc::fingerprint() const
{
    QFile source(m_input);
    if (!source.open(QIODevice::ReadOnly))
        return {};
    const Relive::MocDeclarations declarations(source.readAll());
    if (!declarations.isCacheable())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray(fingerprintVersion));
    hash.addData(QFile::encodeName(m_realMoc + QLatin1Char('@') + stamp(m_realMoc)));
    for (const QString &argument : m_arguments)
        hash.addData(argument.toUtf8().append('\0'));
    hash.addData(declarations.text());
    const QString inputPath = QFileInfo(m_input).absoluteFilePath();
    for (const QString &dependency : dependenciesOf(m_depFile)) {
        if (QFileInfo(dependency).absoluteFilePath() != inputPath)
            hash.addData((dependency + QLatin1Char('@') + stamp(dependency)).toUtf8().append('\0'));
    }
    return hash.result().toHex();
}

// The record also pins the output and dependency files: if anything else rewrote or removed
// them, they are not what moc wrote for this fingerprint.
bool CachingMoc::recordMatches(const QByteArray &fingerprint) const
{
    QFile file(recordPath());
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject record = QJsonDocument::fromJson(file.readAll()).object();
    return record.value(QStringLiteral("fingerprint")).toString().toLatin1() == fingerprint
        && record.value(QStringLiteral("output")).toString() == stamp(m_output)
        && record.value(QStringLiteral("depfile")).toString() == stamp(m_depFile);
}

void CachingMoc::writeRecord(const QByteArray &fingerprint) const
{
    QSaveFile file(recordPath());
    if (!file.open(QIODevice::WriteOnly))
        return; // no record: the next run simply runs moc
    const QJsonObject record{{QStringLiteral("fingerprint"), QString::fromLatin1(fingerprint)},
                             {QStringLiteral("output"), stamp(m_output)},
                             {QStringLiteral("depfile"), stamp(m_depFile)}};
    file.write(QJsonDocument(record).toJson(QJsonDocument::Compact));
    file.commit();
}

int CachingMoc::runRealMoc() const
{
    QProcess moc;
    moc.setProcessChannelMode(QProcess::ForwardedChannels);
    moc.start(m_realMoc, m_arguments);
    if (!moc.waitForStarted(-1)) {
        qWarning("relive-moc: cannot run %s: %s", qPrintable(m_realMoc), qPrintable(moc.errorString()));
        return 127;
    }
    moc.waitForFinished(-1);
    return moc.exitStatus() == QProcess::NormalExit ? moc.exitCode() : 128;
}

QString CachingMoc::recordPath() const
{
    return m_output + QStringLiteral(".relive-moc");
}
