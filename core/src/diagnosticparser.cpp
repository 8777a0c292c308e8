#include "relive/diagnosticparser.h"

#include "cmakemessageparser_p.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QRegularExpression>

namespace Relive {

namespace {

const QString compilerKind = QStringLiteral("compiler");
const QString linkerKind = QStringLiteral("linker");

QRegularExpression pattern(const char *source)
{
    return QRegularExpression(QString::fromUtf8(source));
}

bool severityFromName(const QString &name, Diagnostic::Severity *severity)
{
    if (name == QLatin1String("error") || name == QLatin1String("fatal error") || name == QLatin1String("fatal")
        || name == QLatin1String("sorry, unimplemented")) {
        *severity = Diagnostic::Severity::Error;
    } else if (name == QLatin1String("warning")) {
        *severity = Diagnostic::Severity::Warning;
    } else if (name == QLatin1String("note") || name == QLatin1String("remark")) {
        *severity = Diagnostic::Severity::Note;
    } else {
        return false;
    }
    return true;
}

int toInt(const QString &digits)
{
    return digits.isEmpty() ? 0 : digits.toInt();
}

// gold and "ld -r" print linker errors in the compiler's form; these messages give them away.
bool isLinkerMessage(const QString &message)
{
    return message.startsWith(QLatin1String("undefined reference to"))
        || message.startsWith(QLatin1String("multiple definition of"))
        || message.startsWith(QLatin1String("more undefined references to"));
}

// The last diagnostic before a line is read, to tell what the line added.
struct LineMark
{
    int count = 0;
    int notes = 0;
    QString file;
    int line = 0;
};

LineMark markOf(const QList<Diagnostic> &diagnostics)
{
    if (diagnostics.isEmpty())
        return LineMark();
    const Diagnostic &last = diagnostics.last();
    return {int(diagnostics.size()), int(last.notes.size()), last.file, last.line};
}

// The place the line just read points at, if any: a new diagnostic, a new note of the last one
// (a "note:" line, a linker's "referenced by"), or the last one's location filled in.
Diagnostic locationAdded(const QList<Diagnostic> &diagnostics, const LineMark &before)
{
    if (diagnostics.isEmpty())
        return Diagnostic();
    const Diagnostic &last = diagnostics.last();
    if (diagnostics.size() > before.count)
        return last;
    if (last.notes.size() > before.notes && !last.notes.last().file.isEmpty())
        return last.notes.last();
    if (last.file != before.file || last.line != before.line)
        return last;
    return Diagnostic();
}

} // namespace

class DiagnosticParserPrivate
{
public:
    void addLine(QString line);

    bool isBoundary(const QString &line) const;
    bool parseIncludeLine(const QString &line);
    bool parseToolLine(const QString &line);
    bool parseLinkerText(const QString &text, bool fromLinker);
    bool parseLldContinuation(const QString &line);

    void endContext();
    void addCompilerDiagnostic(Diagnostic diagnostic);
    void addLinkerDiagnostic(Diagnostic diagnostic);
    void addLinkSummary(const QString &message);
    QStringList includeChainFor(const QString &file);
    bool currentIsLinker() const;
    QString resolve(const QString &path);

    QString buildDirectory;
    QList<Diagnostic> diagnostics;
    CMakeMessageParser cmake;         // CMake's own messages: configure, AutoMoc, AutoUic, AutoRcc
    QHash<QString, QString> resolved;

