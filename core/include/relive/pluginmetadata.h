#pragma once

#include "relive/failurekind.h"
#include "relive/relive_core_export.h"

#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * A plugin's embedded metadata, read without running any of its code, and the checks a
 * host makes before it lets the code run (docs/ARCHITECTURE.md rule 4).
 */
class RELIVE_CORE_EXPORT PluginMetadata
{
public:
    /*! Reads the file's Qt plugin metadata. On failure, returns an invalid object with errorString(). */
    static PluginMetadata read(const QString &path);
    /*! Interprets an object as returned by QPluginLoader::metaData(). */
    static PluginMetadata fromLoaderJson(const QJsonObject &loaderJson);

    /*! The Qt version this process runs (QT_VERSION form), from qVersion(). */
    static int hostQtVersion();

    /*! True for "1", "1.2", "1.2.3" and "1.2.3_4", like Qt Creator. */
    static bool isValidVersion(const QString &version);

    bool isQtPlugin() const { return !m_raw.isEmpty(); }
    QString errorString() const { return m_error; }
    /*! What kind of problem errorString() is: NotAQtPlugin or OtherQtVersion; None without one. */
    FailureKind errorKind() const { return m_errorKind; }

    /*!
     * Checks that the plugin may be loaded by a host that expects \a expectedIid and runs
     * Qt \a hostQtVersion (QT_VERSION form). Returns an empty string when it may, otherwise
     * a sentence that says what is wrong and what to do; \a kind (if given) says which kind of
     * problem it is (FailureKind::None when it may be loaded).
     */
    QString validate(const QString &expectedIid, int hostQtVersion, FailureKind *kind = nullptr) const;
    /*!
     * The same for a host that loads any of \a acceptedIids (its own first): judged for the
     * plugin's IID when it is one of them; otherwise FailureKind::WrongInterface, naming them all.
     * PluginHost::load() and relive-cli inspect judge by this one rule.
     */
    QString validate(const QStringList &acceptedIids, int hostQtVersion, FailureKind *kind = nullptr) const;

    QString iid() const;
    QString className() const;
    int qtVersion() const;            //!< QT_VERSION form, 0 if absent
    QString qtVersionString() const;  //!< "6.4.2"
    bool isDebugBuild() const;
    QJsonObject userMetaData() const; //!< the plugin's own JSON file
    QString name() const;
    QString version() const;
    QString compatVersion() const;    //!< defaults to version()
    QString vendor() const;
    QString description() const;
    QJsonObject raw() const { return m_raw; }

private:
    QString userString(const char *key) const;
    QString check(const QString &expectedIid, int hostQtVersion, FailureKind *kind) const;

    QJsonObject m_raw;
    QString m_error;
    FailureKind m_errorKind = FailureKind::None;
};

} // namespace Relive
