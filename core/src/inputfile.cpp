#include "relive/private/inputfile.h"

#include <QtCore/QFile>

#include <cerrno>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <unistd.h>

namespace Relive {

namespace {

// A QByteArray holds at most this much (an int on Qt 5).
constexpr qint64 largestArray = QT_VERSION >= QT_VERSION_CHECK(6, 0, 0) ? std::numeric_limits<qint64>::max()
                                                                         : qint64(std::numeric_limits<int>::max());

using ArraySize = decltype(QByteArray().size());

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

InputFile::InputFile(const QString &path, const Limits &limits)
    : m_path(path)
    , m_limits(limits)
{
    m_limits.maxSize = qBound(qint64(0), m_limits.maxSize, largestArray);
}

InputFile::~InputFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool InputFile::fail(FailureKind kind, const QString &why)
{
    m_failure = kind;
    m_error = why;
    return false;
}

QString InputFile::kindName(mode_t mode)
{
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    return S_ISREG(mode) ? QStringLiteral("a regular file") : QStringLiteral("not a file");
}

QString InputFile::sizeText(qint64 bytes)
{
    if (bytes >= 1000000000)
        return QStringLiteral("%1 GB").arg(double(bytes) / 1e9, 0, 'f', 1);
    if (bytes >= 1000000)
        return QStringLiteral("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 bytes").arg(bytes);
}

bool InputFile::open()
{
    const QByteArray native = QFile::encodeName(m_path);
    struct stat st;
    // stat() first, following links: opening a pipe waits for a writer, a device may do anything.
    if (::stat(native.constData(), &st) != 0) {
        return fail(FailureKind::NotAFile, errno == ENOENT ? QStringLiteral("file not found")
                                                           : QStringLiteral("cannot read: %1").arg(systemError()));
    }
    if (S_ISDIR(st.st_mode))
        return fail(FailureKind::NotAFile, QStringLiteral("is a directory, not a plugin file"));
    if (!S_ISREG(st.st_mode)) {
        return fail(FailureKind::NotARegularFile,
                    QStringLiteral("not a regular file: it is %1; a plugin is a regular file, as a build writes it")
                        .arg(kindName(st.st_mode)));
    }
    // O_NONBLOCK: should it have become a pipe since the stat(), the open does not wait for a writer.
    m_fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (m_fd < 0)
        return fail(FailureKind::NotAFile, QStringLiteral("cannot read: %1").arg(systemError()));
    if (::fstat(m_fd, &m_status) != 0 || !S_ISREG(m_status.st_mode)) {
        return fail(FailureKind::NotARegularFile,
                    QStringLiteral("not a regular file: it is %1; a plugin is a regular file, as a build writes it")
                        .arg(kindName(m_status.st_mode)));
    }
    if (m_status.st_size > m_limits.maxSize) {
        return fail(FailureKind::TooLarge,
                    QStringLiteral("too large: %1, more than the %2 a plugin may have here; "
                                   "not a plugin build? (the limit is PluginHost::setMaxFileSize(), --max-size)")
                        .arg(sizeText(m_status.st_size), sizeText(m_limits.maxSize)));
    }
    m_clock.start();
    return true;
}

bool InputFile::readFully(qint64 offset, char *into, qint64 length)
{
    while (length > 0) {
        if (m_clock.hasExpired(m_limits.readTimeoutMs)) {
            return fail(FailureKind::ReadTimedOut,
                        QStringLiteral("reading it took longer than %1 ms (a stalled network or FUSE file system?): "
                                       "copy it to a local disk").arg(m_limits.readTimeoutMs));
        }
        const ssize_t got = ::pread(m_fd, into, size_t(qMin(length, chunkSize)), off_t(offset));
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0)
            return fail(FailureKind::NotAFile, QStringLiteral("cannot read: %1").arg(systemError()));
        if (got == 0) {
            return fail(FailureKind::ChangedWhileRead,
                        QStringLiteral("the file changed while it was being read: it got shorter (a build still writing it?): "
                                       "wait for the writer to finish, or publish it with a rename"));
        }
        into += got;
        offset += got;
        length -= got;
    }
    return true;
}

QByteArray InputFile::read(qint64 offset, qint64 length)
{
    if (!isOpen() || offset < 0 || length < 0 || length > size() || offset > size() - length) {
        fail(FailureKind::NotAFile, QStringLiteral("cannot read %1 bytes at %2: the file has %3").arg(length).arg(offset).arg(size()));
        return QByteArray();
    }
    QByteArray bytes(ArraySize(length), Qt::Uninitialized);
    if (!readFully(offset, bytes.data(), length))
        return QByteArray();
    return bytes;
}

QByteArray InputFile::readAll()
{
    return read(0, size());
}

bool InputFile::stream(const std::function<bool(const char *, qint64)> &sink)
{
    QByteArray buffer(ArraySize(qMin(size(), chunkSize)), Qt::Uninitialized);
    for (qint64 at = 0; at < size(); at += buffer.size()) {
        const qint64 length = qMin(size() - at, qint64(buffer.size()));
        if (!readFully(at, buffer.data(), length) || !sink(buffer.constData(), length))
            return false;
    }
    return true;
}

} // namespace Relive