    bool hasCurrent = false;          // notes attach to diagnostics.last()
    QStringList pendingIncludes;      // for the next diagnostic, innermost first
    bool includeContinues = false;    // GCC's chain goes on with a "from" line
    QList<Diagnostic> pendingContext; // GCC's template context, for the next error or warning
    QHash<QString, QStringList> includedFrom; // file -> its include chain, as printed so far
    Diagnostic linkerFunction;        // GNU ld's "in function `f':"; empty message when none
    int linkerErrorsSinceSummary = 0;
};

bool DiagnosticParserPrivate::isBoundary(const QString &line) const
{
    static const QRegularExpression boundary = pattern(
        "^(?:\\[\\d+/\\d+\\] |\\[\\s*\\d+%\\] |FAILED: |ninja: |g?make(?:\\[\\d+\\])?: )");
    return boundary.match(line).hasMatch();
}

void DiagnosticParserPrivate::endContext()
{
    hasCurrent = false;
    pendingIncludes.clear();
    includeContinues = false;
    pendingContext.clear();
    includedFrom.clear();
    linkerFunction = Diagnostic();
    linkerErrorsSinceSummary = 0;
    cmake.end();
}

QString DiagnosticParserPrivate::resolve(const QString &path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('<')))
        return path; // <built-in>, <command-line>
    if (QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    if (buildDirectory.isEmpty())
        return path;
    auto it = resolved.constFind(path);
    if (it != resolved.constEnd())
        return *it;
    // The linker names sources by the object's STT_FILE, often a bare "x.cpp" that is not
    // relative to anything: only a path that exists is made absolute.
    const QString candidate = QDir::cleanPath(buildDirectory + QLatin1Char('/') + path);
    const QString result = QFileInfo::exists(candidate) ? candidate : path;
    resolved.insert(path, result);
    return result;
}

bool DiagnosticParserPrivate::parseIncludeLine(const QString &line)
{
    // GCC: "In file included from a.h:3," then "                 from b.cpp:1:" (innermost
    // first). Clang: one "In file included from b.cpp:1:" line per level, outermost first.
    static const QRegularExpression first = pattern("^In file included from (.+?):(\\d+)(?::\\d+)?([:,])$");
    static const QRegularExpression more = pattern("^\\s+from (.+?):(\\d+)(?::\\d+)?([:,])$");
    QRegularExpressionMatch match = first.match(line);
    const bool isFirst = match.hasMatch();
    if (!isFirst && includeContinues)
        match = more.match(line);
    if (!match.hasMatch())
        return false;
    const QString entry = resolve(match.captured(1)) + QLatin1Char(':') + match.captured(2);
    if (isFirst)
        pendingIncludes.prepend(entry);
    else
        pendingIncludes.append(entry);
    includeContinues = match.captured(3) == QLatin1String(",");
    return true;
}

bool DiagnosticParserPrivate::currentIsLinker() const
{
    return hasCurrent && diagnostics.last().kind == linkerKind;
}

// Compilers print an include chain only when it changes, and GCC stops it at the first file
// whose inclusion it has already shown. What they showed before, in the same compilation,
// completes it.
QStringList DiagnosticParserPrivate::includeChainFor(const QString &file)
{
    const auto fileOf = [](const QString &entry) { return entry.left(entry.lastIndexOf(QLatin1Char(':'))); };
    QStringList chain = pendingIncludes;
    pendingIncludes.clear();
    if (chain.isEmpty())
        return includedFrom.value(file);
    chain += includedFrom.value(fileOf(chain.last()));
    if (!file.isEmpty())
        includedFrom.insert(file, chain);
    for (int i = 0; i < chain.size(); ++i)
        includedFrom.insert(fileOf(chain.at(i)), chain.mid(i + 1));
    return chain;
}

void DiagnosticParserPrivate::addCompilerDiagnostic(Diagnostic diagnostic)
{
    diagnostic.includeChain = includeChainFor(diagnostic.file);
    if (diagnostic.kind == linkerKind && diagnostic.severity == Diagnostic::Severity::Error)
        ++linkerErrorsSinceSummary;

    // GCC explains a failed template substitution by replaying it, and prints what went wrong
    // as an error of its own after "note:   template argument deduction/substitution failed:".
    // It belongs to the error whose candidate it explains.
    if (diagnostic.severity == Diagnostic::Severity::Error && hasCurrent && !pendingContext.isEmpty()
        && pendingContext.first().message.startsWith(QLatin1String("In substitution of"))
        && !diagnostics.last().notes.isEmpty()
        && diagnostics.last().notes.last().message.trimmed().endsWith(QLatin1String("substitution failed:"))) {
        diagnostic.severity = Diagnostic::Severity::Note;
    }

    if (diagnostic.severity == Diagnostic::Severity::Note && hasCurrent) {
        Diagnostic &parent = diagnostics.last();
        parent.notes += pendingContext;
        pendingContext.clear();
        parent.notes.append(diagnostic);
        return;
    }
    diagnostic.notes = pendingContext + diagnostic.notes;
    pendingContext.clear();
    diagnostics.append(diagnostic);
    hasCurrent = true;
}

