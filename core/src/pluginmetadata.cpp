#include "relive/pluginmetadata.h"

#include "relive/liveplugin.h"
#include "relive/private/elfinspector.h"

#include <QtCore/QFileInfo>
#include <QtCore/QPluginLoader>
#include <QtCore/QRegularExpression>
#include <QtCore/QVersionNumber>

namespace Relive {

namespace {
QString qtVersionText(int version)
{
    return QStringLiteral("%1.%2.%3").arg(version >> 16).arg((version >> 8) & 0xff).arg(version & 0xff);
}

QString otherQtMajorProblem(const QString &pluginQt, int hostQtVersion)
{
    return QStringLiteral("built with Qt %1, but this host runs Qt %2: rebuild it against Qt %3")
        .arg(pluginQt, qtVersionText(hostQtVersion)).arg(hostQtVersion >> 16);
}

// What a plugin implements to be loaded by a host of these IIDs, for those Relive knows.
QString interfaceHint(const QStringList &iids)
{
    QStringList classes;
    if (iids.contains(QLatin1String(ReliveLivePlugin_iid)))
        classes << QStringLiteral("Relive::LivePlugin for a widget plugin");
    if (iids.contains(QLatin1String(ReliveLiveState_iid)))
        classes << QStringLiteral("Relive::LiveState for a QtCore-only one");
    return classes.isEmpty() ? QString() : QStringLiteral(": implement %1").arg(classes.join(QStringLiteral(", or ")));
}

int runtimeQtVersion()
{
    const QVersionNumber v = QVersionNumber::fromString(QLatin1String(qVersion()));
    return QT_VERSION_CHECK(v.majorVersion(), v.minorVersion(), v.microVersion());
}
} // namespace

PluginMetadata PluginMetadata::read(const QString &path)
{
    QPluginLoader loader;
    // Reading metadata never runs code, but clear the hint anyway: a loader made with it
    // would share its library entry (and the hint) with any later loader of the same path.
    loader.setLoadHints(loader.loadHints() & ~QLibrary::PreventUnloadHint);
    // Absolute: QPluginLoader searches the library paths for a relative name.
    loader.setFileName(QFileInfo(path).absoluteFilePath());
    PluginMetadata metadata = fromLoaderJson(loader.metaData());
    if (metadata.isQtPlugin())
        return metadata;
    const int noteVersion = ElfInspector(path).qtNoteVersion();
    if (noteVersion && (noteVersion >> 16) != QT_VERSION_MAJOR) {
        metadata.m_error = otherQtMajorProblem(QStringLiteral("%1.%2").arg(noteVersion >> 16).arg((noteVersion >> 8) & 0xff),
                                               hostQtVersion());
        metadata.m_errorKind = FailureKind::OtherQtVersion;
    } else {
        metadata.m_error = QStringLiteral("not a Qt plugin: it has no Qt plugin metadata (%1)").arg(loader.errorString());
    }
    return metadata;
}

PluginMetadata PluginMetadata::fromLoaderJson(const QJsonObject &loaderJson)
{
    PluginMetadata metadata;
    metadata.m_raw = loaderJson;
    if (loaderJson.isEmpty()) {
        metadata.m_error = QStringLiteral("not a Qt plugin: it has no Qt plugin metadata");
        metadata.m_errorKind = FailureKind::NotAQtPlugin;
    }
    return metadata;
}

int PluginMetadata::hostQtVersion()
{
    static const int version = runtimeQtVersion();
    return version;
}

bool PluginMetadata::isValidVersion(const QString &version)
{
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9]+(\\.[0-9]+){0,2}(_[0-9]+)?")));
    // "1_2" is not a version: the _patch part needs all three numbers before it.
    if (version.contains(QLatin1Char('_')) && version.count(QLatin1Char('.')) != 2)
        return false;
    return pattern.match(version).hasMatch();
}

QString PluginMetadata::validate(const QString &expectedIid, int hostQtVersion, FailureKind *kind) const
{
    FailureKind found = FailureKind::None;
    const QString problem = check(expectedIid, hostQtVersion, &found);
    if (kind)
        *kind = found;
    return problem;
}

