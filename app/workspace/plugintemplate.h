#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QString>

namespace Relive::App {

/*!
 * File → New Plugin…: a working live plugin in a new sub-folder of the workspace (header,
 * source, metadata JSON and its CMakeLists.txt) and an add_subdirectory() line in the
 * workspace's CMakeLists.txt, so the next build builds and loads it. The files are made from
 * the templates in plugintemplates.qrc (workspace/templates/).
 */
class PluginTemplate
{
    Q_DECLARE_TR_FUNCTIONS(PluginTemplate)

public:
    explicit PluginTemplate(const QString &workspace);

    /*! Lower case letters, digits and underscores, starting with a letter; empty when valid. */
    static QString nameProblem(const QString &name);

    /*! Writes the plugin; false with errorString() when nothing could be written. */
    bool create(const QString &name);
    QString errorString() const;
    /*! The new plugin's source file, to open in the editor. */
    QString sourcePath() const;

private:
    bool write(const QString &path, const QString &content);
    bool writeFromTemplate(const QString &resource, const QString &path, const QString &name);
    static QString className(const QString &name);
    static QString fill(QString text, const QString &name);

    QString m_workspace;
    QString m_error;
    QString m_sourcePath;
};

} // namespace Relive::App
