#include "candidateinputs.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <sys/stat.h>

namespace Relive {

namespace {

// Symbolic links resolved: the editor, the watcher and the compiler may name a file differently.
QString canonical(const QString &path)
{
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath()) : resolved;
}

} // namespace

QStringList CandidateInputs::readDepfile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringList();
    const QString text = QString::fromLocal8Bit(file.readAll());
    const int colon = text.indexOf(QStringLiteral(": "));
    QStringList files;
    QString current;
    for (int i = colon < 0 ? text.size() : colon + 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size() && text.at(i + 1) != QLatin1Char('\n')
            && text.at(i + 1) != QLatin1Char('\r')) {
            current += text.at(++i); // "\ " is a space in a name
        } else if (c == QLatin1Char('\\') || c.isSpace()) {
            if (!current.isEmpty())
                files.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        files.append(current);
    return files;
}

CandidateInputs::Stamp CandidateInputs::stampOf(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return Stamp();
    return Stamp{qint64(st.st_size), qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

QByteArray CandidateInputs::hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

bool CandidateInputs::record(const Compile &compile)
{
    clear();
    m_source = canonical(compile.source);
    m_sourceHash = QCryptographicHash::hash(compile.text, QCryptographicHash::Sha256);
    const QString root = canonical(compile.workspace) + QLatin1Char('/');
    // The text's name is a link to the compiler's stdin: resolved here, it would name ours.
    const QString own = QFileInfo(compile.ownFolder).absoluteFilePath() + QLatin1Char('/');
    const QString copyPath = QFileInfo(compile.copy).absoluteFilePath();
    const qint64 sinceNs = compile.since.toMSecsSinceEpoch() * 1000000;
    const qint64 compilerStartNs = compile.compilerStart.toMSecsSinceEpoch() * 1000000;
    bool beforeText = true;
    for (const QString &file : compile.readFirst + readDepfile(compile.depfile)) {
        const QString absolute = QFileInfo(file).absoluteFilePath();
        if (absolute.startsWith(own)) {
            beforeText = beforeText && absolute != copyPath;
            continue;
        }
        const QString path = canonical(file);
        const Stamp stamp = stampOf(path);
        if (beforeText && stamp.modifiedNs >= compilerStartNs)
            return false;
        if (!path.startsWith(root)) {
            m_stamped.insert(path, stamp);
            continue;
        }
        if (stamp.modifiedNs >= sinceNs)
            return false;
        m_hashed.insert(path, hashOf(path));
    }
    for (const QString &input : compile.linkInputs)
        m_stamped.insert(input, stampOf(input));
    return true;
}

bool CandidateInputs::matches(const QStringList &changedFiles, QString *why) const
{
    for (const QString &changed : changedFiles) {
        const QString path = canonical(changed);
        if (path != m_source && !m_hashed.contains(path)) {
            *why = QStringLiteral("%1 changed and the candidate did not read it").arg(path);
            return false;
        }
    }
    if (m_source.isEmpty() || hashOf(m_source) != m_sourceHash) {
        *why = QStringLiteral("%1 was saved with other text than the candidate's").arg(m_source);
        return false;
    }
    for (auto it = m_hashed.cbegin(); it != m_hashed.cend(); ++it) {
        if (hashOf(it.key()) != it.value()) {
            *why = QStringLiteral("%1 changed since the candidate read it").arg(it.key());
            return false;
        }
    }
    for (auto it = m_stamped.cbegin(); it != m_stamped.cend(); ++it) {
        if (!(stampOf(it.key()) == it.value())) {
            *why = QStringLiteral("%1 changed since the candidate was built").arg(it.key());
            return false;
        }
    }
    return true;
}

void CandidateInputs::clear()
{
    m_source.clear();
    m_sourceHash.clear();
    m_hashed.clear();
    m_stamped.clear();
}

} // namespace Relive