QString PluginMetadata::validate(const QStringList &acceptedIids, int hostQtVersion, FailureKind *kind) const
{
    FailureKind found = FailureKind::None;
    const QString iid = acceptedIids.contains(this->iid()) ? this->iid() : acceptedIids.value(0);
    QString problem = check(iid, hostQtVersion, &found);
    if (found == FailureKind::WrongInterface && acceptedIids.size() > 1) {
        problem = QStringLiteral("wrong plugin interface: it is a Qt plugin for \"%1\", this host loads \"%2\"%3")
                      .arg(this->iid(), acceptedIids.join(QStringLiteral("\" or \"")), interfaceHint(acceptedIids));
    }
    if (kind)
        *kind = found;
    return problem;
}

QString PluginMetadata::check(const QString &expectedIid, int hostQtVersion, FailureKind *kind) const
{
    if (!isQtPlugin()) {
        *kind = m_errorKind;
        return m_error;
    }
    if (iid() != expectedIid) {
        *kind = FailureKind::WrongInterface;
        return QStringLiteral("wrong plugin interface: it is a Qt plugin for \"%1\", this host loads \"%2\"")
            .arg(iid(), expectedIid);
    }
    *kind = FailureKind::OtherQtVersion;
    const int pluginQt = qtVersion();
    if ((pluginQt >> 16) != (hostQtVersion >> 16))
        return otherQtMajorProblem(qtVersionString(), hostQtVersion);
    if ((pluginQt & 0xffff00) > (hostQtVersion & 0xffff00)) {
        return QStringLiteral("built with Qt %1, newer than this host's Qt %2: rebuild it against the host's Qt")
            .arg(qtVersionString(), qtVersionText(hostQtVersion));
    }
    *kind = FailureKind::BadMetadata;
    if (!userMetaData().contains(QLatin1String("Name")) || name().isEmpty())
        return QStringLiteral("metadata has no \"Name\": add it to the plugin's JSON file");
    if (!userMetaData().contains(QLatin1String("Version")))
        return QStringLiteral("metadata has no \"Version\": add it to the plugin's JSON file");
    if (!isValidVersion(version())) {
        return QStringLiteral("malformed \"Version\" \"%1\": use 1, 1.2, 1.2.3 or 1.2.3_4").arg(version());
    }
    if (userMetaData().contains(QLatin1String("CompatVersion")) && !isValidVersion(compatVersion())) {
        return QStringLiteral("malformed \"CompatVersion\" \"%1\": use 1, 1.2, 1.2.3 or 1.2.3_4").arg(compatVersion());
    }
    *kind = FailureKind::None;
    return QString();
}

QString PluginMetadata::iid() const
{
    return m_raw.value(QLatin1String("IID")).toString();
}

QString PluginMetadata::className() const
{
    return m_raw.value(QLatin1String("className")).toString();
}

int PluginMetadata::qtVersion() const
{
    return m_raw.value(QLatin1String("version")).toInt();
}

QString PluginMetadata::qtVersionString() const
{
    return qtVersion() ? qtVersionText(qtVersion()) : QString();
}

bool PluginMetadata::isDebugBuild() const
{
    return m_raw.value(QLatin1String("debug")).toBool();
}

QJsonObject PluginMetadata::userMetaData() const
{
    return m_raw.value(QLatin1String("MetaData")).toObject();
}

QString PluginMetadata::userString(const char *key) const
{
    const QJsonValue value = userMetaData().value(QLatin1String(key));
    // Versions are often written as numbers in hand-made JSON files.
    if (value.isDouble())
        return QString::number(value.toDouble());
    return value.toString();
}

QString PluginMetadata::name() const
{
    return userString("Name");
}

QString PluginMetadata::version() const
{
    return userString("Version");
}

QString PluginMetadata::compatVersion() const
{
    const QString compat = userString("CompatVersion");
    return compat.isEmpty() ? version() : compat;
}

QString PluginMetadata::vendor() const
{
    return userString("Vendor");
}

QString PluginMetadata::description() const
{
    return userString("Description");
}

} // namespace Relive
