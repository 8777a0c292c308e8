// A full disk, simulated: setrlimit(RLIMIT_FSIZE) caps the size of the files this process
// writes, with SIGXFSZ ignored, so the kernel cuts a write short after a few bytes and then
// fails it (EFBIG), as a disk that fills up does (ENOSPC). A real full file system would need
// a mount.
#pragma once

#include <csignal>
#include <sys/resource.h>

namespace TestSupport {

/*! Caps the size of the files this process writes, as a full disk would, while it lives. */
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN); // else the kernel kills the process
        struct rlimit limit = {};
        if (::getrlimit(RLIMIT_FSIZE, &m_previous) != 0)
            return;
        limit = m_previous;
        limit.rlim_cur = bytes;
        m_set = ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        if (m_set)
            ::setrlimit(RLIMIT_FSIZE, &m_previous);
        std::signal(SIGXFSZ, m_previousHandler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;

    bool isSet() const { return m_set; }

private:
    struct rlimit m_previous = {};
    void (*m_previousHandler)(int) = nullptr;
    bool m_set = false;
};

} // namespace TestSupport
