#include "editor/editorarea.h"

#include "editor/codeeditor.h"
#include "editor/editordialogs.h"
#include "editor/tabtitles.h"
#include "editor/editorsession.h"
#include "editor/filechangewatcher.h"
#include "editor/findbar.h"
#include "editor/gotolinebar.h"
#include "editor/textfile.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QPointer>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace Relive::App {

using Relive::Diagnostic;

namespace {
// The identity of a file: its canonical path while it exists, else the cleaned absolute path.
QString canonicalPath(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

// The identity \a path had before it was renamed or deleted: its folder's canonical path and its name.
QString formerPath(const QString &path)
{
    const QFileInfo info(path);
    return canonicalPath(info.absolutePath()) + QLatin1Char('/') + info.fileName();
}

const QStringList &headerSuffixes()
{
    static const QStringList suffixes{QStringLiteral("h"), QStringLiteral("hpp"), QStringLiteral("hh")};
    return suffixes;
}

const QStringList &sourceSuffixes()
{
    static const QStringList suffixes{QStringLiteral("cpp"), QStringLiteral("cc"), QStringLiteral("cxx"),
                                      QStringLiteral("c")};
    return suffixes;
}
} // namespace

EditorArea::EditorArea(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_findBar(new FindBar(this))
    , m_goToLine(new GoToLineBar(this))
    , m_watcher(new FileChangeWatcher(this))
{
    m_style.font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_findBar);
    m_findBar->hide();
    layout->addWidget(m_goToLine);
    m_goToLine->hide();
    connect(m_goToLine, &GoToLineBar::lineChosen, this, &EditorArea::goToLine);
    connect(m_goToLine, &GoToLineBar::dismissed, this, [this] {
        if (CodeEditor *editor = currentEditor())
            editor->setFocus();
    });

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &EditorArea::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        CodeEditor *editor = currentEditor();
        m_findBar->setEditor(editor);
        Q_EMIT currentFileChanged(editor ? editor->filePath() : QString());
    });
    connect(m_watcher, &FileChangeWatcher::fileChanged, this, &EditorArea::onFileChanged);
    connect(m_watcher, &FileChangeWatcher::fileRemoved, this, &EditorArea::onFileRemoved);

    m_reloadQuestion = [this](const QString &path) { return EditorDialogs::askReload(this, path); };
    m_closeQuestion = [this](const QString &path) { return EditorDialogs::askClose(this, path); };
    m_unsavedQuestion = [this](const QString &action, const QStringList &paths) {
        return EditorDialogs::askUnsaved(this, action, paths);
    };
    createActions();
}

EditorArea::~EditorArea() = default;

void EditorArea::createActions()
{
    const auto add = [this](Command command, const QString &text, const QKeySequence &shortcut, const std::function<void()> &slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        // Only while the focus is in the editor area: the other docks keep their own keys. A main
        // window that puts these in its menus widens them to the whole window.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        m_actions.insert(command, action);
    };
    add(Command::Save, tr("&Save"), QKeySequence::Save, [this] { saveCurrent(); });
    add(Command::SaveAll, tr("Save A&ll"), QKeySequence(QStringLiteral("Ctrl+Shift+S")), [this] { saveAll(); });
    add(Command::Find, tr("&Find..."), QKeySequence::Find, [this] { showFindBar(); });
    add(Command::Replace, tr("&Replace..."), QKeySequence(QStringLiteral("Ctrl+R")), [this] {
        m_findBar->setEditor(currentEditor());
        m_findBar->activate(true);
    });
    add(Command::FindNext, tr("Find &Next"), QKeySequence(QStringLiteral("F3")), [this] { findAgain(false); });
    add(Command::FindPrevious, tr("Find Pre&vious"), QKeySequence(QStringLiteral("Shift+F3")), [this] { findAgain(true); });
    add(Command::ZoomIn, tr("Zoom &In"), QKeySequence::ZoomIn, [this] {
        if (CodeEditor *editor = currentEditor())
            editor->zoomIn(1);
    });
    add(Command::ZoomOut, tr("Zoom &Out"), QKeySequence::ZoomOut, [this] {
        if (CodeEditor *editor = currentEditor())
            editor->zoomOut(1);
    });
    add(Command::NextDiagnostic, tr("Next &Diagnostic"), QKeySequence(QStringLiteral("F8")), [this] { goToDiagnostic(false); });
    add(Command::PreviousDiagnostic, tr("Previous D&iagnostic"), QKeySequence(QStringLiteral("Shift+F8")),
        [this] { goToDiagnostic(true); });
    add(Command::GoToLine, tr("&Go to Line..."), QKeySequence(QStringLiteral("Ctrl+L")), [this] { askGoToLine(); });
    add(Command::SwitchHeaderSource, tr("Switch &Header/Source"), QKeySequence(QStringLiteral("F4")), [this] { switchHeaderSource(); });
    add(Command::CloseFile, tr("&Close File"), QKeySequence(QStringLiteral("Ctrl+W")), [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });
}

