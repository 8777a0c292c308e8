// The README's code samples, taken from the README text itself: the plugin of "Writing a
// plugin" (hello.cpp, hello.json, the workspace's CMakeLists.txt) is built with the real
// toolchain and loaded; the app code of "Embedding" and "Attach" compiles and links against
// this build's package; the editor-integration JSON parses. A sample edited into something
// that does not build fails here, not in a reader's first half hour.
#include "relive/buildresult.h"
#include "relive/diagnostic.h"
#include "relive/hostevent.h"
#include "relive/livesession.h"
#include "relive/pluginhost.h"
#include "toolrun.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QWidget>

#include <functional>
#include <utility>

using namespace Relive;

namespace {

struct Sample
{
    QString language;
    QString text;
};

QString readme()
{
    QFile file(QStringLiteral(RELIVE_SOURCE_DIR "/README.md"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The fenced blocks under \a heading (e.g. "## Writing a plugin", up to the next heading of
// level 2 or 3), in order.
QList<Sample> samplesOf(const QString &text, const QString &heading)
{
    const int start = text.indexOf(QLatin1Char('\n') + heading + QLatin1Char('\n'));
    if (start < 0)
        return {};
    static const QRegularExpression nextHeading(QStringLiteral("\n###? "));
    const int end = text.indexOf(nextHeading, start + 1);
    const QString body = text.mid(start, end < 0 ? -1 : end - start);
    static const QRegularExpression fence(QStringLiteral("\n```(\\w+)\n(.*?)\n```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QList<Sample> samples;
    for (auto it = fence.globalMatch(body); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        samples.append({match.captured(1), match.captured(2) + QLatin1Char('\n')});
    }
    return samples;
}

void write(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(text.toUtf8());
}

// A workspace of the README's "Writing a plugin" files, \a edit applied to them, built once.
struct BuiltWorkspace
{
    QTemporaryDir folder;
    QTemporaryDir build;
    PluginHost host;
    LiveSession session{&host};
    QStringList said;
    bool finished = false;
    bool failed = false;

    QString path(const QString &name) const { return folder.filePath(name); }
    void start(const std::function<void(QString *cpp, QString *json, QString *cmake)> &edit)
    {
        const QList<Sample> samples = samplesOf(readme(), QStringLiteral("## Writing a plugin"));
        QStringList languages;
        for (const Sample &sample : samples)
            languages.append(sample.language);
        QCOMPARE(languages, (QStringList{QStringLiteral("cpp"), QStringLiteral("json"), QStringLiteral("cmake")}));
        QString cpp = samples.at(0).text, json = samples.at(1).text, cmake = samples.at(2).text;
        if (edit)
            edit(&cpp, &json, &cmake);
        write(path(QStringLiteral("hello.cpp")), cpp);
        write(path(QStringLiteral("hello.json")), json);
        write(path(QStringLiteral("CMakeLists.txt")), cmake);
        QObject::connect(&session, &LiveSession::buildOutput, [this](const QString &line) { said.append(line); });
        QObject::connect(&session, &LiveSession::buildFinished, [this](const BuildResult &result) {
            finished = true;
            failed = !result.ok && !result.cancelled;
        });
        session.setBuildDirectory(build.path());
        session.setWorkspace(folder.path());
        QVERIFY2(session.start(), qPrintable(session.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(host.isLoaded(QStringLiteral("hello")) || failed, qPrintable(said.join(QLatin1Char('\n'))),
                                  buildTimeoutMs);
    }
    // The diagnostic of \a kind, or an empty one.
    Diagnostic first(const QString &kind) const
    {
        const QList<Diagnostic> all = session.lastDiagnostics();
        for (const Diagnostic &diagnostic : all) {
            if (diagnostic.kind == kind)
                return diagnostic;
        }
        return Diagnostic();
    }
};

int lineContaining(const QString &text, const QString &what)
{
    return int(text.left(text.indexOf(what)).count(QLatin1Char('\n'))) + 1;
}

} // namespace

class tst_ReadmeSamples : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writingAPluginBuildsAndLoads();
    void missingMocIncludeIsADiagnostic();
    void autoUicAndAutoRccErrorsAreDiagnostics_data();
    void autoUicAndAutoRccErrorsAreDiagnostics();
    void configureErrorIsADiagnostic();
    void embeddingSamplesCompile();
    void editorJsonParses();
};

void tst_ReadmeSamples::writingAPluginBuildsAndLoads()
{
    BuiltWorkspace workspace;
    workspace.start(nullptr);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(workspace.host.isLoaded(QStringLiteral("hello")),
             qPrintable(workspace.said.join(QLatin1Char('\n')) + workspace.host.errorString()));
    QString error;
    QScopedPointer<QWidget> widget(workspace.host.createWidget(QStringLiteral("hello"), nullptr, &error));
    QVERIFY2(widget, qPrintable(error));
    QCOMPARE(widget->property("text").toString(), QStringLiteral("Hello, 0 saves"));
    widget.reset(); // before its code goes
    workspace.host.unloadAll();
}

// The README's first mistake: Q_OBJECT in a .cpp without its .moc. AutoMoc stops the build;
// that is an error at the macro's line, not "0 errors".
void tst_ReadmeSamples::missingMocIncludeIsADiagnostic()
{
    BuiltWorkspace workspace;
    QString source;
    workspace.start([&source](QString *cpp, QString *, QString *) {
        const int include = cpp->indexOf(QStringLiteral("#include \"hello.moc\""));
        QVERIFY(include > 0);
        *cpp = cpp->left(include);
        source = *cpp;
    });
    if (QTest::currentTestFailed())
        return;
    QVERIFY(workspace.failed);
    const Diagnostic automoc = workspace.first(QStringLiteral("autogen"));
    QVERIFY2(!automoc.message.isEmpty(), qPrintable(workspace.said.join(QLatin1Char('\n'))));
    QCOMPARE(automoc.severity, Diagnostic::Severity::Error);
    QCOMPARE(automoc.file, workspace.path(QStringLiteral("hello.cpp")));
    QCOMPARE(automoc.line, lineContaining(source, QStringLiteral("Q_OBJECT")));
    QVERIFY2(automoc.message.startsWith(QStringLiteral("AutoMoc:")) && automoc.message.contains(QStringLiteral("hello.moc")),
             qPrintable(automoc.message));
}

// A broken form (AutoUic) or a resource file naming a missing file (AutoRcc) stops the build at
// the autogen step: an error of that tool, at a file of the workspace, not "0 errors".
void tst_ReadmeSamples::autoUicAndAutoRccErrorsAreDiagnostics_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("file"); // added to the plugin's SOURCES
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("include"); // prepended to hello.cpp; empty: none
    QTest::addColumn<QString>("named"); // the message names it
    QTest::newRow("AutoUic") << QStringLiteral("AutoUic") << QStringLiteral("form.ui")
                             << QByteArray("<?xml version=\"1.0\"?>\n<ui version=\"4.0\">\n <class>Form</class>\n <widget class=\"QWidget\"")
                             << QStringLiteral("#include \"ui_form.h\"\n") << QStringLiteral("form.ui");
    QTest::newRow("AutoRcc") << QStringLiteral("AutoRcc") << QStringLiteral("images.qrc")
                             << QByteArray("<RCC>\n  <qresource prefix=\"/\">\n    <file>missing.png</file>\n  </qresource>\n</RCC>\n")
                             << QString() << QStringLiteral("images.qrc");
}

void tst_ReadmeSamples::autoUicAndAutoRccErrorsAreDiagnostics()
{
    QFETCH(QString, tool);
    QFETCH(QString, file);
    QFETCH(QByteArray, contents);
    QFETCH(QString, include);
    QFETCH(QString, named);
    BuiltWorkspace workspace;
    write(workspace.path(file), QString::fromUtf8(contents));
    workspace.start([&](QString *cpp, QString *, QString *cmake) {
        cpp->prepend(include);
        const QString sources = QStringLiteral("SOURCES hello.cpp");
        QVERIFY(cmake->contains(sources));
        cmake->replace(sources, sources + QLatin1Char(' ') + file);
    });
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(workspace.failed, qPrintable(workspace.said.join(QLatin1Char('\n'))));
    QStringList all;
    for (const Diagnostic &diagnostic : workspace.session.lastDiagnostics())
        all.append(diagnostic.toLine());
    const Diagnostic autogen = workspace.first(QStringLiteral("autogen"));
    QVERIFY2(autogen.message.startsWith(tool + QLatin1Char(':')),
             qPrintable(all.join(QLatin1Char('\n')) + QStringLiteral("\n--- output:\n") + workspace.said.join(QLatin1Char('\n'))));
    QCOMPARE(autogen.severity, Diagnostic::Severity::Error);
    QVERIFY2(autogen.message.contains(named) || autogen.file.endsWith(QLatin1Char('/') + named), qPrintable(all.join(QLatin1Char('\n'))));
    // A file of the workspace to open: the link and the editor's mark have somewhere to go.
    QVERIFY2(autogen.file.startsWith(workspace.folder.path() + QLatin1Char('/')) && QFileInfo::exists(autogen.file), qPrintable(all.join(QLatin1Char('\n'))));
}

void tst_ReadmeSamples::configureErrorIsADiagnostic()
{
    BuiltWorkspace workspace;
    QString project;
    workspace.start([&project](QString *, QString *, QString *cmake) {
        cmake->append(QStringLiteral("relive_add_plugn(typo SOURCES hello.cpp)\n"));
        project = *cmake;
    });
    if (QTest::currentTestFailed())
        return;
    QVERIFY(workspace.failed);
    const Diagnostic configure = workspace.first(QStringLiteral("cmake"));
    QVERIFY2(!configure.message.isEmpty(), qPrintable(workspace.said.join(QLatin1Char('\n'))));
    QCOMPARE(configure.severity, Diagnostic::Severity::Error);
    QCOMPARE(configure.file, workspace.path(QStringLiteral("CMakeLists.txt")));
    QCOMPARE(configure.line, lineContaining(project, QStringLiteral("relive_add_plugn")));
    QVERIFY2(configure.message.contains(QStringLiteral("relive_add_plugn")), qPrintable(configure.message));
}

// .vscode/tasks.json as the README gives it.
// The app-side fragments of "Embedding" and "Attach" as one app: their #include lines at the
// top, their statements in main(), around the example's TextFilter interface and a window with
// the two functions the hooks call. Built against this build's package with find_package() as
// the README says: a renamed function or a missing #include fails here.
void tst_ReadmeSamples::embeddingSamplesCompile()
{
    const QString text = readme();
    QList<Sample> samples = samplesOf(text, QStringLiteral("## Embedding Relive in your app"));
    samples += samplesOf(text, QStringLiteral("### Attach: drive the running app from relive-cli (and its agent's socket)"));
    QStringList includes, statements;
    for (const Sample &sample : std::as_const(samples)) {
        if (sample.language != QStringLiteral("cpp"))
            continue;
        for (const QString &line : sample.text.split(QLatin1Char('\n')))
            (line.startsWith(QStringLiteral("#include")) ? includes : statements).append(line);
    }
    QVERIFY2(includes.size() >= 1 && statements.join(QString()).contains(QStringLiteral("agent.listen()")),
             "the Embedding and Attach sections lost their C++ samples");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString app = QStringLiteral(
        "#include \"textfilter.h\"\n%1\n#include <QtCore/QCoreApplication>\n\n"
        "struct Window\n{\n    void removeFilter(const QString &) {}\n"
        "    void addFilter(const QString &, TextFilter *) {}\n};\n\n"
        "int main(int argc, char **argv)\n{\n    QCoreApplication application(argc, argv);\n"
        "    Window window;\n    const QString pluginFolder = application.applicationDirPath();\n"
        "    const QString text;\n%2\n    return 0;\n}\n")
        .arg(includes.join(QLatin1Char('\n')), statements.join(QLatin1Char('\n')));
    write(folder.filePath(QStringLiteral("main.cpp")), app);
    QVERIFY(QFile::copy(QStringLiteral(RELIVE_SOURCE_DIR "/examples/embedding/textfilter.h"),
                        folder.filePath(QStringLiteral("textfilter.h"))));
    write(folder.filePath(QStringLiteral("CMakeLists.txt")),
          QStringLiteral("cmake_minimum_required(VERSION 3.21)\nproject(readmeapp LANGUAGES CXX)\n"
                         "set(CMAKE_CXX_STANDARD 17)\nset(CMAKE_AUTOMOC ON)\n"
                         "find_package(Relive REQUIRED COMPONENTS core)\n"
                         "add_executable(readmeapp main.cpp textfilter.h)\n"
                         "target_link_libraries(readmeapp PRIVATE Relive::core)\n"));
    QByteArray error;
    const bool built = configureAndBuild(folder.path(), folder.filePath(QStringLiteral("build")), QStringLiteral("the README's app samples"), &error);
    if (!built) // QTest cuts a long message: the compiler's whole output first
        qWarning().noquote() << error << "\n--- main.cpp:\n" << app;
    QVERIFY2(built, "the Embedding or Attach C++ sample does not build: see the output above");
}

void tst_ReadmeSamples::editorJsonParses()
{
    const QList<Sample> samples = samplesOf(readme(), QStringLiteral("### Driving Relive from an editor"));
    int parsed = 0;
    for (const Sample &sample : samples) {
        if (sample.language != QStringLiteral("json"))
            continue;
        QJsonParseError error;
        QJsonDocument::fromJson(sample.text.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QLatin1Char('\n') + sample.text));
        ++parsed;
    }
    QVERIFY(parsed > 0);
}

QTEST_MAIN(tst_ReadmeSamples)
#include "tst_readmesamples.moc"
