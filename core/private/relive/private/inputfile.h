#pragma once

#include "relive/failurekind.h"
#include "relive/relive_core_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

#include <functional>

#include <sys/stat.h>

namespace Relive {

/*! What an InputFile may be: its size, and the time its reading may take. */
struct InputFileLimits
{
    static constexpr qint64 defaultMaxSize = 2000000000; //!< 2 GB: far above any real plugin
    static constexpr int defaultReadTimeoutMs = 10000;   //!< for the whole file

    qint64 maxSize = defaultMaxSize;
    int readTimeoutMs = defaultReadTimeoutMs;
};

/*!
 * A file that comes in from outside (a plugin to inspect, stage or watch), opened so that no
 * kind of file can hang the host or fill its memory: only a regular file is opened (a pipe,
 * device or socket, or a link to one, is refused from its stat() before any open()), it is
 * opened O_NONBLOCK, it may not be larger than a limit, and it is read in bounded pieces
 * within a deadline. Every refusal has its FailureKind and a message saying what to do.
 */
class RELIVE_CORE_EXPORT InputFile
{
public:
    using Limits = InputFileLimits;
    static constexpr qint64 chunkSize = 1024 * 1024; //!< what stream() holds at once

    explicit InputFile(const QString &path, const Limits &limits = Limits());
    ~InputFile();

    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    /*! Checks the kind and size of the file and opens it; false with failure() and errorString(). */
    bool open();
    bool isOpen() const { return m_fd >= 0; }

    FailureKind failure() const { return m_failure; }
    /*! What is wrong and what to do, without the file name (callers put it in front). */
    QString errorString() const { return m_error; }

    qint64 size() const { return qint64(m_status.st_size); }
    /*! What fstat() said of the open file. */
    const struct stat &status() const { return m_status; }

    /*! \a length bytes at \a offset; empty, with errorString(), when they cannot all be read. */
    QByteArray read(qint64 offset, qint64 length);
    /*! The whole file (at most the size limit). */
    QByteArray readAll();
    /*!
     * Hands the whole file to \a sink in pieces of at most chunkSize bytes, so the memory held
     * does not grow with the file. False on a read error, a timeout, or when \a sink says false.
     */
    bool stream(const std::function<bool(const char *data, qint64 length)> &sink);

    /*! "a named pipe (FIFO)", "a character device"...: what a stat() mode is, for messages. */
    static QString kindName(mode_t mode);
    /*! "3.0 GB": a size in messages. */
    static QString sizeText(qint64 bytes);

private:
    bool fail(FailureKind kind, const QString &why);
    bool readFully(qint64 offset, char *into, qint64 length);

    QString m_path;
    Limits m_limits;
    int m_fd = -1;
    struct stat m_status = {};
    QElapsedTimer m_clock; //!< since open(): the deadline of every read
    FailureKind m_failure = FailureKind::None;
    QString m_error;
};

} // namespace Relive
