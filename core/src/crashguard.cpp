#include "relive/private/crashguard.h"

#include "relive/private/librarymappings.h"

#include <QtCore/QFile>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <execinfo.h>
#include <fcntl.h>
#include <ucontext.h>
#include <unistd.h>

extern char **environ;

namespace Relive {

namespace {

// Everything the handler reads is here, fixed in size and filled in before any crash.
constexpr int maxModules = 64;
constexpr int maxFrames = 64;
constexpr size_t maxText = 512;

struct RawModule
{
    char plugin[maxText];
    char path[maxText];
    int generation;
    uintptr_t start;
    uintptr_t end;
    uintptr_t base;
    long long liveSinceMs;
};

struct Table
{
    int count = 0;
    RawModule modules[maxModules];
};

Table tables[2];
std::atomic<int> currentTable{0};
int recordFd = -1;
QByteArray execPath;
QList<QByteArray> execArgumentBytes;
char **execArgv = nullptr;
char *alternateStack = nullptr;
std::atomic<bool> installed{false};
std::atomic<bool> journalPending{false};
// How long the handler gives a journal write in flight (on JournalWriter's thread) to land.
constexpr int journalWaitSteps = 50;
constexpr long journalWaitStepNs = 10 * 1000 * 1000;
const int fatalSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

/*! A fixed buffer, filled with async-signal-safe formatting only. */
struct Out
{
    char text[32768];
    size_t size = 0;

