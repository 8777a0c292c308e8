#include "relive/reloadtiming.h"

#include <cmath>

namespace Relive {

QJsonObject ReloadTiming::toJson() const
{
    QJsonObject json;
    const auto put = [&json](const char *key, double ms) {
        if (ms >= 0)
            json.insert(QLatin1String(key), std::round(ms * 100.0) / 100.0);
    };
    put("build", buildMs);
    put("stage", stageMs);
    put("validate", validateMs);
    put("probe", probeMs);
    put("load", loadMs);
    put("restore", restoreMs);
    put("unload", unloadMs);
    put("total", totalMs);
    return json;
}

} // namespace Relive
