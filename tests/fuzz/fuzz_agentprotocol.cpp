// The agent's message reader (AgentProtocol::LineReader and Request::parse) on arbitrary bytes:
// what comes in on a PluginAgent's socket is whatever a client sends, in whatever pieces. The
// first byte chooses how the rest is cut into reads, and a small line limit makes the
// too-large path as reachable as the others.
#include "fuzzcheck.h"

#include "relive/agentprotocol.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Relive::AgentProtocol;

namespace {

constexpr int limit = 96;

/*! A reply line: one compact JSON object that says whether it is ok, ending in its only newline. */
void checkReplyLine(const QByteArray &line, bool ok)
{
    fuzzRequire(line.endsWith('\n') && line.count('\n') == 1, "a reply is one line");
    const QJsonObject reply = QJsonDocument::fromJson(line).object();
    fuzzRequire(reply.value(QStringLiteral("relive")).toInt() == version, "a reply names the protocol version");
    fuzzRequire(reply.value(QStringLiteral("ok")).toBool() == ok, "a reply says whether it is ok");
}

void checkLine(const QByteArray &line)
{
    Request request;
    ErrorCode code = ErrorCode::None;
    QString error;
    const bool parsed = Request::parse(line, &request, &code, &error);
    fuzzRequire(parsed == (code == ErrorCode::None), "a request parses exactly when there is no error code");
    fuzzRequire(parsed || !error.isEmpty(), "a refused request says why");
    if (parsed) {
        fuzzRequire(request.object.value(QStringLiteral("relive")).toDouble() == version, "only this version parses");
        checkReplyLine(replyLine(request.id), true);
    } else {
        checkReplyLine(errorLine(request.id, code, error), false);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int piece = 1 + data[0] % 64;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data + 1), int(size - 1));
    LineReader reader(limit);
    qsizetype lines = 0;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        reader.append(bytes.mid(at, piece));
        fuzzRequire(reader.buffered() <= limit, "the reader never holds more than one line's limit");
        QByteArray line;
        bool tooLarge = false;
        while (reader.takeLine(&line, &tooLarge)) {
            ++lines;
            fuzzRequire(!line.contains('\n'), "a line holds no newline");
            fuzzRequire(line.size() <= limit, "no line is over the limit");
            fuzzRequire(!tooLarge || line.isEmpty(), "an oversized line is dropped, not returned");
            if (!tooLarge)
                checkLine(line);
        }
    }
    fuzzRequire(lines <= bytes.count('\n') + bytes.size() / limit + 1, "no more lines than the input holds");
    return 0;
}