QAction *EditorArea::action(Command command) const
{
    return m_actions.value(command);
}

QTabWidget *EditorArea::tabWidget() const
{
    return m_tabs;
}

FindBar *EditorArea::findBar() const
{
    return m_findBar;
}

void EditorArea::findAgain(bool backwards)
{
    if (m_findBar->searchText().isEmpty()) {
        showFindBar();
        return;
    }
    m_findBar->setEditor(currentEditor());
    if (backwards)
        m_findBar->findPrevious();
    else
        m_findBar->findNext();
}

bool EditorArea::goToDiagnostic(bool backwards)
{
    CodeEditor *editor = currentEditor();
    if (!editor)
        return false;
    QList<int> lines;
    for (const Relive::Diagnostic &diagnostic : diagnosticsFor(editor->filePath())) {
        if (diagnostic.line > 0)
            lines.append(diagnostic.line);
    }
    if (lines.isEmpty())
        return false;
    std::sort(lines.begin(), lines.end());
    const int here = editor->currentLineNumber();
    int target = backwards ? lines.constLast() : lines.constFirst(); // wrapped around
    for (int i = 0; i < lines.size(); ++i) {
        const int line = backwards ? lines.at(lines.size() - 1 - i) : lines.at(i);
        if (backwards ? line < here : line > here) {
            target = line;
            break;
        }
    }
    editor->goToPosition(target, 1);
    editor->setFocus();
    return true;
}

QString EditorArea::errorString() const
{
    return m_errorString;
}

CodeEditor *EditorArea::currentEditor() const
{
    return qobject_cast<CodeEditor *>(m_tabs->currentWidget());
}

QList<CodeEditor *> EditorArea::editors() const
{
    QList<CodeEditor *> result;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *editor = qobject_cast<CodeEditor *>(m_tabs->widget(i)))
            result.append(editor);
    }
    return result;
}

CodeEditor *EditorArea::editorFor(const QString &path) const
{
    const QString key = canonicalPath(path);
    const QList<CodeEditor *> open = editors();
    for (CodeEditor *editor : open) {
        if (editor->filePath() == key)
            return editor;
    }
    return nullptr;
}

CodeEditor *EditorArea::openFile(const QString &path)
{
    const QString key = canonicalPath(path);
    if (CodeEditor *open = editorFor(key)) {
        m_tabs->setCurrentWidget(open);
        return open;
    }
    QByteArray contents;
    if (!TextFile::read(key, &contents, &m_errorString))
        return nullptr;
    m_errorString.clear();
    CodeEditor *editor = createEditor(key, TextFile::decode(contents));
    m_watcher->watch(key, contents);
    return editor;
}

void EditorArea::setEditorStyle(const EditorStyle &style)
{
    m_style = style;
    for (CodeEditor *editor : editors())
        editor->setEditorStyle(style);
}

