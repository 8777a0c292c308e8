// ElfInspector on arbitrary files: the host reads every artifact it is offered (a build's
// output, a file given to relive-cli, anything dropped in a watched folder) before the dynamic
// loader sees it. Truncated, random or hostile bytes must give an error, never a crash.
#include "fuzzcheck.h"

#include "relive/private/elfinspector.h"

#include <QtCore/QByteArray>

#include <cstddef>
#include <cstdint>

using Relive::ElfInspector;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Not copied: a read past the input's end is then a read past its heap block.
    const QByteArray image = QByteArray::fromRawData(reinterpret_cast<const char *>(data), int(size));
    const ElfInspector inspector(image);
    fuzzRequire(inspector.isValid() == inspector.errorString().isEmpty(), "invalid means a reason");
    for (const QString &symbol : inspector.uniqueSymbols())
        fuzzRequire(!symbol.contains(QChar(0)), "a symbol name ends at its terminator");
    return 0;
}
