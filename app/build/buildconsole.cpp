#include "build/buildconsole.h"

#include "build/buildoutputview.h"

#include <QAction> // QtGui in Qt 6, QtWidgets in Qt 5
#include <QtCore/QFileInfo>
#include <QtGui/QFont>
#include <QtWidgets/QStyle>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace Relive::App {

using Relive::Diagnostic;

namespace {

// The parser's view of the last diagnostic before a line is read, to tell what the line added.
struct ParserMark
{
    int count = 0;
    int notes = 0;
    QString file;
    int line = 0;
};

ParserMark markOf(const QList<Diagnostic> &diagnostics)
{
    if (diagnostics.isEmpty())
        return ParserMark();
    const Diagnostic &last = diagnostics.last();
    return {int(diagnostics.size()), int(last.notes.size()), last.file, last.line};
}

/*!
 * The place the line just read points at, if any: a new diagnostic, a new note of the last
 * one (a "note:" line, a linker's "referenced by"), or the last one's location filled in.
 */
Diagnostic locationAdded(const QList<Diagnostic> &diagnostics, const ParserMark &before)
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

int countOf(const QList<Diagnostic> &diagnostics, Diagnostic::Severity severity)
{
    return int(std::count_if(diagnostics.cbegin(), diagnostics.cend(),
                             [severity](const Diagnostic &d) { return d.severity == severity; }));
}

} // namespace

BuildConsole::BuildConsole(QWidget *parent)
    : QWidget(parent)
    , m_view(new BuildOutputView(this))
    , m_toolBar(new QToolBar(this))
{
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_cancel = m_toolBar->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel Build"));
    m_clear = m_toolBar->addAction(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Clear"));
    m_toolBar->addSeparator();
    m_previous = m_toolBar->addAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Previous Diagnostic"));
    m_next = m_toolBar->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Next Diagnostic"));
    m_cancel->setEnabled(false);

    connect(m_cancel, &QAction::triggered, this, &BuildConsole::cancelRequested);
    connect(m_clear, &QAction::triggered, this, &BuildConsole::clear);
    connect(m_next, &QAction::triggered, m_view, &BuildOutputView::activateNextLink);
    connect(m_previous, &QAction::triggered, m_view, &BuildOutputView::activatePreviousLink);
    connect(m_view, &BuildOutputView::linkActivated, this, &BuildConsole::locationActivated);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_view);
}

BuildConsole::~BuildConsole() = default;

void BuildConsole::setBuildDirectory(const QString &directory)
{
    m_parser = Relive::DiagnosticParser(directory);
}

QString BuildConsole::buildDirectory() const
{
    return m_parser.buildDirectory();
}

bool BuildConsole::isBuilding() const
{
    return m_building;
}

BuildOutputView *BuildConsole::outputView() const
{
    return m_view;
}

QToolBar *BuildConsole::toolBar() const
{
    return m_toolBar;
}

QAction *BuildConsole::cancelAction() const
{
    return m_cancel;
}

QAction *BuildConsole::clearAction() const
{
    return m_clear;
}

QAction *BuildConsole::nextDiagnosticAction() const
{
    return m_next;
}

QAction *BuildConsole::previousDiagnosticAction() const
{
    return m_previous;
}

int BuildConsole::diagnosticLineCount() const
{
    return m_view->linkCount();
}

QString BuildConsole::lastSummary() const
{
    return m_lastSummary;
}

void BuildConsole::buildStarted(const QString &description)
{
    m_parser.clear();
    m_colors.reset();
    m_elapsed.start();
    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    m_view->appendRuns({{description.isEmpty() ? tr("Build started") : description, header}});
    setBuilding(true);
}

void BuildConsole::appendOutput(const QString &line)
{
    QString text = line;
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &one : lines)
        appendOutputLine(one.endsWith(QLatin1Char('\r')) ? one.left(one.size() - 1) : one);
}

void BuildConsole::appendOutputLine(const QString &line)
{
    const ParserMark before = markOf(m_parser.diagnostics());
    m_parser.addLine(line);
    const Diagnostic location = locationAdded(m_parser.diagnostics(), before);
    const QList<AnsiColorParser::Run> runs = m_colors.parse(line);
    // A path the parser could not resolve (missing file, "<command-line>") has nowhere to go.
    if (!location.file.isEmpty() && QFileInfo(location.file).isAbsolute())
        m_view->appendLink(runs, location.file, location.line, location.column);
    else
        m_view->appendRuns(runs);
}

void BuildConsole::buildFinished(const Relive::BuildResult &result, const QList<Diagnostic> &diagnostics)
{
    m_lastSummary = summaryOf(result, diagnostics);
    const int colorIndex = result.cancelled ? 3 : (result.ok ? 2 : 1); // amber, green, red
    appendStatusLine(m_lastSummary, AnsiColorParser::paletteColor(colorIndex));
    setBuilding(false);
}

QString BuildConsole::summaryOf(const Relive::BuildResult &result, const QList<Diagnostic> &diagnostics) const
{
    if (result.cancelled)
        return tr("Build cancelled");
    const int errors = countOf(diagnostics, Diagnostic::Severity::Error);
    const int warnings = countOf(diagnostics, Diagnostic::Severity::Warning);
    const double ms = result.totalMs >= 0 ? result.totalMs : double(m_elapsed.isValid() ? m_elapsed.elapsed() : 0);
    const QString counts = QStringLiteral("%1, %2, %3")
                               .arg(errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors),
                                    warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings),
                                    tr("%1 s").arg(ms / 1000.0, 0, 'f', 2));
    if (result.ok)
        return tr("Build succeeded: %1").arg(counts);
    // Without a compiler error the reason is elsewhere (configure, a crash): say which.
    if (errors == 0 && !result.errorString.isEmpty())
        return tr("Build failed: %1 (%2)").arg(counts, result.errorString);
    return tr("Build failed: %1").arg(counts);
}

void BuildConsole::reportRefusal(const QString &plugin, int generation, const QString &error)
{
    const QString subject = generation > 0 ? tr("%1 generation %2").arg(plugin).arg(generation) : plugin;
    m_lastSummary = tr("%1 refused, the running generation stays live: %2").arg(subject, error);
    appendStatusLine(m_lastSummary, AnsiColorParser::paletteColor(1)); // red
}

void BuildConsole::appendStatusLine(const QString &text, const QColor &color)
{
    QTextCharFormat format;
    format.setFontWeight(QFont::Bold);
    format.setForeground(color);
    m_view->appendRuns({{text, format}});
}

void BuildConsole::clear()
{
    m_view->clear();
    m_lastSummary.clear();
}

void BuildConsole::setBuilding(bool building)
{
    m_building = building;
    m_cancel->setEnabled(building);
}

} // namespace Relive::App
