#pragma once

#include "build/ansicolorparser.h"

#include <QtWidgets/QPlainTextEdit>

namespace Relive::App {

/*!
 * The read-only text of a build console: lines of coloured runs, some of which are links to a
 * place in a source file (a diagnostic). A link line is underlined, shows a pointing hand
 * under the mouse, and a click on it (without dragging a selection) emits linkActivated().
 *
 * Where a link goes is kept with its line (QTextBlockUserData), so the lines dropped by the
 * maximum block count take their links with them.
 */
class BuildOutputView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit BuildOutputView(QWidget *parent = nullptr);

    /*! Appends one line made of \a runs. */
    void appendRuns(const QList<AnsiColorParser::Run> &runs);
    /*! Appends one line made of \a runs that opens \a file at \a line and \a column. */
    void appendLink(const QList<AnsiColorParser::Run> &runs, const QString &file, int line, int column);

    /*! How many lines of the view are links. */
    int linkCount() const;
    /*! Whether line \a blockNumber is a link. */
    bool isLink(int blockNumber) const;

    /*!
     * Selects the next (or previous) link line after (before) the text cursor, wrapping
     * around, scrolls to it and emits linkActivated(). False when there is no link.
     */
    bool activateNextLink();
    bool activatePreviousLink();

Q_SIGNALS:
    void linkActivated(const QString &file, int line, int column);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void appendLine(const QList<AnsiColorParser::Run> &runs, bool underline);
    QTextBlock linkBlockAt(const QPoint &position) const;
    bool activateLink(bool forward);
    void emitLink(const QTextBlock &block);

    int m_pressedBlock = -1;
    bool m_following = true; //!< the user is at the end of the output: keep showing new lines
};

} // namespace Relive::App