void DiagnosticParserPrivate::addLinkerDiagnostic(Diagnostic diagnostic)
{
    diagnostic.kind = linkerKind;
    if (!linkerFunction.message.isEmpty() && diagnostic.severity != Diagnostic::Severity::Note)
        diagnostic.notes.prepend(linkerFunction);
    if (diagnostic.severity == Diagnostic::Severity::Error)
        ++linkerErrorsSinceSummary;
    if (diagnostic.severity == Diagnostic::Severity::Note && hasCurrent) {
        diagnostics.last().notes.append(diagnostic);
        return;
    }
    diagnostics.append(diagnostic);
    hasCurrent = true;
}

void DiagnosticParserPrivate::addLinkSummary(const QString &message)
{
    // "collect2: error: ld returned 1 exit status" repeats what the linker said. Only a link
    // that failed without a word of its own gets it as its diagnostic.
    if (linkerErrorsSinceSummary == 0) {
        Diagnostic diagnostic;
        diagnostic.message = message;
        diagnostic.kind = linkerKind;
        diagnostics.append(diagnostic);
    }
    endContext();
}

// GNU ld's messages about a place: "x.cpp:(.text+0x5): undefined reference to `f()'",
// "x.cpp:4: undefined reference to `f()'", "x.o: in function `g()':". \a fromLinker: the
// text followed a linker's "ld: " prefix, so any message is the linker's.
bool DiagnosticParserPrivate::parseLinkerText(const QString &text, bool fromLinker)
{
    static const QRegularExpression function = pattern("^(.+?): [Ii]n function [`'\u2018](.*)['\u2019]:$");
    static const QRegularExpression functionUnprefixed = pattern("^(.+?): [Ii]n function `(.*)':$");
    static const QRegularExpression section = pattern("^(.+?):\\((\\.[^)]*?)(\\+0x[0-9a-fA-F]+)?\\): (.+)$");
    static const QRegularExpression withLine = pattern("^(.+?):(\\d+): (.+)$");
    static const QRegularExpression objectWarning = pattern("^(.+?): warning: (.+)$");

    QRegularExpressionMatch match = (fromLinker ? function : functionUnprefixed).match(text);
    if (match.hasMatch()) {
        linkerFunction = Diagnostic();
        linkerFunction.severity = Diagnostic::Severity::Note;
        linkerFunction.file = resolve(match.captured(1));
        linkerFunction.message = QStringLiteral("in function `%1'").arg(match.captured(2));
        linkerFunction.kind = linkerKind;
        return true;
    }

    Diagnostic diagnostic;
    match = section.match(text);
    // An offset into a section ("(.text+0x5)") is the linker's, whatever the message.
    if (match.hasMatch() && (fromLinker || !match.captured(3).isEmpty() || isLinkerMessage(match.captured(4)))) {
        diagnostic.file = resolve(match.captured(1));
        diagnostic.message = match.captured(4);
    } else if ((match = withLine.match(text)).hasMatch() && (fromLinker || isLinkerMessage(match.captured(3)))) {
        diagnostic.file = resolve(match.captured(1));
        diagnostic.line = match.captured(2).toInt();
        diagnostic.message = match.captured(3);
    } else if (fromLinker && (match = objectWarning.match(text)).hasMatch()) {
        diagnostic.severity = Diagnostic::Severity::Warning;
        diagnostic.file = resolve(match.captured(1));
        diagnostic.message = match.captured(2);
    } else if (fromLinker) {
        // "cannot find -lfoo", "final link failed: ...", "x.so: error adding symbols: ..."
        diagnostic.message = text;
    } else {
        return false;
    }
    if (diagnostic.message.startsWith(QLatin1String("more undefined references to")) && currentIsLinker())
        diagnostic.severity = Diagnostic::Severity::Note;
    addLinkerDiagnostic(diagnostic);
    return true;
}

