#include "help/readmeview.h"

#include <QtCore/QFile>
#include <QtGui/QAbstractTextDocumentLayout>
#include <QtGui/QTextBlock>
#include <QtGui/QTextCursor>
#include <QtGui/QTextDocument>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTextBrowser>
#include <QtWidgets/QVBoxLayout>

// Outside any namespace, as Q_INIT_RESOURCE must be. The README is a resource of the static
// library relive-app, which a program links only if something refers to it; registering it
// again is a no-op.
static void initHelpResources()
{
    Q_INIT_RESOURCE(help);
}

namespace Relive::App {

namespace {
QString readmeText()
{
    initHelpResources();
    QFile file(QStringLiteral(":/help/README.md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}
} // namespace

ReadmeView::ReadmeView(QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser(this))
{
    setWindowTitle(tr("Relive README"));
    m_browser->setOpenExternalLinks(true);
    m_browser->setMarkdown(readmeText());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    resize(800, 640);
}

QStringList ReadmeView::sections()
{
    QStringList headings;
    bool inCode = false;
    for (const QString &line : readmeText().split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("```")))
            inCode = !inCode; // a "## " inside a code sample is a comment, not a heading
        else if (!inCode && line.startsWith(QLatin1String("## ")))
            headings.append(line.mid(3).trimmed());
    }
    return headings;
}

bool ReadmeView::showSection(const QString &section)
{
    QTextDocument *document = m_browser->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() != 2 || block.text().trimmed() != section)
            continue;
        if (!isVisible())
            show(); // laid out at its size, so that the scroll position means something
        m_browser->setTextCursor(QTextCursor(block));
        // The heading at the top of the view, not merely somewhere in it; documentSize() lays
        // the whole README out first, which sets the scroll bar's range.
        (void)document->documentLayout()->documentSize();
        m_browser->verticalScrollBar()->setValue(int(document->documentLayout()->blockBoundingRect(block).top()));
        return true;
    }
    return false;
}

QTextBrowser *ReadmeView::browser() const
{
    return m_browser;
}

} // namespace Relive::App
