#pragma once

// The probe's protocol: what Relive::PluginProbe (the host's side, in relive-core) and the
// relive-probe program (the child, this folder) say to each other. Both sides include this header,
// so a change to the protocol is one edit here. QtCore only, header only: relive-core includes it
// from here (privately) and nothing else of this folder.
//
//   relive-probe [ARGUMENTS...] FILE      reads {"state": {...}} (or {}) from stdin, to its end
//   relive-probe [ARGUMENTS...] --serve   warms up (Qt, the offscreen platform, fonts), then reads
//                                         one line {"file": "...", "iid": "...", "state": {...}}; an empty stdin
//                                         (the parent dropped its spare) ends it with exit code 0
//
// "libraries": [paths] (optional) are loaded by path, in order, before the file: the workspace
// library generations its DT_NEEDED name (docs/ARCHITECTURE.md, "Library generations").
//
// Without "state" nothing is restored (a first load). "iid" is the interface of the host the plugin
// is tried for (without it: org.relive.LivePlugin/1.0); the child's own --iid wins over it. The child answers on stdout, one line each,
// flushed before the plugin code that may kill it runs:
//
//   sha256 <hex>       of the bytes it is about to load
//   step <name>        before each step that runs plugin code (Step)
//   ok <json>          {"plugin": <Name>, "state": {...}}, then exit code 0
//   error <message>    the refusal, then exit code 1 (exitRefused)
//
// Anything else (a crash, an exit() of the plugin, no answer in time) the parent judges from the
// process itself.

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonParseError>
#include <QtCore/QLatin1String>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

namespace Relive::ProbeProtocol {

/*! The option that makes the child serve one request from stdin (warm spare). */
inline constexpr char serveOption[] = "serve";
inline constexpr char serveArgument[] = "--serve";

/*! The exit code of an "error" answer; 0 follows "ok". */
inline constexpr int exitRefused = 1;

/*! The steps that run plugin code, in the order the child takes them. */
enum class Step {
    None, //!< before the plugin was loaded
    Load,
    RestoreState,
    CreateWidget,
    SaveState,
    Unload,
};

inline QLatin1String stepName(Step step)
{
    switch (step) {
    case Step::Load: return QLatin1String("load");
    case Step::RestoreState: return QLatin1String("restoreState");
    case Step::CreateWidget: return QLatin1String("createWidget");
    case Step::SaveState: return QLatin1String("saveState");
    case Step::Unload: return QLatin1String("unload");
    case Step::None: break;
    }
    return QLatin1String("");
}

inline Step stepFromName(const QString &name)
{
    for (Step step : {Step::Load, Step::RestoreState, Step::CreateWidget, Step::SaveState, Step::Unload}) {
        if (name == stepName(step))
            return step;
    }
    return Step::None;
}

namespace Key {
inline constexpr char file[] = "file";
inline constexpr char iid[] = "iid";
inline constexpr char state[] = "state";
inline constexpr char plugin[] = "plugin";
inline constexpr char libraries[] = "libraries";
} // namespace Key

namespace Prefix {
inline constexpr char step[] = "step ";
inline constexpr char sha256[] = "sha256 ";
inline constexpr char ok[] = "ok ";
inline constexpr char error[] = "error ";
} // namespace Prefix

/*! The text of a constant above, for Qt's string functions. */
inline QLatin1String text(const char *constant) { return QLatin1String(constant); }

// ---- the parent's side

/*!
 * The request line for the child: \a state only when the new generation would receive one;
 * \a iid the host's interface (empty: Relive::LivePlugin's); \a libraries to load by path first.
 */
inline QByteArray requestLine(const QString &file, const QString &iid, const QVariantMap &state, bool hasState,
                              const QStringList &libraries = QStringList())
{
    QJsonObject request{{text(Key::file), file}};
    if (!iid.isEmpty())
        request.insert(text(Key::iid), iid);
    if (!libraries.isEmpty())
        request.insert(text(Key::libraries), QJsonArray::fromStringList(libraries));
    if (hasState)
        request.insert(text(Key::state), QJsonObject::fromVariantMap(state));
    return QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n';
}

/*! What the child said on stdout, as far as it got. */
struct Answer
{
    QString lastStep; //!< the name of the last step announced; empty before the first
    QString sha256;
    QString okJson; //!< of an "ok" line; empty: no success reported
    QString error;  //!< of an "error" line
};

inline Answer readAnswer(const QByteArray &output)
{
    const auto after = [](const QString &line, const char *prefix, QString *value) {
        if (!line.startsWith(text(prefix)))
            return false;
        *value = line.mid(text(prefix).size());
        return true;
    };
    Answer answer;
    for (const QByteArray &raw : output.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        after(line, Prefix::step, &answer.lastStep) || after(line, Prefix::sha256, &answer.sha256)
            || after(line, Prefix::ok, &answer.okJson) || after(line, Prefix::error, &answer.error);
    }
    return answer;
}

// ---- the child's side

struct Request
{
    QString file;
    QString iid; //!< empty: Relive::LivePlugin's
    bool hasState = false;
    QVariantMap state;
    QStringList libraries; //!< to load by path before the file
};

/*!
 * Reads a request: \a bytes as read from stdin; \a file is the command line's, or empty when
 * serving (the request names it). False with \a error set when it is not a request.
 */
inline bool readRequest(const QByteArray &bytes, const QString &file, Request *request, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("the request on stdin is not a JSON object: %1").arg(parseError.errorString());
        return false;
    }
    const QJsonObject object = document.object();
    request->file = file.isEmpty() ? object.value(text(Key::file)).toString() : file;
    if (request->file.isEmpty()) {
        *error = QStringLiteral("the request names no \"file\"");
        return false;
    }
    request->iid = object.value(text(Key::iid)).toString();
    for (const QJsonValue &library : object.value(text(Key::libraries)).toArray())
        request->libraries.append(library.toString());
    request->hasState = object.contains(text(Key::state));
    request->state = object.value(text(Key::state)).toObject().toVariantMap();
    return true;
}

inline QByteArray sha256Line(const QByteArray &hex) { return Prefix::sha256 + hex; }
inline QByteArray stepLine(Step step) { return Prefix::step + QByteArray(stepName(step).latin1()); }
inline QByteArray errorLine(const QString &message) { return Prefix::error + message.toUtf8(); }

/*! \a state only when the plugin has one (a LiveState or a LivePlugin). */
inline QByteArray okLine(const QString &plugin, bool hasState, const QVariantMap &state)
{
    QJsonObject result{{text(Key::plugin), plugin}};
    if (hasState)
        result.insert(text(Key::state), QJsonObject::fromVariantMap(state));
    return Prefix::ok + QJsonDocument(result).toJson(QJsonDocument::Compact);
}

} // namespace Relive::ProbeProtocol
