// DiagnosticParser on arbitrary build output: whatever a compiler, a linker, a build tool or a
// plugin's own code prints ends up here, line by line.
#include "fuzzcheck.h"

#include "relive/diagnosticparser.h"

#include <QtCore/QDir>
#include <QtCore/QJsonDocument>
#include <QtCore/QStringList>

#include <cstddef>
#include <cstdint>

using Relive::Diagnostic;
using Relive::DiagnosticParser;

// Qt's warnings (QFileInfo on a "path" with a NUL in it) are not findings, and printing them
// would cost most of the run.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Decoded as BuildRunner decodes each line it reads from the build.
    const QString text = QString::fromLocal8Bit(reinterpret_cast<const char *>(data), int(size));
    // A folder that exists: relative paths are resolved against it as in a real build.
    static const QString buildDirectory = QDir::tempPath();

    DiagnosticParser atOnce(buildDirectory);
    atOnce.addOutput(text);

    DiagnosticParser byLine(buildDirectory);
    QList<Diagnostic>::size_type listed = 0;
    QString firstMessage;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        byLine.addLine(line);
        const QList<Diagnostic> now = byLine.diagnostics();
        fuzzRequire(now.size() >= listed, "a diagnostic once listed is never taken back");
        if (listed > 0)
            fuzzRequire(now.first().message == firstMessage, "a listed diagnostic keeps its message");
        listed = now.size();
        if (listed > 0)
            firstMessage = now.first().message;
    }

    const QList<Diagnostic> diagnostics = atOnce.diagnostics();
    fuzzRequire(byLine.diagnostics() == diagnostics, "addLine per line and addOutput at once agree");
    fuzzRequire(atOnce.errorCount() + atOnce.warningCount() <= diagnostics.size(), "counts are of listed diagnostics");
    for (const Diagnostic &diagnostic : diagnostics) {
        fuzzRequire(diagnostic.line >= 0 && diagnostic.column >= 0, "lines and columns are never negative");
        // The CLI's build-failed event carries exactly this.
        fuzzRequire(!QJsonDocument(diagnostic.toJson()).toJson(QJsonDocument::Compact).isEmpty(), "a diagnostic has JSON");
    }

    const QString stripped = DiagnosticParser::stripAnsi(text);
    fuzzRequire(!stripped.contains(QChar(0x1b)), "stripAnsi leaves no escape character");
    fuzzRequire(stripped.size() <= text.size(), "stripAnsi only removes");

    DiagnosticParser copy(atOnce);
    copy.clear();
    fuzzRequire(copy.diagnostics().isEmpty() && copy.buildDirectory() == atOnce.buildDirectory(),
                "clear() forgets the diagnostics and keeps the folder");
    fuzzRequire(atOnce.diagnostics() == diagnostics, "a copy is independent");
    return 0;
}
