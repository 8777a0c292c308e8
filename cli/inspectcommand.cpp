#include "inspectcommand.h"

#include <relive/private/elfinspector.h>
#include <relive/private/elflinkinfo.h>
#include <relive/pluginhost.h>
#include <relive/pluginmetadata.h>

#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace {

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

} // namespace

InspectCommand::InspectCommand(OutputFormat format)
    : m_format(format)
{
}

int InspectCommand::run(const QStringList &files) const
{
    bool allInspected = true;
    bool printedAny = false;
    for (const QString &file : files) {
        if (m_format == OutputFormat::Text && printedAny)
            ConsoleOutput::writeLine(QString()); // a blank line between the reports of two files
        if (inspect(file))
            printedAny = true;
        else
            allInspected = false;
    }
    return allInspected ? 0 : 1;
}

bool InspectCommand::inspect(const QString &file) const
{
    // The ELF check comes first: it tells "missing", "directory", "not ELF" and "truncated"
    // apart, where the Qt metadata reader would only say there is no metadata; and it refuses
    // a pipe, a device or a huge file before the metadata reader could stall on it.
    Relive::InputFile::Limits limits;
    if (m_maxFileSize >= 0)
        limits.maxSize = m_maxFileSize;
    const Relive::ElfInspector elf(file, limits);
    if (!elf.isValid()) {
        reportFailure(file, elf.errorString());
        return false;
    }
    // Absolute: QPluginLoader looks a relative name up in the library paths, not here.
    const Relive::PluginMetadata metadata = Relive::PluginMetadata::read(QFileInfo(file).absoluteFilePath());
    if (!metadata.isQtPlugin()) {
        const QString reason = metadata.errorString().isEmpty()
            ? QStringLiteral("not a Qt plugin (a shared library without Qt plugin metadata)")
            : metadata.errorString();
        reportFailure(file, reason);
        return false;
    }

    // Judged as the app and relive-cli watch would load it: LivePlugin or LiveState, or --iid's.
    const bool relivePlugin = Relive::PluginHost::reliveIids().contains(metadata.iid());
    const QString validationError = metadata.validate(Relive::PluginHost::iidsFor(m_iid), Relive::PluginMetadata::hostQtVersion());
    const QStringList uniqueSymbols = elf.uniqueSymbols();
    const Relive::ElfLinkInfo link = Relive::ElfLinkInfo::read(file);

    if (m_format == OutputFormat::Json) {
        QJsonObject json{
            {QStringLiteral("file"), file},
            {QStringLiteral("ok"), true},
            {QStringLiteral("qtPlugin"), true},
            {QStringLiteral("relivePlugin"), relivePlugin},
            {QStringLiteral("valid"), validationError.isEmpty()},
            {QStringLiteral("iid"), metadata.iid()},
            {QStringLiteral("className"), metadata.className()},
            {QStringLiteral("qtVersion"), metadata.qtVersionString()},
            {QStringLiteral("debug"), metadata.isDebugBuild()},
            {QStringLiteral("name"), metadata.name()},
            {QStringLiteral("version"), metadata.version()},
            {QStringLiteral("compatVersion"), metadata.compatVersion()},
            {QStringLiteral("vendor"), metadata.vendor()},
            {QStringLiteral("description"), metadata.description()},
            {QStringLiteral("uniqueSymbols"), QJsonArray::fromStringList(uniqueSymbols)},
            {QStringLiteral("unloadable"), uniqueSymbols.isEmpty()},
            // What PluginHost::load() checks before it runs any code of the file.
            {QStringLiteral("loadable"), validationError.isEmpty() && uniqueSymbols.isEmpty()},
            {QStringLiteral("metaData"), metadata.userMetaData()},
        };
        if (!validationError.isEmpty())
            json.insert(QStringLiteral("validationError"), validationError);
        json.insert(QStringLiteral("buildId"), link.buildId);
        json.insert(QStringLiteral("needed"), QJsonArray::fromStringList(link.needed));
        ConsoleOutput::writeJson(json);
        return true;
    }

    QStringList lines;
    const auto add = [&lines](const char *label, const QString &value) {
        lines << QStringLiteral("  %1 %2").arg(QString::fromLatin1(label).leftJustified(15), value);
    };
    lines << QStringLiteral("%1: Qt plugin").arg(file);
    add("IID:", metadata.iid());
    add("Class:", metadata.className());
    add("Built with:", QStringLiteral("Qt %1, %2").arg(metadata.qtVersionString(),
        metadata.isDebugBuild() ? QStringLiteral("debug") : QStringLiteral("release")));
    add("Relive plugin:", yesNo(relivePlugin));
    if (!metadata.name().isEmpty())
        add("Name:", metadata.name());
    if (!metadata.version().isEmpty()) {
        add("Version:", metadata.compatVersion() == metadata.version()
            ? metadata.version()
            : QStringLiteral("%1 (compatible down to %2)").arg(metadata.version(), metadata.compatVersion()));
    }
    if (!metadata.vendor().isEmpty())
        add("Vendor:", metadata.vendor());
    if (!metadata.description().isEmpty())
        add("Description:", metadata.description());
    add("Validation:", validationError.isEmpty()
        ? QStringLiteral("passes for this host (Qt %1)").arg(QLatin1String(QT_VERSION_STR))
        : QStringLiteral("fails: %1").arg(validationError));
    add("GNU unique:", uniqueSymbols.isEmpty()
        ? QStringLiteral("none, so it can be unloaded")
        : QStringLiteral("%1 STB_GNU_UNIQUE symbols (%2): it could never be unloaded, so Relive refuses it; "
                         "rebuild with -fno-gnu-unique")
              .arg(uniqueSymbols.size()).arg(uniqueSymbols.mid(0, 3).join(QStringLiteral(", "))
                   + (uniqueSymbols.size() > 3 ? QStringLiteral(", ...") : QString())));
    add("Build-id:", link.buildId.isEmpty() ? QStringLiteral("none (link with --build-id)") : link.buildId);
    add("Needs:", link.needed.join(QStringLiteral(", ")));
    const QJsonObject user = metadata.userMetaData();
    if (!user.isEmpty() && !relivePlugin)
        add("Metadata:", QString::fromUtf8(QJsonDocument(user).toJson(QJsonDocument::Compact)));
    ConsoleOutput::writeLine(lines.join(QLatin1Char('\n')));
    return true;
}

void InspectCommand::reportFailure(const QString &file, const QString &reason) const
{
    ConsoleOutput::reportError(file, reason);
    // Still one object per file, so a script can pair answers with the files it asked about.
    if (m_format == OutputFormat::Json) {
        ConsoleOutput::writeJson({
            {QStringLiteral("file"), file},
            {QStringLiteral("ok"), false},
            {QStringLiteral("error"), reason},
        });
    }
}
