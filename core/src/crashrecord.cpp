#include "relive/private/crashrecord.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>

#include <csignal>

namespace Relive {

QString CrashRecord::signalName() const
{
    switch (signalNumber) {
    case SIGSEGV:
        return QStringLiteral("SIGSEGV");
    case SIGBUS:
        return QStringLiteral("SIGBUS");
    case SIGILL:
        return QStringLiteral("SIGILL");
    case SIGFPE:
        return QStringLiteral("SIGFPE");
    case SIGABRT:
        return QStringLiteral("SIGABRT");
    }
    return QStringLiteral("signal %1").arg(signalNumber);
}

qint64 CrashRecord::liveMs() const
{
    return isPluginCrash() ? timeMs - culpritModule().liveSinceMs : -1;
}

QJsonArray CrashRecord::frameList() const
{
    QJsonArray list;
    for (const Frame &frame : frames)
        list.append(frame.location.isEmpty() ? QStringLiteral("0x%1").arg(frame.pc, 0, 16) : frame.location);
    return list;
}

QString CrashRecord::pluginLocation() const
{
    for (const Frame &frame : frames) {
        if (frame.module >= 0 && !frame.location.isEmpty())
            return frame.location;
    }
    return QString();
}

CrashRecord CrashRecord::read(const QString &path)
{
    CrashRecord record;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return record;
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.value(0) != "relive-crash 1" || !lines.contains("end"))
        return record; // none, or cut short
    for (const QByteArray &line : lines) {
        const QList<QByteArray> f = line.split('\t');
        const QByteArray key = f.value(0);
        if (key == "signal") {
            record.signalNumber = f.value(1).toInt();
        } else if (key == "address") {
            record.address = quintptr(f.value(1).toULongLong(nullptr, 0));
        } else if (key == "pid") {
            record.pid = f.value(1).toLongLong();
        } else if (key == "time") {
            record.timeMs = f.value(1).toLongLong();
        } else if (key == "module" && f.size() >= 8) {
            CrashGuard::Module module;
            module.generation = f.at(1).toInt();
            module.start = quintptr(f.at(2).toULongLong(nullptr, 0));
            module.end = quintptr(f.at(3).toULongLong(nullptr, 0));
            module.base = quintptr(f.at(4).toULongLong(nullptr, 0));
            module.liveSinceMs = f.at(5).toLongLong();
            module.plugin = QString::fromUtf8(f.at(6));
            module.path = QFile::decodeName(f.at(7));
            record.modules << module;
        } else if ((key == "pc" || key == "frame") && f.size() >= 3) {
            record.frames << Frame{quintptr(f.at(1).toULongLong(nullptr, 0)), f.at(2).toInt(), key == "frame", QString()};
        } else if (key == "culprit") {
            record.culprit = f.value(1).toInt();
        }
    }
    return record;
}

namespace {

/*! "file:line function" for each of \a offsets in \a library, in order; empty ones when it cannot. */
QStringList symbolizeIn(const QString &library, const QList<quintptr> &offsets)
{
    QStringList arguments{QStringLiteral("-f"), QStringLiteral("-C"), QStringLiteral("-e"), library};
    for (quintptr offset : offsets)
        arguments << QStringLiteral("0x%1").arg(offset, 0, 16);
    QString program = QStandardPaths::findExecutable(QStringLiteral("addr2line"));
    if (program.isEmpty()) { // llvm-symbolizer answers addr2line's questions in its mode
        program = QStandardPaths::findExecutable(QStringLiteral("llvm-symbolizer"));
        arguments.prepend(QStringLiteral("--output-style=GNU"));
    }
    QStringList locations;
    QProcess tool;
    if (!program.isEmpty()) {
        tool.start(program, arguments);
        tool.waitForFinished(10000);
    }
    const QStringList lines = QString::fromLocal8Bit(tool.readAllStandardOutput()).split(QLatin1Char('\n'));
    for (int i = 0; i < offsets.size(); ++i) {
        const QString function = lines.value(2 * i);
        QString place = lines.value(2 * i + 1);
        place = place.section(QLatin1Char(' '), 0, 0); // "file:line (discriminator 1)"
        const bool known = !place.isEmpty() && !place.startsWith(QLatin1String("??"));
        locations << (known ? QStringLiteral("%1 %2").arg(place, function) : QString());
    }
    return locations;
}

} // namespace

void CrashRecord::symbolize()
{
    for (int m = 0; m < modules.size(); ++m) {
        const CrashGuard::Module &module = modules.at(m);
        if (!QFileInfo::exists(module.path))
            continue;
        QList<int> which;
        QList<quintptr> offsets;
        for (int i = 0; i < frames.size(); ++i) {
            if (frames.at(i).module != m)
                continue;
            // A return address points past its call: the call's line is one byte before.
            const quintptr pc = frames.at(i).pc - (frames.at(i).isReturnAddress ? 1 : 0);
            which << i;
            offsets << pc - module.base;
        }
        if (which.isEmpty())
            continue;
        const QStringList locations = symbolizeIn(module.path, offsets);
        for (int i = 0; i < which.size(); ++i)
            frames[which.at(i)].location = locations.value(i);
    }
}

} // namespace Relive
