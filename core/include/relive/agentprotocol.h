#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace Relive {

/*!
 * The attach protocol between a PluginAgent's socket and its clients (relive-cli agents,
 * relive-cli watch --attach, the Relive app): JSON lines, one object a line, versioned
 * (README, "Attach protocol").
 *
 *     → {"relive":1,"id":7,"cmd":"reload","path":"/ws/build/plugins/upper.so"}
 *     ← {"relive":1,"id":7,"ok":true,"plugin":"upper","generation":3,"events":[...]}
 *     ← {"relive":1,"id":7,"ok":false,"code":"unknown-command","error":"..."}
 *     → {"relive":1,"id":8,"cmd":"build-failed","summary":"upper.cpp:19:30: error: expected expression"}
 *
 * Everything here is pure (no sockets): the server and the fuzz target use the same code.
 */
namespace AgentProtocol {

constexpr int version = 1;
/*! The longest line a reader accepts, newline excluded: longer ones are refused, not buffered. */
constexpr int maxLineBytes = 1024 * 1024;

enum class ErrorCode {
    None,
    Malformed,      //!< not a JSON object, or a field of the wrong type
    Version,        //!< "relive" missing or not a version this agent speaks
    UnknownCommand, //!< "cmd" names no command
    TooLarge,       //!< a line over maxLineBytes
    Forbidden,      //!< the peer is another user
    Refused,        //!< the request was understood and refused (a generation refused, no such file)
    Superseded,     //!< a newer reload of the same file came before this one finished
};
RELIVE_CORE_EXPORT QString errorCodeName(ErrorCode code);

enum class Command {
    Hello,
    List,
    Reload,
    BuildFailed, //!< the client's build failed: nothing to reload, the live generations stay ("summary")
};

/*! One request, as parsed from a line. */
struct RELIVE_CORE_EXPORT Request
{
    QJsonValue id;      //!< echoed in the reply; null when the line had none
    Command command = Command::Hello;
    QJsonObject object; //!< the whole line, for the command's own fields

    /*!
     * Parses \a line (without its newline). On failure returns false with \a code and a
     * message for the reply in \a error; \a request's id is set whenever the line had one.
     */
    static bool parse(const QByteArray &line, Request *request, ErrorCode *code, QString *error);
};

/*! {"relive":1,"cmd":<command>,...\a fields} as a line with its newline. */
RELIVE_CORE_EXPORT QByteArray requestLine(qint64 id, const QString &command, const QJsonObject &fields = QJsonObject());
/*! A successful reply to \a id: {"relive":1,"id":..,"ok":true,...\a fields}, with its newline. */
RELIVE_CORE_EXPORT QByteArray replyLine(const QJsonValue &id, const QJsonObject &fields = QJsonObject());
/*! An error reply: {"relive":1,"id":..,"ok":false,"code":..,"error":..,...\a fields}, with its newline. */
RELIVE_CORE_EXPORT QByteArray errorLine(const QJsonValue &id, ErrorCode code, const QString &error,
                                        const QJsonObject &fields = QJsonObject());

/*!
 * Splits a byte stream into lines, never holding more than maxLineBytes of one line: the
 * rest of a longer line is dropped as it comes, and the line is reported as too large.
 */
class RELIVE_CORE_EXPORT LineReader
{
public:
    explicit LineReader(int maxBytes = maxLineBytes) : m_max(maxBytes) {}

    void append(const QByteArray &bytes);
    /*!
     * The next complete line (without its newline) into \a line; \a tooLarge says it was over
     * the limit (\a line is then empty). False when no complete line is buffered.
     */
    bool takeLine(QByteArray *line, bool *tooLarge);
    qsizetype buffered() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
    int m_max;
    bool m_dropping = false; //!< inside a line already over the limit: drop until its newline
    QList<QPair<QByteArray, bool>> m_ready; //!< complete lines not yet taken, and whether too large
};

} // namespace AgentProtocol
} // namespace Relive
