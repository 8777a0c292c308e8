#pragma once

#include "relive/candidatebuild.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

#include <functional>

namespace Relive::App {

class CodeEditor;
class EditorArea;

/*!
 * Build While Typing: when typing in a modified C or C++ source pauses (pauseInterval()), its
 * unsaved text is built into a candidate generation (Relive::CandidateBuild), so that a save
 * of that text only has to swap it in. A key press cancels a running candidate. The
 * candidate's diagnostics are shown in the file's editor, marked as coming from the unsaved
 * text, and replaced at the next pause (or by the next build's).
 *
 * The candidate builder comes from the open workspace's session, through candidateSource(): a
 * workspace without a session (not trusted) builds nothing.
 */
class TypingBuild : public QObject
{
    Q_OBJECT

public:
    /*! Marks a diagnostic of the unsaved text. */
    static QString unsavedMarker();
    /*!
     * The pause, measured: key repeats and ordinary typing leave at most ~250 ms between keys
     * (bench/RESULTS.md), so 500 ms is a pause without starting a candidate per word.
     */
    static constexpr int defaultPauseMs = 500;

    explicit TypingBuild(EditorArea *editors, QObject *parent = nullptr);

    void setCandidateSource(std::function<Relive::CandidateBuild *()> source);
    /*! On by default (AppSettings::buildWhileTyping()); off cancels a running candidate. */
    void setEnabled(bool enabled);
    bool isEnabled() const;
    void setPauseInterval(int ms);
    int pauseInterval() const;
    /*! How many candidates a pause asked for. */
    int candidatesRequested() const;

Q_SIGNALS:
    /*! A candidate of \a path ended (Relive::CandidateBuild::finished()). */
    void candidateFinished(const QString &path, Relive::CandidateBuild::Outcome outcome);

private:
    void watch(CodeEditor *editor);
    void onTyped(CodeEditor *editor);
    void onPause();
    void onFinished(const QString &path, Relive::CandidateBuild::Outcome outcome);
    Relive::CandidateBuild *builder();

    EditorArea *m_editors;
    QTimer m_pause;
    QPointer<CodeEditor> m_typedIn;
    QPointer<Relive::CandidateBuild> m_connected;
    std::function<Relive::CandidateBuild *()> m_source;
    int m_requested = 0;
    bool m_enabled = true;
};

} // namespace Relive::App
