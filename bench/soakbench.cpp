// Soak: reload one plugin many times in one process, its widget created for every generation
// as the app's live view does, and check that nothing accumulates: mappings and open files
// back to where they started, resident memory grown by at most a bound. Against the naive way
// in the same process: QPluginLoader with its default PreventUnloadHint (RTLD_NODELETE) on a
// fresh copy per generation, which keeps every generation mapped.
#include "benchcommandline.h"
#include "benchoutput.h"

#include "relive/private/librarymappings.h"
#include "relive/liveplugin.h"
#include "relive/pluginhost.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QPluginLoader>
#include <QtCore/QPointer>
#include <QtCore/QTemporaryDir>
#include <QtWidgets/QApplication>
#include <QtWidgets/QVBoxLayout>
#include <QtWidgets/QWidget>

#include <cstdio>

namespace {

struct ProcessSample
{
    qint64 residentKiB = 0;
    int mappings = 0;
    int openFiles = 0;

    static ProcessSample now()
    {
        // Deferred deletes and posted events settle first, as between two event-loop passes.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        return {Relive::LibraryMappings::residentKiB(), Relive::LibraryMappings::mappingCount(),
                Relive::LibraryMappings::openFileCount()};
    }

    QString describe() const
    {
        return QStringLiteral("VmRSS %1 KiB, %2 mappings, %3 open files").arg(residentKiB).arg(mappings).arg(openFiles);
    }
};

/*! Where a generation's widget lives: a page of its own, shown, as in the app's live view. */
class WidgetPage
{
public:
    WidgetPage()
    {
        m_page.setLayout(new QVBoxLayout);
        m_page.resize(320, 240);
        m_page.show();
    }

    bool show(QWidget *widget)
    {
        if (!widget)
            return false;
        m_widget = widget;
        m_page.layout()->addWidget(widget);
        QCoreApplication::processEvents(); // shown and painted once
        return true;
    }

    QWidget *parent() { return &m_page; }
    void drop() { delete m_widget.data(); }

private:
    QWidget m_page;
    QPointer<QWidget> m_widget;
};

void printSamples(const ProcessSample &start, const ProcessSample &warm, const ProcessSample &end, int warmup)
{
    BenchOutput::line(QStringLiteral("  start:                 %1").arg(start.describe()));
    BenchOutput::line(QStringLiteral("  after %1 warm-up reloads: %2").arg(warmup).arg(warm.describe()));
    BenchOutput::line(QStringLiteral("  end:                   %1").arg(end.describe()));
}

} // namespace

