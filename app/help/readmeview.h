#pragma once

#include <QtCore/QStringList>
#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QTextBrowser;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Help → README: the README that was built into the app (a resource), rendered from its
 * Markdown, and opened at one of its sections. sections() are its "## " headings, from which
 * the Help menu makes its links.
 */
class ReadmeView : public QDialog
{
    Q_OBJECT

public:
    explicit ReadmeView(QWidget *parent = nullptr);

    /*! The README's second-level headings, in order. */
    static QStringList sections();
    /*! Shows the view scrolled to \a section (a heading from sections()); false if there is none. */
    bool showSection(const QString &section);
    QTextBrowser *browser() const;

private:
    QTextBrowser *m_browser;
};

} // namespace Relive::App
