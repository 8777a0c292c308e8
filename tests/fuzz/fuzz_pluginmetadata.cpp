// PluginMetadata on arbitrary metadata: what QPluginLoader::metaData() returns is whatever a
// plugin's author put in its JSON file, wrapped by moc. The input, read as JSON, is interpreted
// and validated exactly as PluginMetadata::read() interprets and validates the loader's object.
//
// Not read as CBOR (the form moc embeds): within seconds that finds reads of uninitialised
// memory inside Qt 6.4's own QCborValue decoder, which is Qt's code, not this project's.
#include "fuzzcheck.h"

#include "relive/liveplugin.h"
#include "relive/pluginmetadata.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonDocument>

#include <cstddef>
#include <cstdint>

using Relive::PluginMetadata;

namespace {

void check(const QJsonObject &loaderJson)
{
    const PluginMetadata metadata = PluginMetadata::fromLoaderJson(loaderJson);
    fuzzRequire(metadata.isQtPlugin() == !loaderJson.isEmpty(), "an empty object is not a Qt plugin");

    const QString forRelive = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), PluginMetadata::hostQtVersion());
    if (metadata.iid() == QLatin1String(ReliveLivePlugin_iid))
        fuzzRequire(!forRelive.startsWith(QLatin1String("wrong plugin interface")), "the right IID is never called wrong");
    // Against the plugin's own IID and Qt version, validation reaches the keys of its JSON file.
    const QString ownTerms = metadata.validate(metadata.iid(), metadata.qtVersion());
    if (forRelive.isEmpty() || ownTerms.isEmpty()) {
        fuzzRequire(metadata.isQtPlugin(), "only a Qt plugin passes");
        fuzzRequire(!metadata.name().isEmpty(), "a valid plugin has a Name");
        fuzzRequire(PluginMetadata::isValidVersion(metadata.version()), "a valid plugin has a well-formed Version");
        fuzzRequire(PluginMetadata::isValidVersion(metadata.compatVersion()), "and a well-formed CompatVersion");
    }
    if (forRelive.isEmpty())
        fuzzRequire(metadata.iid() == QLatin1String(ReliveLivePlugin_iid), "only the LivePlugin IID passes for Relive");

    // Everything the plugin list and relive-cli inspect show.
    (void)metadata.className();
    (void)metadata.qtVersionString();
    (void)metadata.isDebugBuild();
    (void)metadata.vendor();
    (void)metadata.description();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), int(size));
    const QJsonDocument json = QJsonDocument::fromJson(bytes);
    if (json.isObject())
        check(json.object());
    return 0;
}
