#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

/*!
 * relive-moc: moc, skipped when its output cannot have changed.
 *
 * CMake's AUTOMOC reruns moc whenever a source is newer than its output. moc then reads every
 * Qt header the source includes again (about 250 ms for a Widgets plugin, longer than
 * compiling the plugin with a precompiled header), although an edit inside a function body
 * cannot change its output. This wrapper runs the real moc, then records a fingerprint of
 * what moc read: its options, the source's declarations (Relive::MocDeclarations) and the
 * size and time of every header moc's dependency file names. When the fingerprint is the
 * same on the next run and the output is still the one moc wrote, moc is not run.
 *
 * Anything it cannot judge (no dependency file, an option file, a directive inside a
 * function body) simply runs moc.
 */
class CachingMoc
{
public:
    CachingMoc(const QString &realMoc, const QStringList &arguments);

    /*! Runs or skips moc; returns moc's exit status. */
    int run();

private:
    bool parseArguments();
    QByteArray fingerprint() const;
    bool recordMatches(const QByteArray &fingerprint) const;
    void writeRecord(const QByteArray &fingerprint) const;
    int runRealMoc() const;
    QString recordPath() const;

    QString m_realMoc;
    QStringList m_arguments;
    QString m_input;
    QString m_output;
    QString m_depFile;
};
