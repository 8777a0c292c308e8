// Helpers shared by the test suites: fixture paths, generated bad inputs, plugin calls.
#pragma once

#include "awkwardnames.h"
#include "testfiles.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLibraryInfo>
#include <QtCore/QMap>
#include <QtCore/QMetaObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>

#include <dlfcn.h>
#include <link.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <climits>
#include <cstring>

namespace TestSupport {

using TestFiles::readFile;
using TestFiles::writeFile;

/*! Path of the fixture plugin built as \a target (tests/fixtures). */
inline QString fixture(const char *target)
{
    return QString::fromLatin1(RELIVE_FIXTURE_DIR "/%1.so").arg(QLatin1String(target));
}

/*! True when the fixtures were built by a compiler that emits STB_GNU_UNIQUE (g++). */
constexpr bool fixturesEmitGnuUnique = RELIVE_FIXTURES_EMIT_GNU_UNIQUE != 0;

/*! Where the dynamic loader found libm for this process: a real, non-Qt shared library. */
inline QString systemLibm()
{
    void *handle = dlopen("libm.so.6", RTLD_LAZY | RTLD_NOLOAD);
    if (!handle)
        handle = dlopen("libm.so.6", RTLD_LAZY);
    if (!handle)
        return QString();
    struct link_map *map = nullptr;
    QString path;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name)
        path = QFile::decodeName(map->l_name);
    dlclose(handle);
    return path;
}

/*! The peak RSS of this process (VmHWM), in kB; -1 when /proc cannot say. */
inline qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/*! Resets the peak RSS to the current RSS (clear_refs 5, Linux 4.0) and returns it, in kB. */
inline qint64 resetPeakRssKb()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
    clear.close();
    return peakRssKb();
}

/*! A size for sparse test files: larger than any plugin, under the default size limit (2 GB). */
constexpr qint64 hugeSparseSize = 1900000000;

/*!
 * Files that are not plugins, made at run time in a folder of their own. File names say
 * nothing about what is wrong with them, so that an error message cannot pass a test by
 * quoting the path.
 */
class BadInputs
{
public:
    bool create(QString *why)
    {
        if (!m_dir.isValid()) {
            *why = QLatin1String("no temporary folder");
            return false;
        }
        const QByteArray plugin = readFile(fixture("fixture_answer_v1"));
        if (plugin.size() < 4096) {
            *why = QLatin1String("fixture_answer_v1 is missing or too small");
            return false;
        }
        const QString libm = systemLibm();
        if (libm.isEmpty()) {
            *why = QLatin1String("cannot find libm.so.6 through the dynamic loader");
            return false;
        }
        QByteArray random(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(20240607); // fixed seed: the same bytes on every run
        for (char &byte : random)
            byte = char(generator.bounded(256));
        random[0] = 'R'; // never an ELF magic, whatever the seed gives

        m_paths.insert(QLatin1String("missing"), m_dir.filePath(QLatin1String("input-1.so")));
        m_paths.insert(QLatin1String("directory"), m_dir.filePath(QLatin1String("input-2.so")));
        m_paths.insert(QLatin1String("empty"), m_dir.filePath(QLatin1String("input-3.so")));
        m_paths.insert(QLatin1String("random bytes"), m_dir.filePath(QLatin1String("input-4.so")));
        m_paths.insert(QLatin1String("truncated plugin"), m_dir.filePath(QLatin1String("input-5.so")));
        m_paths.insert(QLatin1String("libm"), m_dir.filePath(QLatin1String("input-6.so")));
        // Files that are no files to read (issue 16): each would hang or fill a naive reader.
        m_paths.insert(QLatin1String("named pipe"), m_dir.filePath(QLatin1String("input-7.so")));
        m_paths.insert(QLatin1String("device"), m_dir.filePath(QLatin1String("input-8.so"))); // a link to /dev/zero
        m_paths.insert(QLatin1String("socket"), m_dir.filePath(QLatin1String("input-9.so")));
        m_paths.insert(QLatin1String("sparse 3 GB"), m_dir.filePath(QLatin1String("input-10.so")));
        const bool ok = QDir(m_dir.path()).mkdir(QLatin1String("input-2.so"))
            && writeFile(path("empty"), QByteArray())
            && writeFile(path("random bytes"), random)
            && writeFile(path("truncated plugin"), plugin.left(plugin.size() / 2))
            && QFile::copy(libm, path("libm"))
            && ::mkfifo(QFile::encodeName(path("named pipe")).constData(), 0600) == 0
            && QFile::link(QStringLiteral("/dev/zero"), path("device"))
            && makeSocket(path("socket"))
            && writeFile(path("sparse 3 GB"), QByteArray()) && QFile(path("sparse 3 GB")).resize(sparseSize);
        if (!ok)
            *why = QLatin1String("cannot write the bad inputs in ") + m_dir.path();
        return ok;
    }

    QString path(const char *kind) const { return m_paths.value(QLatin1String(kind)); }
    QString folder() const { return m_dir.path(); }

    static constexpr qint64 sparseSize = qint64(3) << 30; //!< of "sparse 3 GB": zeros, no disk blocks

private:
    // A Unix socket's file: it stays when the socket is closed.
    static bool makeSocket(const QString &path)
    {
        const QByteArray native = QFile::encodeName(path);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        if (size_t(native.size()) >= sizeof address.sun_path)
            return false;
        std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        const bool bound = fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
        if (fd >= 0)
            ::close(fd);
        return bound;
    }

    QTemporaryDir m_dir;
    QMap<QString, QString> m_paths;
};

/*! What every platform plugin of Qt 5.15 and Qt 6 declares (qplatformintegrationplugin.h). */
inline QString platformPluginIid()
{
    return QStringLiteral("org.qt-project.Qt.QPA.QPlatformIntegrationFactoryInterface.5.3");
}

inline QString qtPluginsPath()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
    return QLibraryInfo::path(QLibraryInfo::PluginsPath);
#else
    return QLibraryInfo::location(QLibraryInfo::PluginsPath);
#endif
}

