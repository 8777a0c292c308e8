// For the suites that run the real compilers on small broken sources: the sources in <tmp>/src,
// the tools run in <tmp>/build on ../src/<name>, as Ninja runs them in a build folder beside
// the sources (so the paths they print are relative to the build folder).
#pragma once

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>

#include <initializer_list>

namespace TestSupport {

struct Snippet
{
    const char *name;
    const char *text;
};

/*! How one run of a tool ended, and everything it printed (stdout and stderr merged). */
struct ToolRun
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString output;
    QString errorString; //!< why it did not finish
};

class SnippetFolder
{
public:
    /*! Writes \a snippets into src/ and makes build/; false, with \a why, when it cannot. */
    template<typename Snippets>
    bool create(const Snippets &snippets, QString *why)
    {
        if (!m_dir.isValid() || !QDir(m_dir.path()).mkpath(QStringLiteral("src"))
            || !QDir(m_dir.path()).mkpath(QStringLiteral("build"))) {
            *why = QStringLiteral("cannot make a temporary src/ and build/");
            return false;
        }
        m_src = QDir::cleanPath(m_dir.path() + QStringLiteral("/src"));
        m_build = QDir::cleanPath(m_dir.path() + QStringLiteral("/build"));
        for (const Snippet &snippet : snippets) {
            QFile file(sourcePath(QLatin1String(snippet.name)));
            if (!file.open(QIODevice::WriteOnly) || file.write(snippet.text) != qint64(qstrlen(snippet.text))) {
                *why = QStringLiteral("cannot write ") + file.fileName();
                return false;
            }
        }
        return true;
    }

    QString src() const { return m_src; }
    QString build() const { return m_build; }
    QString sourcePath(const QString &name) const { return m_src + QLatin1Char('/') + name; }

    /*! Runs \a program in build/ with LC_ALL=\a locale (English messages) and waits for it. */
    ToolRun run(const QString &program, const QStringList &arguments, const QString &locale = QStringLiteral("C")) const
    {
        QProcess process;
        process.setWorkingDirectory(m_build);
        process.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LC_ALL"), locale);
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        ToolRun run;
        run.finished = process.waitForFinished(120000);
        run.exitCode = process.exitCode();
        run.exitStatus = process.exitStatus();
        run.output = QString::fromUtf8(process.readAll());
        run.errorString = process.errorString();
        return run;
    }

private:
    QTemporaryDir m_dir;
    QString m_src;
    QString m_build;
};

} // namespace TestSupport
