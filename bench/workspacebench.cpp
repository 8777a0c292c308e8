// Save → live per kind of edit, on the checked-in workspace tests/workspaces/libraries (a form,
// a .qrc with a text and an image, a static library, a shared library used by two plugins,
// a plugin of its own): each edit is timed from the save until the host runs the new code
// (the plugin's method answers the new value); for the shared library, until both of its
// dependents run its new generation (left and right reload as a set). The one-file turnaround of
// relive-turnaround-bench is the figure to read these next to. Probe off; fastest toolchain.
//   relive-workspace-bench [--edits N] WORKSPACE-TEMPLATE
#include "benchoutput.h"
#include "benchstats.h"
#include "benchwait.h"

#include "relive/private/atomicfile.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "relive/sourcewatcher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QMetaMethod>
#include <QtCore/QTemporaryDir>
#include <QtWidgets/QApplication>

#include <functional>

namespace {

QString call(Relive::PluginHost &host, const char *plugin, const char *method)
{
    QObject *object = host.instance(QLatin1String(plugin));
    if (!object)
        return QString();
    const int index = object->metaObject()->indexOfMethod(QByteArray(method) + "()");
    if (index < 0)
        return QString();
    const QMetaMethod m = object->metaObject()->method(index);
    if (m.returnType() == QMetaType::QString) {
        QString text;
        m.invoke(object, Qt::DirectConnection, Q_RETURN_ARG(QString, text));
        return text;
    }
    int value = 0;
    m.invoke(object, Qt::DirectConnection, Q_RETURN_ARG(int, value));
    return QString::number(value);
}

struct EditKind
{
    const char *name;
    const char *file;
    std::function<QByteArray(int round)> content; //!< the file's text for edit \a round
    const char *plugin;                           //!< whose method shows the new code
    const char *method;
    std::function<QString(int round)> expected;
    const char *otherPlugin = nullptr;             //!< a second plugin that must run the new code too
    std::function<QString(int round)> otherExpected;
};

QList<EditKind> editKinds()
{
    const auto text = [](const char *pattern) { return [pattern](int round) { return QByteArray(pattern).replace("%1", QByteArray::number(round)); }; };
    return {
        {"source (lone.cpp)", "lone/lone.cpp", nullptr, "lone", "answer", [](int round) { return QString::number(1000 + round); }, nullptr, nullptr},
        {"form (panel.ui)", "panel/panel.ui", nullptr, "panel", "formTitle", [](int round) { return QStringLiteral("Form %1").arg(round); }, nullptr, nullptr},
        {"resource (message.txt in panel.qrc)", "panel/message.txt", text("message %1\n"), "panel", "message",
         [](int round) { return QStringLiteral("message %1").arg(round); }, nullptr, nullptr},
        {"static library (greeting.cpp)", "greeting/greeting.cpp",
         text("#include \"greeting.h\"\n\nconst char *greetingText()\n{\n    return \"hello %1\";\n}\n"), "panel", "greeting",
         [](int round) { return QStringLiteral("hello %1").arg(round); }, nullptr, nullptr},
        {"shared library, two dependents (shared.cpp)", "shared/shared.cpp",
         text("#include \"shared.h\"\n\nint sharedValue()\n{\n    return %1;\n}\n\nconst char *sharedLabel()\n{\n    return \" right\";\n}\n"),
         "left", "answer", [](int round) { return QString::number(round + 1); }, "right",
         [](int round) { return QString::number(round + 2); }},
    };
}

QByteArray editedFile(const EditKind &kind, const QString &workspace, int round)
{
    if (kind.content)
        return kind.content(round);
    QFile file(workspace + QLatin1Char('/') + QLatin1String(kind.file));
    file.open(QIODevice::ReadOnly);
    QByteArray content = file.readAll();
    if (QByteArray(kind.file).endsWith(".ui"))
        return content.replace(QByteArray("Form ") + QByteArray::number(round - 1), "Form " + QByteArray::number(round))
            .replace("Form one", "Form " + QByteArray::number(round));
    const QByteArray before = round == 1 ? QByteArray("return 7;") : "return " + QByteArray::number(999 + round) + ";";
    return content.replace(before, "return " + QByteArray::number(1000 + round) + ";");
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("edits"), QStringLiteral("Edits per kind (default 7)."), QStringLiteral("N"), QStringLiteral("7")});
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("tests/workspaces/libraries"));
    parser.addHelpOption();
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const int edits = qMax(1, parser.value(QStringLiteral("edits")).toInt());

    QTemporaryDir workspace, build;
    const QString from = parser.positionalArguments().constFirst();
    QDirIterator files(from, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString file = files.next();
        QDir().mkpath(QFileInfo(workspace.path() + file.mid(from.size())).absolutePath());
        QFile::copy(file, workspace.path() + file.mid(from.size()));
    }
    BenchOutput::machine();
    Relive::PluginHost host;
    Relive::LiveSession session(&host);
    session.setBuildDirectory(build.path());
    session.setWorkspace(workspace.path());
    if (!session.start() || !waitUntil([&] { return host.isLoaded(QStringLiteral("lone")) && host.isLoaded(QStringLiteral("panel")); }, 300000)) {
        BenchOutput::line(QStringLiteral("the workspace did not build and load: %1").arg(session.errorString()));
        return 1;
    }
    // The watch learns what the build reads (message.txt) from Ninja's graph after the build.
    waitUntil([&] { return session.sourceWatcher()->buildInputs().size() > 0 && !session.isBuilding(); }, 30000);
    BenchOutput::line(QStringLiteral("toolchain: %1; %2 edits per kind; save -> live (ms): median / p90 / max (n)")
                          .arg(session.toolchain().describe()).arg(edits));
    for (const EditKind &kind : editKinds()) {
        BenchStats stats;
        for (int round = 1; round <= edits; ++round) {
            waitUntil([&] { return !session.isBuilding(); }, 300000);
            QCoreApplication::processEvents();
            const QString path = workspace.path() + QLatin1Char('/') + QLatin1String(kind.file);
            QElapsedTimer timer;
            Relive::writeFileAtomically(path, editedFile(kind, workspace.path(), round));
            timer.start();
            const bool live = waitUntil([&] {
                return call(host, kind.plugin, kind.method) == kind.expected(round)
                    && (!kind.otherPlugin || call(host, kind.otherPlugin, kind.method) == kind.otherExpected(round));
            }, 300000);
            if (!live) {
                BenchOutput::line(QStringLiteral("%1: edit %2 never went live").arg(QLatin1String(kind.name)).arg(round));
                return 1;
            }
            stats.add(double(timer.nsecsElapsed()) / 1e6);
        }
        BenchOutput::line(QStringLiteral("  %1: %2").arg(QLatin1String(kind.name), stats.summary(0)));
    }
    return 0;
}