bool DiagnosticParserPrivate::parseToolLine(const QString &line)
{
    static const QRegularExpression tool = pattern("^((?:[^\\s:]*/)?([^\\s/:]+)): (.*)$");
    static const QRegularExpression linker = pattern(
        "^(?:[\\w.+-]*-)?(?:ld(?:\\.(?:bfd|gold|lld|mold))?|ld64\\.lld|lld|mold|collect2)(?:\\.exe)?$");
    static const QRegularExpression driver = pattern(
        "^(?:[\\w.+-]*-)?(?:g\\+\\+|gcc|c\\+\\+|cc|clang\\+\\+|clang|cc1plus|cc1|cpp)(?:-\\d+(?:\\.\\d+)*)?(?:\\.exe)?$");
    static const QRegularExpression severity = pattern("^(fatal error|error|warning|note|fatal): (.*)$");

    const QRegularExpressionMatch match = tool.match(line);
    if (!match.hasMatch())
        return false;
    const QString program = match.captured(2);
    const QString rest = match.captured(3);
    const bool isLinker = linker.match(program).hasMatch();
    if (!isLinker && !driver.match(program).hasMatch())
        return false;

    const QRegularExpressionMatch said = severity.match(rest);
    Diagnostic diagnostic;
    if (said.hasMatch())
        severityFromName(said.captured(1), &diagnostic.severity);
    const QString message = said.hasMatch() ? said.captured(2) : rest;

    if (!isLinker) {
        if (!said.hasMatch())
            return true; // "cc1plus: all warnings being treated as errors"
        if (message.startsWith(QLatin1String("linker command failed"))) {
            addLinkSummary(message);
            return true;
        }
        diagnostic.message = message;
        diagnostic.kind = compilerKind;
        addCompilerDiagnostic(diagnostic);
        return true;
    }

    if (program.startsWith(QLatin1String("collect2")) && message.startsWith(QLatin1String("ld returned"))) {
        addLinkSummary(message);
        return true;
    }
    if (!said.hasMatch())
        return parseLinkerText(rest, true);
    if (message.startsWith(QLatin1String("too many errors emitted")))
        return true; // lld's own summary
    diagnostic.message = message;
    addLinkerDiagnostic(diagnostic);
    return true;
}

// lld and mold explain an error on ">>> " lines: ">>> referenced by x.cpp:4 (../src/x.cpp:4)"
// starts a note, ">>>               x.o:(main)" (aligned) continues it.
bool DiagnosticParserPrivate::parseLldContinuation(const QString &line)
{
    static const QRegularExpression note = pattern("^>>> (\\S.*)$");
    static const QRegularExpression continuation = pattern("^>>>\\s{2,}(\\S.*)$");
    static const QRegularExpression located = pattern("^(?:referenced by|defined at) (.+)$");
    static const QRegularExpression inParentheses = pattern("^.*? \\((.+)\\)$");
    static const QRegularExpression fileAndLine = pattern("^(.+?)(?::(\\d+))?$");

    if (!line.startsWith(QLatin1String(">>>")))
        return false;
    if (!currentIsLinker())
        return true;
    Diagnostic &parent = diagnostics.last();

    QRegularExpressionMatch match = continuation.match(line);
    if (match.hasMatch()) {
        if (!parent.notes.isEmpty())
            parent.notes.last().message += QStringLiteral(" in ") + match.captured(1);
        return true;
    }
    match = note.match(line);
    if (!match.hasMatch())
        return true;
    Diagnostic reference;
    reference.severity = Diagnostic::Severity::Note;
    reference.kind = linkerKind;
    reference.message = match.captured(1);
    const QRegularExpressionMatch where = located.match(reference.message);
    if (where.hasMatch()) {
        // "x.cpp:4 (../src/x.cpp:4)": the part in parentheses is the path the compiler saw.
        QString place = where.captured(1);
        const QRegularExpressionMatch inner = inParentheses.match(place);
        if (inner.hasMatch())
            place = inner.captured(1);
        const QRegularExpressionMatch parts = fileAndLine.match(place);
        reference.file = resolve(parts.captured(1));
        reference.line = toInt(parts.captured(2));
        if (parent.file.isEmpty()) {
            parent.file = reference.file;
            parent.line = reference.line;
        }
    }
    parent.notes.append(reference);
    return true;
}

