#include "recovery/recoverydialog.h"

#include "recovery/linediff.h"
#include "editor/textfile.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtGui/QTextCharFormat>
#include <QtGui/QTextCursor>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStyle>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

namespace {
QString diskText(const QString &path, bool *exists, QString *sha256)
{
    QByteArray contents;
    QString error;
    *exists = TextFile::read(path, &contents, &error);
    *sha256 = *exists ? QString::fromLatin1(QCryptographicHash::hash(contents, QCryptographicHash::Sha256).toHex()) : QString();
    return *exists ? TextFile::decode(contents) : QString();
}

// "plugin/foo.cpp" for a file inside the workspace, the full native path for one outside it.
QString shownPath(const QString &path, const QString &workspace)
{
    if (!workspace.isEmpty()) {
        const QString relative = QDir(workspace).relativeFilePath(path);
        if (!relative.startsWith(QLatin1String("..")) && !QDir::isAbsolutePath(relative))
            return QDir::toNativeSeparators(relative);
    }
    return QDir::toNativeSeparators(path);
}
} // namespace

RecoveryDialog::RecoveryDialog(const QList<RecoveryStore::Copy> &copies, QWidget *parent, const QString &workspace)
    : QDialog(parent)
    , m_copies(copies)
    , m_files(new QListWidget(this))
    , m_message(new QLabel(this))
    , m_diff(new QPlainTextEdit(this))
    , m_recover(new QPushButton(tr("&Recover"), this))
    , m_discard(new QPushButton(tr("&Discard"), this))
    , m_later(new QPushButton(tr("&Later"), this))
{
    setWindowTitle(tr("Recover Unsaved Changes"));
    auto *intro = new QLabel(tr("Relive did not exit cleanly. These files had changes that were not saved; "
                                "recover them into the editor, or discard them."),
                             this);
    intro->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_diff->setReadOnly(true);
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_recover->setToolTip(tr("Open the file with the recovered text, as unsaved changes"));
    m_discard->setToolTip(tr("Delete this recovery copy"));
    m_later->setToolTip(tr("Keep the copy and ask again at the next start"));
    m_recover->setDefault(true);

    for (const RecoveryStore::Copy &copy : copies) {
        auto *item = new QListWidgetItem(copy.isValid() ? shownPath(copy.filePath, workspace)
                                                        : tr("Damaged copy %1").arg(QFileInfo(copy.copyPath).fileName()),
                                         m_files);
        item->setToolTip(QDir::toNativeSeparators(copy.isValid() ? copy.filePath : copy.copyPath));
        if (!copy.isValid())
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_message);
    detailsLayout->addWidget(m_diff, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_files);
    splitter->addWidget(details);
    splitter->setStretchFactor(1, 3);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_recover);
    buttons->addWidget(m_discard);
    buttons->addWidget(m_later);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    resize(900, 560);

    connect(m_files, &QListWidget::currentRowChanged, this, &RecoveryDialog::showCurrent);
    connect(m_recover, &QPushButton::clicked, this, [this] { choose(Choice::Recover); });
    connect(m_discard, &QPushButton::clicked, this, [this] { choose(Choice::Discard); });
    connect(m_later, &QPushButton::clicked, this, [this] { choose(Choice::Later); });
    setCurrentRow(0);
}

RecoveryDialog::~RecoveryDialog() = default;

void RecoveryDialog::setHandlers(Handler recover, Handler discard)
{
    m_recoverHandler = std::move(recover);
    m_discardHandler = std::move(discard);
}

QList<RecoveryStore::Copy> RecoveryDialog::pendingCopies() const
{
    return m_copies;
}

void RecoveryDialog::setCurrentRow(int row)
{
    m_files->setCurrentRow(row);
    showCurrent();
}

int RecoveryDialog::currentRow() const
{
    return m_files->currentRow();
}

bool RecoveryDialog::choose(Choice choice)
{
    const int row = m_files->currentRow();
    if (row < 0 || row >= m_copies.size())
        return false;
    const RecoveryStore::Copy copy = m_copies.at(row);
    if (choice != Choice::Later) {
        const Handler &handler = choice == Choice::Recover ? m_recoverHandler : m_discardHandler;
        QString error;
        if (!copy.isValid() || !handler || !handler(copy, &error)) {
            if (!error.isEmpty())
                m_message->setText(error);
            return false;
        }
    }
    m_copies.removeAt(row);
    delete m_files->takeItem(row);
    if (m_copies.isEmpty()) {
        accept();
        return true;
    }
    setCurrentRow(std::min(row, int(m_copies.size()) - 1));
    return true;
}

void RecoveryDialog::showCurrent()
{
    const int row = m_files->currentRow();
    const bool valid = row >= 0 && row < m_copies.size() && m_copies.at(row).isValid();
    m_recover->setEnabled(valid);
    m_discard->setEnabled(valid);
    m_later->setEnabled(row >= 0);
    if (row < 0 || row >= m_copies.size()) {
        m_message->clear();
        m_diff->clear();
        return;
    }
    const RecoveryStore::Copy &copy = m_copies.at(row);
    if (!valid) {
        m_message->setText(copy.errorString);
        m_diff->clear();
        return;
    }
    bool exists = false;
    QString sha256;
    const QString onDisk = diskText(copy.filePath, &exists, &sha256);
    QString message = tr("%1, unsaved changes from %2.")
                          .arg(QDir::toNativeSeparators(copy.filePath),
                               QLocale().toString(copy.savedAt.toLocalTime(), QLocale::ShortFormat));
    if (!exists)
        message += QLatin1Char(' ') + tr("The file no longer exists: recovering opens a new buffer for it, saving creates it.");
    else if (!copy.baseExists || copy.baseSha256 != sha256)
        message += QLatin1Char(' ') + tr("The file on disk changed after these changes were made: compare before you save.");
    m_message->setText(message);
    showDiff(LineDiff::unified(onDisk, copy.text));
}

// Removed lines red, added green, hunk headers dimmed: colours that read on light and dark.
void RecoveryDialog::showDiff(const QString &diff)
{
    m_diff->clear();
    QTextCursor cursor(m_diff->document());
    QTextCharFormat removed;
    removed.setForeground(QColor(0xc0, 0x1c, 0x28));
    QTextCharFormat added;
    added.setForeground(QColor(0x26, 0xa2, 0x69));
    QTextCharFormat header;
    header.setForeground(palette().color(QPalette::PlaceholderText));
    const QTextCharFormat plain;
    const QStringList lines = LineDiff::splitLines(diff);
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const QTextCharFormat &format = line.startsWith(QLatin1Char('-')) ? removed
                                        : line.startsWith(QLatin1Char('+')) ? added
                                        : line.startsWith(QLatin1String("@@")) ? header
                                                                               : plain;
        cursor.insertText(line, format);
        if (i + 1 < lines.size())
            cursor.insertBlock();
    }
    if (lines.isEmpty())
        cursor.insertText(tr("(The recovered text is the same as the file on disk.)"), header);
    m_diff->moveCursor(QTextCursor::Start);
}

QListWidget *RecoveryDialog::fileList() const { return m_files; }
QPlainTextEdit *RecoveryDialog::diffView() const { return m_diff; }
QLabel *RecoveryDialog::messageLabel() const { return m_message; }

QPushButton *RecoveryDialog::button(Choice choice) const
{
    switch (choice) {
    case Choice::Recover:
        return m_recover;
    case Choice::Discard:
        return m_discard;
    case Choice::Later:
        break;
    }
    return m_later;
}

} // namespace Relive::App
