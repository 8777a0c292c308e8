#pragma once

#include "relive/modulerecord.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace Relive {
class PluginHost;
}

namespace Relive::App {

class PluginListModel;

/*!
 * Everything known about one plugin: its state as the plugin list shows it, the history of its
 * generations (number, load time, SHA-256 prefix, state, error), and every field and the full
 * metadata of the generation selected in the history (the live one, unless another is
 * selected). Its buttons act on the plugin through the host: reload it from its artifact,
 * unload it, roll back to the selected generation, or open its source.
 *
 * It follows the model (PluginListModel), which follows the host: after each change of the
 * plugin, the live generation is selected again.
 */
class PluginDetailsView : public QWidget
{
    Q_OBJECT

public:
    explicit PluginDetailsView(PluginListModel *model, QWidget *parent = nullptr);
    ~PluginDetailsView() override;

    /*! Shows \a name; an empty name shows nothing. */
    void setPlugin(const QString &name);
    QString plugin() const;

    /*! The generation selected in the history, 0 if none. */
    int selectedGeneration() const;
    /*! Selects \a generation in the history; false if it is not there. */
    bool selectGeneration(int generation);

    QTreeWidget *historyView() const;  //!< one row per generation, newest first
    QTreeWidget *recordView() const;   //!< field / value, one row per ModuleRecord::toJson() key
    QPlainTextEdit *metadataView() const;
    QLabel *statusLabel() const;       //!< state and why, as in the plugin list
    QLabel *messageLabel() const;      //!< why the last button's action failed
    QPushButton *reloadButton() const;
    QPushButton *unloadButton() const;
    QPushButton *rollbackButton() const;
    QPushButton *openSourceButton() const;

Q_SIGNALS:
    void openSourceRequested(const QString &pluginName, const QString &artifactPath);

private:
    void createLayout();
    /*! Its buttons and history to its actions, the model's changes to refresh(). */
    void connectParts();
    void refresh();
    void showSelectedRecord();
    void updateButtons();
    void addLibraryRows(const Relive::ModuleRecord &record);
    void reloadPlugin();
    void unloadPlugin();
    void rollbackPlugin();
    void reportResult(bool ok);
    Relive::ModuleRecord selectedRecord() const;

    PluginListModel *m_model;
    Relive::PluginHost *m_host;
    QString m_name;
    QList<Relive::ModuleRecord> m_history;
    Relive::ModuleRecord m_current;
    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_message;
    QTreeWidget *m_historyView;
    QTreeWidget *m_recordView;
    QPlainTextEdit *m_metadataView;
    QPushButton *m_reload;
    QPushButton *m_unload;
    QPushButton *m_rollback;
    QPushButton *m_openSource;
};

} // namespace Relive::App
