#include "workspace/newplugindialog.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

NewPluginDialog::NewPluginDialog(const QString &workspace, QWidget *parent)
    : QDialog(parent)
    , m_template(workspace)
    , m_name(new QLineEdit(this))
    , m_className(new QLineEdit(this))
    , m_vendor(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_preview(new QTabWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Plugin"));
    m_name->setPlaceholderText(tr("lower case, e.g. clock_face: the folder and the CMake target"));
    m_description->setPlaceholderText(tr("A new live plugin"));
    m_kind->addItem(tr("Widget plugin with state (a button and a count kept across reloads)"),
                    int(PluginTemplate::Kind::Widget));
    m_kind->addItem(tr("QtCore plugin (no widgets): state only, shown in its Live View tab"),
                    int(PluginTemplate::Kind::QtCore));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Class name:"), m_className);
    form->addRow(tr("&Vendor:"), m_vendor);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Template:"), m_kind);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(new QLabel(tr("Files it writes (and an add_subdirectory() line in the workspace's CMakeLists.txt):"), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewPluginDialog::create);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_className, &QLineEdit::textEdited, this, [this] { m_classNameEdited = true; });
    for (QLineEdit *edit : {m_name, m_className, m_vendor, m_description})
        connect(edit, &QLineEdit::textChanged, this, &NewPluginDialog::update);
    connect(m_kind, QOverload<int>::of(&QComboBox::currentIndexChanged), this, &NewPluginDialog::update);
    resize(720, 560);
    update();
}

PluginTemplate::Options NewPluginDialog::options() const
{
    return {m_name->text().trimmed(), m_className->text().trimmed(), m_vendor->text().trimmed(),
            m_description->text().trimmed(), PluginTemplate::Kind(m_kind->currentData().toInt())};
}

void NewPluginDialog::setCreator(Creator creator)
{
    m_creator = std::move(creator);
}

// OK: the plugin is made now, so that a failure (the folder appeared meanwhile, or cannot be
// written) is said here, with everything typed still in the fields.
void NewPluginDialog::create()
{
    if (!canAccept())
        return;
    QString error;
    if (m_creator && !m_creator(options(), &error)) {
        m_problem->setText(error);
        m_problem->setVisible(true);
        return;
    }
    accept();
}

// The class name follows the name until the user types one; the problem and preview follow both.
void NewPluginDialog::update()
{
    if (!m_classNameEdited) {
        const QSignalBlocker blocker(m_className);
        m_className->setText(m_name->text().trimmed().isEmpty() ? QString()
                                                                 : PluginTemplate::defaultClassName(m_name->text().trimmed()));
    }
    const PluginTemplate::Options chosen = options();
    const QString problem = m_template.problem(chosen);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    const int current = m_preview->currentIndex();
    while (m_preview->count() > 0) {
        QWidget *page = m_preview->widget(0);
        m_preview->removeTab(0);
        delete page;
    }
    if (!problem.isEmpty())
        return;
    for (const PluginTemplate::File &file : m_template.files(chosen)) {
        auto *text = new QPlainTextEdit(file.second);
        text->setReadOnly(true);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_preview->addTab(text, file.first);
    }
    m_preview->setCurrentIndex(qMax(0, current));
}

QLineEdit *NewPluginDialog::nameEdit() const { return m_name; }
QLineEdit *NewPluginDialog::classNameEdit() const { return m_className; }
QLineEdit *NewPluginDialog::vendorEdit() const { return m_vendor; }
QLineEdit *NewPluginDialog::descriptionEdit() const { return m_description; }
QComboBox *NewPluginDialog::templateBox() const { return m_kind; }
QString NewPluginDialog::problemText() const { return m_problem->text(); }
QPushButton *NewPluginDialog::okButton() const { return m_buttons->button(QDialogButtonBox::Ok); }
bool NewPluginDialog::canAccept() const { return m_buttons->button(QDialogButtonBox::Ok)->isEnabled(); }

QStringList NewPluginDialog::previewPaths() const
{
    QStringList paths;
    for (int i = 0; i < m_preview->count(); ++i)
        paths.append(m_preview->tabText(i));
    return paths;
}

QString NewPluginDialog::previewText(const QString &path) const
{
    for (int i = 0; i < m_preview->count(); ++i) {
        if (m_preview->tabText(i) == path)
            return static_cast<QPlainTextEdit *>(m_preview->widget(i))->toPlainText();
    }
    return QString();
}

} // namespace Relive::App