int main(int argc, char *argv[])
{
    BenchCommandLine::useOffscreenByDefault();
    // The offscreen platform says this for every window shown: thousands of lines of noise.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(QLatin1String("does not support propagateSizeHints")))
            defaultHandler(type, context, message);
    });
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reloads a plugin many times and checks that the process does not grow."));
    parser.addHelpOption();
    const QCommandLineOption reloadsOption(QStringLiteral("reloads"), QStringLiteral("Reloads through PluginHost."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"), QStringLiteral("Reloads before the warm sample."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption naiveOption(QStringLiteral("naive-reloads"), QStringLiteral("Generations loaded the naive way (0: skip)."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption rssOption(QStringLiteral("max-rss-growth"), QStringLiteral("Allowed VmRSS growth after the warm-up, MiB."), QStringLiteral("MiB"), QStringLiteral("10"));
    parser.addOptions({reloadsOption, warmupOption, naiveOption, rssOption});
    const QString plugin = BenchCommandLine::processWithPlugin(parser, app);
    const int reloads = parser.value(reloadsOption).toInt();
    const int warmup = qBound(0, parser.value(warmupOption).toInt(), reloads);
    const qint64 maxGrowthKiB = parser.value(rssOption).toLongLong() * 1024;

    BenchOutput::machine();
    BenchOutput::line(QStringLiteral("plugin: %1 (%2 bytes)").arg(plugin).arg(QFileInfo(plugin).size()));

    ProcessSample start, warm, end;
    {
        WidgetPage page; // outlives the host, which unloads (and asks to drop the widget) last
        Relive::PluginHost host;
        // Direct, as the live view does: the widget's code goes before the library does.
        QObject::connect(&host, &Relive::PluginHost::aboutToUnload, page.parent(), [&page] { page.drop(); },
                         Qt::DirectConnection);
        if (!host.load(plugin)) {
            std::fprintf(stderr, "relive-soak-bench: %s\n", qPrintable(host.errorString()));
            return 1;
        }
        const QString name = host.pluginNames().value(0);
        QString error;
        if (!page.show(host.createWidget(name, page.parent(), &error))) {
            std::fprintf(stderr, "relive-soak-bench: no widget: %s\n", qPrintable(error));
            return 1;
        }
        start = ProcessSample::now();
        for (int i = 1; i <= reloads; ++i) {
            if (!host.reload(name, plugin)) {
                std::fprintf(stderr, "relive-soak-bench: reload %d failed: %s\n", i, qPrintable(host.errorString()));
                return 1;
            }
            if (!page.show(host.createWidget(name, page.parent(), &error))) {
                std::fprintf(stderr, "relive-soak-bench: no widget in generation %d: %s\n", i + 1, qPrintable(error));
                return 1;
            }
            if (i == warmup)
                warm = ProcessSample::now();
        }
        end = ProcessSample::now();
        BenchOutput::line(QStringLiteral("PluginHost, %1 reloads (generation %2 live), a widget shown per generation:")
                              .arg(reloads).arg(host.record(name).generation));
        printSamples(start, warm, end, warmup);
    }

    const qint64 growthKiB = end.residentKiB - warm.residentKiB;
    const bool pass = end.mappings == start.mappings && end.openFiles == start.openFiles && growthKiB <= maxGrowthKiB;

    const int naiveReloads = parser.value(naiveOption).toInt();
    if (naiveReloads > 0) {
        // A fresh path per generation (else dlopen hands back the library it has), loaded with
        // QPluginLoader's defaults, the state handed over by hand as the host would.
        QTemporaryDir copies;
        WidgetPage page;
        QScopedPointer<QPluginLoader> previous;
        ProcessSample naiveStart, naiveWarm, naiveEnd;
        QVariantMap state;
        for (int i = 0; i <= naiveReloads; ++i) {
            const QString copy = copies.filePath(QStringLiteral("naive.g%1.so").arg(i));
            if (!QFile::copy(plugin, copy)) {
                std::fprintf(stderr, "relive-soak-bench: cannot copy to %s\n", qPrintable(copy));
                return 1;
            }
            auto *loader = new QPluginLoader(copy);
            auto *live = qobject_cast<Relive::LivePlugin *>(loader->instance());
            if (!live) {
                std::fprintf(stderr, "relive-soak-bench: naive load failed: %s\n", qPrintable(loader->errorString()));
                return 1;
            }
            if (previous) {
                page.drop();
                QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
                previous->unload();
            }
            live->restoreState(state);
            page.show(live->createWidget(page.parent()));
            state = live->saveState();
            previous.reset(loader);
            QFile::remove(copy); // as a build replaces its output; the mapping stays
            if (i == 0)
                naiveStart = ProcessSample::now();
            else if (i == qMin(warmup, naiveReloads))
                naiveWarm = ProcessSample::now();
        }
        naiveEnd = ProcessSample::now();
        BenchOutput::line(QStringLiteral("naive way, QPluginLoader defaults on a fresh copy, %1 reloads:").arg(naiveReloads));
        printSamples(naiveStart, naiveWarm, naiveEnd, qMin(warmup, naiveReloads));
        BenchOutput::line(QStringLiteral("  per generation: %1 mappings, %2 KiB VmRSS kept")
                              .arg(double(naiveEnd.mappings - naiveStart.mappings) / naiveReloads, 0, 'f', 2)
                              .arg(double(naiveEnd.residentKiB - naiveStart.residentKiB) / naiveReloads, 0, 'f', 1));
        page.drop();
    }

    BenchOutput::line(QStringLiteral("%1: PluginHost after %2 reloads: mappings %3 -> %4, open files %5 -> %6, "
                                     "VmRSS %7 KiB since the warm-up (limit %8 KiB), %9 KiB since the start")
                          .arg(pass ? QStringLiteral("PASS") : QStringLiteral("FAIL"))
                          .arg(reloads)
                          .arg(start.mappings).arg(end.mappings)
                          .arg(start.openFiles).arg(end.openFiles)
                          .arg(growthKiB).arg(maxGrowthKiB)
                          .arg(end.residentKiB - start.residentKiB));
    return pass ? 0 : 1;
}