void DiagnosticParserPrivate::addLine(QString line)
{
    // A terminal shows what follows the last carriage return (Ninja's progress line).
    while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    const int carriageReturn = line.lastIndexOf(QLatin1Char('\r'));
    if (carriageReturn >= 0)
        line = line.mid(carriageReturn + 1);
    if (line.trimmed().isEmpty())
        return;

    if (isBoundary(line)) {
        endContext();
        cmake.addMissingInput(line, &diagnostics);
        return;
    }
    if (cmake.addLine(line, &diagnostics)) {
        hasCurrent = false; // a compiler's note never belongs to it
        return;
    }
    if (parseIncludeLine(line))
        return;
    includeContinues = false;
    if (parseToolLine(line))
        return;

    static const QRegularExpression located = pattern(
        "^(.+?):(\\d+):(?:(\\d+):)?\\s+(fatal error|error|warning|note|remark|sorry, unimplemented):\\s?(.*)$");
    static const QRegularExpression unlocated = pattern("^(fatal error|error|warning|note): (.*)$");
    // GCC's template context, printed before the error it explains.
    static const QRegularExpression context = pattern(
        "^(.+?):(\\d+):(?:(\\d+):)?\\s{2,}((?:recursively required|required|in |\\[ skipping).*)$");
    static const QRegularExpression fileContext = pattern("^(.+?): ((?:In instantiation|In substitution) of .*?):?$");

    QRegularExpressionMatch match = located.match(line);
    if (match.hasMatch()) {
        Diagnostic diagnostic;
        severityFromName(match.captured(4), &diagnostic.severity);
        diagnostic.file = resolve(match.captured(1));
        diagnostic.line = match.captured(2).toInt();
        diagnostic.column = toInt(match.captured(3));
        diagnostic.message = match.captured(5);
        diagnostic.kind = isLinkerMessage(diagnostic.message) ? linkerKind : compilerKind; // gold
        addCompilerDiagnostic(diagnostic);
        return;
    }
    if ((match = context.match(line)).hasMatch() || (match = fileContext.match(line)).hasMatch()) {
        const bool hasLine = match.lastCapturedIndex() == 4;
        Diagnostic note;
        note.severity = Diagnostic::Severity::Note;
        note.file = resolve(match.captured(1));
        note.line = hasLine ? match.captured(2).toInt() : 0;
        note.column = hasLine ? toInt(match.captured(3)) : 0;
        note.message = match.captured(hasLine ? 4 : 2);
        note.kind = compilerKind;
        pendingContext.append(note);
        return;
    }
    if (parseLldContinuation(line))
        return;
    if (parseLinkerText(line, false))
        return;
    if ((match = unlocated.match(line)).hasMatch()) {
        Diagnostic diagnostic;
        severityFromName(match.captured(1), &diagnostic.severity);
        diagnostic.message = match.captured(2);
        diagnostic.kind = compilerKind;
        addCompilerDiagnostic(diagnostic);
        return;
    }
    // Anything else (source echo, carets, "In function ...", "1 error generated.") says nothing
    // new, and must not end the diagnostic whose notes may follow.
}

