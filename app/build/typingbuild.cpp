#include "build/typingbuild.h"

#include "editor/codeeditor.h"
#include "editor/editorarea.h"
#include "editor/textfile.h"

#include <QtCore/QFileInfo>

namespace Relive::App {

QString TypingBuild::unsavedMarker()
{
    return tr("(unsaved text) ");
}

TypingBuild::TypingBuild(EditorArea *editors, QObject *parent)
    : QObject(parent)
    , m_editors(editors)
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(defaultPauseMs);
    connect(&m_pause, &QTimer::timeout, this, &TypingBuild::onPause);
    connect(editors, &EditorArea::editorOpened, this, &TypingBuild::watch);
    for (CodeEditor *editor : editors->editors())
        watch(editor);
}

void TypingBuild::setCandidateSource(std::function<Relive::CandidateBuild *()> source)
{
    m_source = std::move(source);
}

void TypingBuild::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (enabled)
        return;
    m_pause.stop();
    if (Relive::CandidateBuild *candidate = builder())
        candidate->cancel();
}

bool TypingBuild::isEnabled() const
{
    return m_enabled;
}

void TypingBuild::setPauseInterval(int ms)
{
    m_pause.setInterval(ms);
}

int TypingBuild::pauseInterval() const
{
    return m_pause.interval();
}

int TypingBuild::candidatesRequested() const
{
    return m_requested;
}

void TypingBuild::watch(CodeEditor *editor)
{
    connect(editor, &QPlainTextEdit::textChanged, this, [this, editor] { onTyped(editor); });
}

// Cheap on purpose: it runs on every key press.
void TypingBuild::onTyped(CodeEditor *editor)
{
    if (!m_enabled)
        return;
    Relive::CandidateBuild *candidate = m_source ? m_source() : nullptr;
    if (candidate && candidate->isRunning() && !candidate->isForSave())
        candidate->cancel(); // its text is out of date (a save's is not: it stays the file's)
    m_typedIn = editor;
    m_pause.start();
}

void TypingBuild::onPause()
{
    Relive::CandidateBuild *candidate = builder();
    CodeEditor *editor = m_typedIn;
    if (!m_enabled || !candidate || !editor || !Relive::CandidateBuild::isCompiledSource(editor->filePath()))
        return;
    if (!editor->document()->isModified()) {
        editor->setDiagnostics(m_editors->diagnosticsFor(editor->filePath())); // back at the saved text: the build's
        return;
    }
    ++m_requested;
    candidate->build(editor->filePath(), TextFile::encode(editor->fileText())); // the bytes a save writes
}

Relive::CandidateBuild *TypingBuild::builder()
{
    Relive::CandidateBuild *candidate = m_source ? m_source() : nullptr;
    if (candidate && candidate != m_connected) {
        m_connected = candidate;
        connect(candidate, &Relive::CandidateBuild::finished, this, &TypingBuild::onFinished);
    }
    return candidate;
}

// The file's editor shows what the compiler said of its unsaved text, until the next pause or build.
void TypingBuild::onFinished(const QString &path, Relive::CandidateBuild::Outcome outcome)
{
    // A save's candidate built the saved text: the normal build's diagnostics are the file's.
    if (m_connected->isForSave() || (outcome != Relive::CandidateBuild::Outcome::Ready && outcome != Relive::CandidateBuild::Outcome::Failed)) {
        Q_EMIT candidateFinished(path, outcome);
        return;
    }
    QList<Relive::Diagnostic> shown;
    for (Relive::Diagnostic diagnostic : m_connected->diagnostics()) {
        if (QFileInfo(diagnostic.file) != QFileInfo(path))
            continue;
        diagnostic.message.prepend(unsavedMarker());
        shown.append(diagnostic);
    }
    if (CodeEditor *editor = m_editors->editorFor(path))
        editor->setDiagnostics(shown);
    Q_EMIT candidateFinished(path, outcome);
}

} // namespace Relive::App
