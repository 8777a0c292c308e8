#pragma once

#include <QtCore/QStringList>
#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QFontComboBox;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * Edit → Preferences: the editor's font, size, tab width, indentation and theme, and the build
 * settings the Build menu also holds (reload on save, the trial run and its timeout, the
 * compiler launcher). It reads and writes AppSettings only; OK and Apply write them and emit
 * applied(), on which the window applies them to the open editors and its menus.
 */
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    /*! \a themes: the highlighting themes to offer, besides following the window's palette. */
    explicit PreferencesDialog(const QStringList &themes, QWidget *parent = nullptr);

    /*! Writes the fields to AppSettings and emits applied(). */
    void apply();
    void accept() override;

Q_SIGNALS:
    void applied();

private:
    QWidget *createEditorPage(const QStringList &themes);
    QWidget *createBuildPage();
    void load();

    QFontComboBox *m_font;
    QSpinBox *m_fontSize;
    QSpinBox *m_tabWidth;
    QComboBox *m_indent;
    QComboBox *m_theme;
    QCheckBox *m_buildOnSave;
    QCheckBox *m_trialRun;
    QSpinBox *m_trialTimeout;
    QLineEdit *m_launcher;
};

} // namespace Relive::App