DiagnosticParser::DiagnosticParser(const QString &buildDirectory)
    : d(std::make_unique<DiagnosticParserPrivate>())
{
    if (!buildDirectory.isEmpty())
        d->buildDirectory = QDir::cleanPath(QDir(buildDirectory).absolutePath());
    d->cmake.setDirectories(QString(), d->buildDirectory);
}

DiagnosticParser::~DiagnosticParser() = default;

DiagnosticParser::DiagnosticParser(const DiagnosticParser &other)
    : d(std::make_unique<DiagnosticParserPrivate>(*other.d))
{
}

DiagnosticParser &DiagnosticParser::operator=(const DiagnosticParser &other)
{
    if (this != &other)
        d = std::make_unique<DiagnosticParserPrivate>(*other.d);
    return *this;
}

DiagnosticParser::DiagnosticParser(DiagnosticParser &&other) noexcept
    : d(std::move(other.d))
{
    other.d = std::make_unique<DiagnosticParserPrivate>();
}

DiagnosticParser &DiagnosticParser::operator=(DiagnosticParser &&other) noexcept
{
    std::swap(d, other.d);
    return *this;
}

QString DiagnosticParser::buildDirectory() const
{
    return d->buildDirectory;
}

void DiagnosticParser::setSourceDirectory(const QString &sourceDirectory)
{
    d->cmake.setDirectories(QDir::cleanPath(QDir(sourceDirectory).absolutePath()), d->buildDirectory);
}

Diagnostic DiagnosticParser::addLine(const QString &line)
{
    const LineMark before = markOf(d->diagnostics);
    d->addLine(stripAnsi(line));
    return locationAdded(d->diagnostics, before);
}

void DiagnosticParser::addOutput(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i == lines.size() - 1 && lines.at(i).isEmpty())
            break; // the text ended with a line break
        addLine(lines.at(i));
    }
}

QList<Diagnostic> DiagnosticParser::diagnostics() const
{
    return d->diagnostics;
}

int DiagnosticParser::errorCount() const
{
    int count = 0;
    for (const Diagnostic &diagnostic : d->diagnostics)
        count += diagnostic.severity == Diagnostic::Severity::Error ? 1 : 0;
    return count;
}

int DiagnosticParser::warningCount() const
{
    int count = 0;
    for (const Diagnostic &diagnostic : d->diagnostics)
        count += diagnostic.severity == Diagnostic::Severity::Warning ? 1 : 0;
    return count;
}

void DiagnosticParser::clear()
{
    const QString buildDirectory = d->buildDirectory;
    CMakeMessageParser cmake = d->cmake; // its folders
    cmake.end();
    d = std::make_unique<DiagnosticParserPrivate>();
    d->buildDirectory = buildDirectory;
    d->cmake = cmake;
}

QString DiagnosticParser::stripAnsi(const QString &text)
{
    const QChar escape(0x1b);
    if (!text.contains(escape))
        return text;
    QString result;
    result.reserve(text.size());
    const int size = text.size();
    for (int i = 0; i < size; ++i) {
        const QChar c = text.at(i);
        if (c != escape) {
            result.append(c);
            continue;
        }
        if (i + 1 >= size)
            break;
        const QChar kind = text.at(i + 1);
        if (kind == QLatin1Char('[')) {
            // CSI: parameter and intermediate bytes, then one final byte in @..~
            int j = i + 2;
            while (j < size && (text.at(j).unicode() < 0x40 || text.at(j).unicode() > 0x7e))
                ++j;
            i = j;
        } else if (kind == QLatin1Char(']')) {
            // OSC (GCC's hyperlinks): up to BEL or ESC backslash
            int j = i + 2;
            while (j < size && text.at(j).unicode() != 0x07
                   && !(text.at(j) == escape && j + 1 < size && text.at(j + 1) == QLatin1Char('\\')))
                ++j;
            i = (j < size && text.at(j) == escape) ? j + 1 : j;
        } else {
            i += 1; // a two-character sequence such as ESC ( B
            if (kind == QLatin1Char('(') || kind == QLatin1Char(')'))
                i += 1;
        }
    }
    return result;
}

} // namespace Relive