EditorStyle EditorArea::editorStyle() const
{
    return m_style;
}

CodeEditor *EditorArea::createEditor(const QString &path, const QString &text)
{
    auto *editor = new CodeEditor;
    editor->setEditorStyle(m_style);
    editor->setFilePath(path);
    editor->setPlainText(text); // also starts the undo history here
    editor->document()->setModified(false);
    const int index = m_tabs->addTab(editor, QString());
    m_tabs->setTabToolTip(index, QDir::toNativeSeparators(path));
    updateTabTitles(); // a namesake's title changes too
    connect(editor->document(), &QTextDocument::modificationChanged, this, [this, editor] {
        updateTabTitle(editor);
        Q_EMIT modificationChanged(hasModifiedEditors());
    });
    applyDiagnostics(editor);
    m_tabs->setCurrentWidget(editor);
    Q_EMIT editorOpened(editor);
    return editor;
}

void EditorArea::updateTabTitle(CodeEditor *editor)
{
    const int index = m_tabs->indexOf(editor);
    if (index < 0)
        return;
    QStringList open;
    for (const CodeEditor *other : editors())
        open.append(other->filePath());
    // '&' would be taken for a mnemonic.
    QString title = TabTitles::titleFor(editor->filePath(), open).replace(QLatin1Char('&'), QLatin1String("&&"));
    if (!QFileInfo::exists(editor->filePath()))
        title += tr(" (deleted)"); // the buffer is the only copy
    if (editor->document()->isModified())
        title += QLatin1Char('*');
    m_tabs->setTabText(index, title);
}

void EditorArea::updateTabTitles()
{
    for (CodeEditor *editor : editors())
        updateTabTitle(editor);
}

bool EditorArea::closeTab(int index)
{
    auto *editor = qobject_cast<CodeEditor *>(m_tabs->widget(index));
    if (!editor)
        return false;
    if (editor->document()->isModified()) {
        switch (m_closeQuestion(editor->filePath())) {
        case CloseAnswer::Cancel:
            return false;
        case CloseAnswer::Save:
            if (!save(editor))
                return false;
            break;
        case CloseAnswer::Discard:
            break;
        }
    }
    removeEditor(editor);
    return true;
}

// Closes \a editor's tab, its changes settled.
void EditorArea::removeEditor(CodeEditor *editor)
{
    m_watcher->unwatch(editor->filePath());
    m_tabs->removeTab(m_tabs->indexOf(editor));
    // Later: the close may come from a key press that the editor is still handling.
    editor->deleteLater();
    updateTabTitles();
    Q_EMIT editorClosed(editor->filePath());
    Q_EMIT modificationChanged(hasModifiedEditors());
}

QStringList EditorArea::modifiedFiles() const
{
    QStringList paths;
    for (const CodeEditor *editor : editors()) {
        if (editor->document()->isModified())
            paths.append(editor->filePath());
    }
    return paths;
}

bool EditorArea::settleUnsaved(const QString &action)
{
    const QStringList modified = modifiedFiles();
    if (modified.isEmpty())
        return true;
    switch (m_unsavedQuestion(action, modified)) {
    case CloseAnswer::Save:
        return saveAll();
    case CloseAnswer::Discard:
        return true;
    case CloseAnswer::Cancel:
        break;
    }
    return false;
}

void EditorArea::closeAll()
{
    for (CodeEditor *editor : editors())
        removeEditor(editor);
}

void EditorArea::setUnsavedQuestion(std::function<CloseAnswer(const QString &, const QStringList &)> question)
{
    m_unsavedQuestion = std::move(question);
}

bool EditorArea::save(CodeEditor *editor)
{
    if (!editor)
        return false;
    const QString path = editor->filePath();
    const QByteArray contents = TextFile::encode(editor->fileText());
    QString reason;
    if (!TextFile::write(path, contents, &reason)) {
        Q_EMIT saveFailed(path, reason);
        return false;
    }
    // Before anything else runs: the watcher must know these bytes are ours, not a change.
    m_watcher->setKnownContents(path, contents);
    editor->document()->setModified(false);
    Q_EMIT fileSaved(path);
    return true;
}

