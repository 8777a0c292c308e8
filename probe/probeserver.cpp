#include "probeserver.h"

#include "probeprotocol.h"

#include <relive/liveplugin.h>
#include <relive/modulerecord.h>
#include <relive/pluginhost.h>
#include <relive/private/inputfile.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QScopeGuard>
#include <QtWidgets/QLabel>

#include <cstdio>
#include <vector>

#include <dlfcn.h>

namespace Protocol = Relive::ProbeProtocol;

namespace {

// Each line must reach the parent before the plugin code that may kill this process runs.
void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void step(Protocol::Step step)
{
    say(Protocol::stepLine(step));
}

int refuse(const QString &message)
{
    say(Protocol::errorLine(message));
    return Protocol::exitRefused;
}

// What a cold probe spends most of its time on, done before the file is known.
void warmUp()
{
    QLabel label(QStringLiteral("Relive probe"));
    label.show();
    label.grab(); // renders text: loads the platform's fonts
    QCoreApplication::processEvents();
}

// The trial itself: every step that runs plugin code, announced first.
int trial(const Protocol::Request &request)
{
    QPointer<QWidget> widget; // its class is the plugin's: deleted before the code goes
    Relive::PluginHost host(Relive::PluginHost::iidsFor(request.iid)); // LivePlugin or LiveState, or the host's own
    const auto deleteWidget = qScopeGuard([&widget] { delete widget.data(); }); // before the host unloads on destruction
    // Direct: the host unloads the code right after the signal returns.
    QObject::connect(&host, &Relive::PluginHost::aboutToUnload, &host, [&widget] { delete widget.data(); },
                     Qt::DirectConnection);
    step(Protocol::Step::Load);
    // The library generations the file asks for, by path first: the loader binds it to them.
    // Released at the end: the plugin holds them while it is loaded.
    std::vector<void *> libraries;
    const auto releaseLibraries = qScopeGuard([&libraries] {
        for (void *library : libraries)
            dlclose(library);
    });
    for (const QString &path : request.libraries) {
        void *library = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
        if (!library)
            return refuse(QStringLiteral("cannot load the library %1: %2").arg(path, QString::fromLocal8Bit(dlerror())));
        libraries.push_back(library);
    }
    if (!host.load(request.file))
        return refuse(host.errorString());
    const QString name = host.pluginLoadedFrom(request.file);

    QString error;
    // As the host: a generation without a state interface starts fresh, whatever it is offered.
    if (request.hasState && host.liveState(name)) {
        step(Protocol::Step::RestoreState);
        if (!host.restoreState(name, request.state, &error))
            return refuse(error);
    }
    // A plugin of another interface has no widget; its state, if it has one, is still tried.
    const bool live = host.liveState(name);
    if (host.livePlugin(name)) {
        step(Protocol::Step::CreateWidget);
        widget = host.createWidget(name, nullptr, &error);
        if (!widget)
            return refuse(error);
        widget->show(); // its show and paint code runs too, not only its constructor
        QCoreApplication::processEvents();
    }
    QVariantMap state;
    if (live) {
        step(Protocol::Step::SaveState);
        state = host.saveState(name, &error);
        if (!error.isEmpty())
            return refuse(error);
    }
    step(Protocol::Step::Unload);
    const bool unloaded = host.unload(name);
    const Relive::ModuleRecord afterUnload = host.record(name);
    if (!unloaded && afterUnload.state != Relive::ModuleRecord::State::Pinned)
        return refuse(host.errorString());
    if (unloaded && !afterUnload.errorString.isEmpty())
        return refuse(afterUnload.errorString); // shutdown() threw
    say(Protocol::okLine(name, live, state));
    return 0;
}

} // namespace

int ProbeServer::run(const QString &file, const QString &iid) const
{
    const bool serving = file.isEmpty();
    if (serving)
        warmUp();
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return refuse(QStringLiteral("cannot read the request from stdin"));
    // A served request is one line: the parent may keep stdin open.
    const QByteArray bytes = serving ? input.readLine() : input.readAll();
    if (serving && bytes.isEmpty())
        return 0; // the parent went away, or dropped the spare
    Protocol::Request request;
    QString error;
    if (!Protocol::readRequest(bytes, file, &request, &error))
        return refuse(error);
    if (!iid.isEmpty())
        request.iid = iid;

    // Streamed, and only from a regular file: a pipe or a device is refused by the load, at once.
    Relive::InputFile plugin(request.file);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (plugin.open() && plugin.stream([&hash](const char *data, qint64 length) {
            hash.addData(QByteArray::fromRawData(data, int(length)));
            return true;
        })) {
        say(Protocol::sha256Line(hash.result().toHex()));
    }
    return trial(request);
}