/*!
 * The offscreen platform plugin as built for the other Qt major (5 for a Qt 6 build and the
 * reverse), where the distribution installs both side by side (.../qt5/plugins, .../qt6/plugins).
 * Empty, with \a why set, when there is none.
 */
inline QString otherMajorPlatformPlugin(QString *why)
{
    const int otherMajor = QT_VERSION_MAJOR == 6 ? 5 : 6;
    QString path = qtPluginsPath() + QStringLiteral("/platforms/libqoffscreen.so");
    const QString thisQt = QStringLiteral("/qt%1/").arg(QT_VERSION_MAJOR);
    if (!path.contains(thisQt)) {
        *why = QStringLiteral("Qt's plugin folder %1 has no /qt<major>/ part: cannot tell where Qt %2's plugins are")
                   .arg(qtPluginsPath())
                   .arg(otherMajor);
        return QString();
    }
    path.replace(thisQt, QStringLiteral("/qt%1/").arg(otherMajor));
    if (!QFileInfo::exists(path)) {
        *why = path + QStringLiteral(" is not installed: no plugin of the other Qt major to try");
        return QString();
    }
    return path;
}

/*! Calls \a method of \a object that returns an int; INT_MIN when the call fails. */
inline int callInt(QObject *object, const char *method)
{
    int result = INT_MIN;
    if (!object || !QMetaObject::invokeMethod(object, method, Qt::DirectConnection, Q_RETURN_ARG(int, result)))
        return INT_MIN;
    return result;
}

inline qulonglong callULongLong(QObject *object, const char *method)
{
    qulonglong result = 0;
    if (!object || !QMetaObject::invokeMethod(object, method, Qt::DirectConnection, Q_RETURN_ARG(qulonglong, result)))
        return 0;
    return result;
}

inline bool call(QObject *object, const char *method)
{
    return object && QMetaObject::invokeMethod(object, method, Qt::DirectConnection);
}

/*! The line of /proc/self/maps whose address range holds \a address; empty if none. */
inline QString mappingOf(quintptr address)
{
    QFile maps(QLatin1String("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return QString();
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        if (dash < 0 || space < dash)
            continue;
        bool okStart = false;
        bool okEnd = false;
        const quintptr start = line.left(dash).toULongLong(&okStart, 16);
        const quintptr end = line.mid(dash + 1, space - dash - 1).toULongLong(&okEnd, 16);
        if (okStart && okEnd && address >= start && address < end)
            return QString::fromLocal8Bit(line);
    }
    return QString();
}

/*! The files in \a folder, sorted. */
inline QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace TestSupport
