#pragma once

#include <QtCore/QCoreApplication> // Q_DECLARE_TR_FUNCTIONS
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace Relive::App {

/*!
 * File → New Plugin…: a working live plugin in a new sub-folder of the workspace (header,
 * source, metadata JSON and its CMakeLists.txt) and an add_subdirectory() line in the
 * workspace's CMakeLists.txt, so the next build builds and loads it. The files are made from
 * the templates in plugintemplates.qrc (workspace/templates/; qtcore/ for Kind::QtCore).
 */
class PluginTemplate
{
    Q_DECLARE_TR_FUNCTIONS(PluginTemplate)

public:
    /*! The templates: a widget plugin (Relive::LivePlugin), or QtCore only (Relive::LiveState, NO_WIDGETS). */
    enum class Kind {
        Widget,
        QtCore,
    };
    /*! What the New Plugin wizard asks for; empty class name: defaultClassName(). */
    struct Options
    {
        QString name;
        QString className;
        QString vendor;
        QString description;
        Kind kind = Kind::Widget;
    };
    /*! A file of the plugin: its path in the workspace and its text. */
    using File = QPair<QString, QString>;

    explicit PluginTemplate(const QString &workspace);

    /*! Lower case letters, digits and underscores, starting with a letter; empty when valid. */
    static QString nameProblem(const QString &name);
    /*! A C++ identifier, not a keyword-like reserved name; empty when valid. */
    static QString classNameProblem(const QString &className);
    /*! "clock_face" -> "ClockFacePlugin". */
    static QString defaultClassName(const QString &name);
    /*! The first problem of \a options (name, class name, the folder already there), empty if none. */
    QString problem(const Options &options) const;

    /*! The files create() writes, for a preview; the workspace's CMakeLists.txt line is not among them. */
    QList<File> files(const Options &options) const;

    /*! Writes the plugin; false with errorString() when nothing could be written. */
    bool create(const Options &options);
    bool create(const QString &name);
    QString errorString() const;
    /*! The new plugin's source file, to open in the editor. */
    QString sourcePath() const;

private:
    bool write(const QString &path, const QString &content);
    static QString fill(QString text, const Options &options);

    QString m_workspace;
    QString m_error;
    QString m_sourcePath;
};

} // namespace Relive::App
