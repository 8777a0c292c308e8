#pragma once

#include "workspace/plugintemplate.h"

#include <QtWidgets/QDialog>

#include <functional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * File → New Plugin…: the plugin's name, class name (from the name until edited), vendor,
 * description and template, with a preview of the files it writes. A problem (an invalid or
 * taken name) is said in the dialog, under the fields, and OK waits until it is fixed: what
 * was typed stays. So is a creation that fails on OK (setCreator()): the dialog stays open
 * with the error, for another try or Cancel.
 */
class NewPluginDialog : public QDialog
{
    Q_OBJECT

public:
    /*! Makes the plugin of \a options; false with \a error, which the dialog then shows. */
    using Creator = std::function<bool(const PluginTemplate::Options &options, QString *error)>;

    explicit NewPluginDialog(const QString &workspace, QWidget *parent = nullptr);

    /*! Called on OK; the dialog closes (accepted) only when it succeeds. Without one, OK just accepts. */
    void setCreator(Creator creator);
    QPushButton *okButton() const;

    PluginTemplate::Options options() const;
    QLineEdit *nameEdit() const;
    QLineEdit *classNameEdit() const;
    QLineEdit *vendorEdit() const;
    QLineEdit *descriptionEdit() const;
    QComboBox *templateBox() const;
    /*! What the dialog says is wrong; empty when OK can be pressed. */
    QString problemText() const;
    bool canAccept() const;
    /*! The preview's files: path in the workspace -> text. */
    QStringList previewPaths() const;
    QString previewText(const QString &path) const;

private:
    void update();
    void create();

    PluginTemplate m_template;
    QLineEdit *m_name;
    QLineEdit *m_className;
    QLineEdit *m_vendor;
    QLineEdit *m_description;
    QComboBox *m_kind;
    QLabel *m_problem;
    QTabWidget *m_preview;
    QDialogButtonBox *m_buttons;
    Creator m_creator;
    bool m_classNameEdited = false;
};

} // namespace Relive::App
