#include "settings/preferencesdialog.h"

#include "settings/appsettings.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFontComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

namespace {
template <typename Widget>
Widget *named(Widget *widget, const char *name)
{
    widget->setObjectName(QLatin1String(name)); // for tests and style sheets
    return widget;
}
} // namespace

PreferencesDialog::PreferencesDialog(const QStringList &themes, QWidget *parent)
    : QDialog(parent)
    , m_font(named(new QFontComboBox(this), "font"))
    , m_fontSize(named(new QSpinBox(this), "fontSize"))
    , m_tabWidth(named(new QSpinBox(this), "tabWidth"))
    , m_indent(named(new QComboBox(this), "indent"))
    , m_theme(named(new QComboBox(this), "theme"))
    , m_buildOnSave(named(new QCheckBox(tr("Build and reload when a file is saved"), this), "buildOnSave"))
    , m_trialRun(named(new QCheckBox(tr("Try new code in a separate process first"), this), "trialRun"))
    , m_trialTimeout(named(new QSpinBox(this), "trialTimeout"))
    , m_launcher(named(new QLineEdit(this), "compilerLauncher"))
{
    setWindowTitle(tr("Preferences"));
    auto *pages = new QTabWidget(this);
    pages->addTab(createEditorPage(themes), tr("Editor"));
    pages->addTab(createBuildPage(), tr("Build"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &PreferencesDialog::apply);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pages);
    layout->addWidget(buttons);
    load();
}

QWidget *PreferencesDialog::createEditorPage(const QStringList &themes)
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_font->setFontFilters(QFontComboBox::MonospacedFonts);
    m_fontSize->setRange(4, 72);
    m_fontSize->setSuffix(tr(" pt"));
    m_tabWidth->setRange(1, 16);
    m_tabWidth->setSuffix(tr(" columns"));
    m_indent->addItem(tr("Spaces"), true);
    m_indent->addItem(tr("Tabs"), false);
    m_theme->addItem(tr("Follow the window's colours"), QString());
    for (const QString &theme : themes)
        m_theme->addItem(theme, theme);
    form->addRow(tr("&Font:"), m_font);
    form->addRow(tr("&Size:"), m_fontSize);
    form->addRow(tr("&Tab width:"), m_tabWidth);
    form->addRow(tr("&Indent with:"), m_indent);
    form->addRow(tr("T&heme:"), m_theme);
    return page;
}

QWidget *PreferencesDialog::createBuildPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_trialTimeout->setRange(1, 600);
    m_trialTimeout->setSuffix(tr(" s"));
    m_trialTimeout->setToolTip(tr("How long a new generation's trial may take before it counts as hung"));
    m_launcher->setPlaceholderText(tr("auto"));
    m_launcher->setToolTip(tr("\"auto\" (ccache when installed), \"none\", or a program such as ccache or sccache"));
    form->addRow(m_buildOnSave);
    form->addRow(m_trialRun);
    form->addRow(tr("Trial &timeout:"), m_trialTimeout);
    form->addRow(tr("&Compiler launcher:"), m_launcher);
    return page;
}

void PreferencesDialog::load()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (!AppSettings::editorFont().isEmpty())
        font.fromString(AppSettings::editorFont());
    m_font->setCurrentFont(font);
    m_fontSize->setValue(font.pointSize() > 0 ? font.pointSize() : 10);
    m_tabWidth->setValue(AppSettings::editorTabWidth());
    m_indent->setCurrentIndex(m_indent->findData(AppSettings::editorIndentWithSpaces()));
    const int theme = m_theme->findData(AppSettings::editorTheme());
    m_theme->setCurrentIndex(qMax(0, theme));
    m_buildOnSave->setChecked(AppSettings::buildOnSave());
    m_trialRun->setChecked(AppSettings::probeEnabled());
    m_trialTimeout->setValue(AppSettings::probeTimeoutMs() / 1000);
    m_launcher->setText(AppSettings::compilerLauncher());
}

void PreferencesDialog::apply()
{
    QFont font = m_font->currentFont();
    font.setPointSize(m_fontSize->value());
    AppSettings::setEditorFont(font.toString());
    AppSettings::setEditorTabWidth(m_tabWidth->value());
    AppSettings::setEditorIndentWithSpaces(m_indent->currentData().toBool());
    AppSettings::setEditorTheme(m_theme->currentData().toString());
    AppSettings::setBuildOnSave(m_buildOnSave->isChecked());
    AppSettings::setProbeEnabled(m_trialRun->isChecked());
    AppSettings::setProbeTimeoutSeconds(m_trialTimeout->value());
    const QString launcher = m_launcher->text().trimmed();
    AppSettings::setCompilerLauncher(launcher.isEmpty() ? QStringLiteral("auto") : launcher);
    Q_EMIT applied();
}

void PreferencesDialog::accept()
{
    apply();
    QDialog::accept();
}

} // namespace Relive::App
