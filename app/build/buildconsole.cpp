#include "build/buildconsole.h"

#include "build/buildoutputview.h"

#include "relive/reloadtiming.h"

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
    m_colors.reset();
    m_elapsed.start();
    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    m_view->appendRuns({{description.isEmpty() ? tr("Build started") : description, header}});
    setBuilding(true);
}

void BuildConsole::appendOutput(const QString &text)
{
    QString lines = text;
    if (lines.endsWith(QLatin1Char('\n')))
        lines.chop(1);
    for (const QString &line : lines.split(QLatin1Char('\n')))
        appendBuildOutput(line.endsWith(QLatin1Char('\r')) ? line.left(line.size() - 1) : line, Diagnostic());
}

void BuildConsole::appendBuildOutput(const QString &line, const Diagnostic &location)
{
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
    const double ms = result.totalMs >= 0 ? result.totalMs : (m_elapsed.isValid() ? Relive::elapsedMs(m_elapsed) : 0.0);
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

void BuildConsole::reportCrash(const QString &text, const Diagnostic &location)
{
    m_lastSummary = text;
    QTextCharFormat format;
    format.setFontWeight(QFont::Bold);
    format.setForeground(AnsiColorParser::paletteColor(1)); // red
    if (!location.file.isEmpty() && QFileInfo(location.file).isAbsolute())
        m_view->appendLink({{text, format}}, location.file, location.line, location.column);
    else
        m_view->appendRuns({{text, format}});
}

void BuildConsole::reportStale(const QStringList &plugins, const QString &why)
{
    m_lastSummary = tr("Stale: %1 still run(s) old code: %2").arg(plugins.join(QStringLiteral(", ")), why);
    appendStatusLine(m_lastSummary, AnsiColorParser::paletteColor(3)); // yellow
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