    void add(const char *s)
    {
        while (*s && size < sizeof text)
            text[size++] = *s++;
    }
    void addUnsigned(unsigned long long value, unsigned base)
    {
        char digits[24];
        int n = 0;
        do {
            digits[n++] = "0123456789abcdef"[value % base];
            value /= base;
        } while (value && n < 24);
        if (base == 16)
            add("0x");
        while (n && size < sizeof text)
            text[size++] = digits[--n];
    }
    void addNumber(long long value)
    {
        if (value < 0) {
            add("-");
            value = -value;
        }
        addUnsigned((unsigned long long)value, 10);
    }
    void flush(int fd) const
    {
        size_t written = 0;
        while (written < size) {
            const ssize_t n = ::write(fd, text + written, size - written);
            if (n <= 0 && errno != EINTR)
                return;
            if (n > 0)
                written += size_t(n);
        }
    }
};

Out out; // not on the (small) alternate stack

uintptr_t contextPc(void *context)
{
    const auto *uc = static_cast<const ucontext_t *>(context);
#if defined(__x86_64__)
    return uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
    return uintptr_t(uc->uc_mcontext.pc);
#else
    Q_UNUSED(uc);
    return 0;
#endif
}

int moduleIndexOf(const Table &table, uintptr_t pc)
{
    for (int i = 0; i < table.count; ++i) {
        if (pc >= table.modules[i].start && pc < table.modules[i].end)
            return i;
    }
    return -1;
}

void writeRecord(int signalNumber, const siginfo_t *info, void *context)
{
    const Table &table = tables[currentTable.load()];
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    out.size = 0;
    out.add("relive-crash 1\nsignal\t");
    out.addNumber(signalNumber);
    out.add("\naddress\t");
    out.addUnsigned(uintptr_t(info ? info->si_addr : nullptr), 16);
    out.add("\npid\t");
    out.addNumber(::getpid());
    out.add("\ntime\t");
    out.addNumber(now.tv_sec * 1000LL + now.tv_nsec / 1000000);
    out.add("\n");
    for (int i = 0; i < table.count; ++i) {
        const RawModule &module = table.modules[i];
        out.add("module\t");
        out.addNumber(module.generation);
        for (uintptr_t value : {module.start, module.end, module.base}) {
            out.add("\t");
            out.addUnsigned(value, 16);
        }
        out.add("\t");
        out.addNumber(module.liveSinceMs);
        out.add("\t");
        out.add(module.plugin);
        out.add("\t");
        out.add(module.path);
        out.add("\n");
    }
    // The faulting pc first, then the frames the unwinder finds past the signal frame.
    const uintptr_t pc = contextPc(context);
    void *frames[maxFrames];
    const int count = ::backtrace(frames, maxFrames);
    int first = 0;
    while (first < count && uintptr_t(frames[first]) != pc)
        ++first;
    if (first == count)
        first = 0; // pc not found: keep every frame, the handler's own included
    else
        ++first;
    int culprit = -1;
    for (int i = first - 1; i < count; ++i) {
        const uintptr_t frame = i < first ? pc : uintptr_t(frames[i]);
        const int index = moduleIndexOf(table, frame);
        if (culprit < 0)
            culprit = index;
        out.add(i < first ? "pc\t" : "frame\t");
        out.addUnsigned(frame, 16);
        out.add("\t");
        out.addNumber(index);
        out.add("\n");
    }
    out.add("culprit\t");
    out.addNumber(culprit);
    out.add("\nend\n");
    if (::ftruncate(recordFd, 0) == 0 && ::lseek(recordFd, 0, SEEK_SET) == 0)
        out.flush(recordFd);
}

/*!
 * A journal posted just before the crash (a reload's) is being written on its own thread, which
 * runs on while this one handles the signal: give it a moment, so that the new process finds
 * it. Bounded: the crash may be in that thread.
 */
void waitForTheJournal()
{
    const timespec step{0, journalWaitStepNs};
    for (int i = 0; i < journalWaitSteps && journalPending.load(); ++i)
        ::nanosleep(&step, nullptr);
}

void onFatalSignal(int signalNumber, siginfo_t *info, void *context)
{
    // SA_RESETHAND made the action the default again: a fault in here ends the process.
    if (recordFd >= 0)
        writeRecord(signalNumber, info, context);
    if (execArgv) {
        waitForTheJournal();
        // The new image inherits the mask, and this signal is blocked while its handler runs.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(execPath.constData(), execArgv, environ);
    }
    ::raise(signalNumber);
}

void copyText(char *target, const QString &text)
{
    const QByteArray bytes = QFile::encodeName(text).left(int(maxText) - 1).replace('\t', ' ').replace('\n', ' ');
    std::memcpy(target, bytes.constData(), size_t(bytes.size()) + 1);
}

} // namespace

bool CrashGuard::install(const QString &recordPath, const QString &program, const QStringList &arguments, QString *error)
{
    uninstall();
    recordFd = ::open(QFile::encodeName(recordPath).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (recordFd < 0) {
        if (error)
            *error = QStringLiteral("cannot open the crash record %1: %2").arg(recordPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    execPath = QFile::encodeName(program);
    execArgumentBytes.clear();
    for (const QString &argument : arguments)
        execArgumentBytes << argument.toLocal8Bit();
    execArgv = new char *[size_t(execArgumentBytes.size()) + 1];
    for (int i = 0; i < execArgumentBytes.size(); ++i)
        execArgv[i] = execArgumentBytes[i].data();
    execArgv[execArgumentBytes.size()] = nullptr;

    // backtrace() loads the unwinder on its first call: never let that be in the handler.
    void *warm[2];
    ::backtrace(warm, 2);
    const size_t stackSize = 64 * 1024;
    if (!alternateStack)
        alternateStack = new char[stackSize];
    stack_t stack{};
    stack.ss_sp = alternateStack;
    stack.ss_size = stackSize;
    ::sigaltstack(&stack, nullptr);
    struct sigaction action{};
    action.sa_sigaction = onFatalSignal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    for (int signalNumber : fatalSignals)
        ::sigaction(signalNumber, &action, nullptr);
    installed = true;
    return true;
}

void CrashGuard::uninstall()
{
    if (!installed)
        return;
    for (int signalNumber : fatalSignals)
        ::signal(signalNumber, SIG_DFL);
    installed = false;
    ::close(recordFd);
    recordFd = -1;
    delete[] execArgv;
    execArgv = nullptr;
}

bool CrashGuard::isInstalled()
{
    return installed;
}

void CrashGuard::setModules(const QList<Module> &modules)
{
    const int next = 1 - currentTable.load();
    Table &table = tables[next];
    table.count = 0;
    for (const Module &module : modules) {
        if (table.count == maxModules)
            break;
        RawModule &raw = table.modules[table.count++];
        copyText(raw.plugin, module.plugin);
        copyText(raw.path, module.path);
        raw.generation = module.generation;
        raw.start = module.start;
        raw.end = module.end;
        raw.base = module.base;
        raw.liveSinceMs = module.liveSinceMs;
    }
    currentTable.store(next);
}

void CrashGuard::setJournalPending(bool pending)
{
    journalPending.store(pending);
}

CrashGuard::Module CrashGuard::moduleFor(const QString &plugin, int generation, const QString &path, qint64 liveSinceMs)
{
    Module module;
    module.plugin = plugin;
    module.generation = generation;
    module.path = path;
    module.liveSinceMs = liveSinceMs;
    LibraryMappings::addressRange(path, &module.start, &module.end, &module.base);
    return module;
}

} // namespace Relive