bool EditorArea::saveCurrent()
{
    return save(currentEditor());
}

bool EditorArea::saveAll()
{
    bool allSaved = true;
    const QList<CodeEditor *> open = editors();
    for (CodeEditor *editor : open) {
        if (editor->document()->isModified())
            allSaved = save(editor) && allSaved;
    }
    return allSaved;
}

bool EditorArea::hasModifiedEditors() const
{
    const QList<CodeEditor *> open = editors();
    return std::any_of(open.cbegin(), open.cend(),
                       [](const CodeEditor *editor) { return editor->document()->isModified(); });
}

void EditorArea::setReloadQuestion(std::function<bool(const QString &path)> question)
{
    m_reloadQuestion = std::move(question);
}

void EditorArea::setCloseQuestion(std::function<CloseAnswer(const QString &path)> question)
{
    m_closeQuestion = std::move(question);
}

// Replaces the whole text as one undoable edit, so that Undo brings the buffer back as it
// was before a reload. The diagnostics' ranges collapse with the old text: placed again.
void EditorArea::replaceText(CodeEditor *editor, const QString &text)
{
    QTextCursor cursor(editor->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
    applyDiagnostics(editor);
}

void EditorArea::onFileChanged(const QString &path, const QByteArray &contents)
{
    CodeEditor *editor = editorFor(path);
    if (!editor)
        return;
    updateTabTitle(editor); // a deleted file may be back
    QString text = TextFile::decode(contents);
    if (editor->fileText() == text) {
        editor->document()->setModified(false); // e.g. a deleted file came back as it was
        return;
    }
    if (editor->document()->isModified()) {
        // A dialog runs an event loop: later changes must not stack more questions on this one.
        if (m_asking.contains(path))
            return;
        m_asking.insert(path);
        const QPointer<CodeEditor> asked = editor; // its tab may be closed meanwhile
        const bool reload = m_reloadQuestion(path);
        m_asking.remove(path);
        if (!reload || !asked)
            return;
        // The file may have changed again while the question was open.
        QByteArray latest;
        QString error;
        if (!TextFile::read(path, &latest, &error))
            return;
        m_watcher->setKnownContents(path, latest);
        text = TextFile::decode(latest);
    }
    const int line = editor->currentLineNumber();
    const int column = editor->currentColumnNumber();
    const int scroll = editor->scrollPosition();
    replaceText(editor, text);
    editor->document()->setModified(false);
    editor->goToPosition(line, column);
    editor->setScrollPosition(scroll);
}

void EditorArea::onFileRemoved(const QString &path)
{
    // The buffer is now the only copy: modified, so that closing asks and saving recreates.
    if (CodeEditor *editor = editorFor(path)) {
        editor->document()->setModified(true);
        updateTabTitle(editor);
    }
}

QList<CodeEditor *> EditorArea::editorsAt(const QString &path) const
{
    const QString key = canonicalPath(path);
    QList<CodeEditor *> found;
    for (CodeEditor *editor : editors()) {
        if (editor->filePath() == key || editor->filePath().startsWith(key + QLatin1Char('/')))
            found.append(editor);
    }
    return found;
}

void EditorArea::followRename(const QString &from, const QString &to)
{
    const QString oldKey = formerPath(from);
    const QString newKey = canonicalPath(to);
    for (CodeEditor *editor : editorsAt(oldKey)) {
        const QString moved = newKey + editor->filePath().mid(oldKey.size());
        m_watcher->unwatch(editor->filePath());
        editor->setFilePath(moved);
        QByteArray contents;
        QString error;
        TextFile::read(moved, &contents, &error); // what is on disk now, to compare later changes with
        m_watcher->watch(moved, contents);
        m_tabs->setTabToolTip(m_tabs->indexOf(editor), QDir::toNativeSeparators(moved));
        applyDiagnostics(editor);
    }
    updateTabTitles();
    if (CodeEditor *editor = currentEditor())
        Q_EMIT currentFileChanged(editor->filePath());
}

void EditorArea::followDelete(const QString &path)
{
    for (CodeEditor *editor : editorsAt(formerPath(path))) {
        if (editor->document()->isModified())
            updateTabTitle(editor); // kept: what the user typed is nowhere else
        else
            removeEditor(editor);
    }
}

void EditorArea::setDiagnostics(const QList<Diagnostic> &all)
{
    m_diagnostics.clear();
    for (const Diagnostic &diagnostic : all) {
        if (!diagnostic.file.isEmpty())
            m_diagnostics[canonicalPath(diagnostic.file)].append(diagnostic);
    }
    const QList<CodeEditor *> open = editors();
    for (CodeEditor *editor : open)
        applyDiagnostics(editor);
}

QList<Diagnostic> EditorArea::diagnosticsFor(const QString &path) const
{
    return m_diagnostics.value(canonicalPath(path));
}

void EditorArea::applyDiagnostics(CodeEditor *editor)
{
    editor->setDiagnostics(m_diagnostics.value(editor->filePath()));
}

void EditorArea::openLocation(const QString &path, int line, int column)
{
    CodeEditor *editor = openFile(path);
    if (!editor)
        return;
    editor->goToPosition(line, column);
    editor->setFocus();
}

bool EditorArea::switchHeaderSource()
{
    const CodeEditor *editor = currentEditor();
    if (!editor)
        return false;
    const QFileInfo info(editor->filePath());
    const QString suffix = info.suffix().toLower();
    const QStringList &others = headerSuffixes().contains(suffix)   ? sourceSuffixes()
                                : sourceSuffixes().contains(suffix) ? headerSuffixes()
                                                                    : QStringList();
    for (const QString &other : others) {
        const QString candidate = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() + QLatin1Char('.') + other;
        if (!QFileInfo(candidate).isFile())
            continue;
        CodeEditor *counterpart = openFile(candidate);
        if (counterpart)
            counterpart->setFocus(); // F4 is pressed while typing: go on typing there
        return counterpart != nullptr;
    }
    return false;
}

void EditorArea::showFindBar()
{
    m_findBar->setEditor(currentEditor());
    m_findBar->activate();
}

bool EditorArea::goToLine(int line)
{
    CodeEditor *editor = currentEditor();
    if (!editor || line < 1 || line > editor->blockCount())
        return false;
    editor->goToPosition(line, 1);
    editor->setFocus();
    return true;
}

void EditorArea::askGoToLine()
{
    const CodeEditor *editor = currentEditor();
    if (!editor)
        return;
    m_goToLine->activate(editor->currentLineNumber(), editor->blockCount());
}

GoToLineBar *EditorArea::goToLineBar() const
{
    return m_goToLine;
}

CodeEditor *EditorArea::openUnsaved(const QString &path, const QString &text)
{
    CodeEditor *editor = openFile(path);
    if (!editor) {
        editor = createEditor(canonicalPath(path), text);
        m_watcher->watch(editor->filePath(), QByteArray());
    } else if (editor->fileText() != text) {
        replaceText(editor, text);
    }
    editor->document()->setModified(true);
    return editor;
}

QJsonObject EditorArea::sessionState() const
{
    return EditorSession::save(editors(), m_tabs->currentIndex());
}

void EditorArea::restoreSessionState(const QJsonObject &state)
{
    CodeEditor *current = EditorSession::restore(state, [this](const QString &path, bool modified, const QString &text) {
        return modified ? openUnsaved(path, text) : openFile(path);
    });
    if (current)
        m_tabs->setCurrentWidget(current);
}

} // namespace Relive::App
