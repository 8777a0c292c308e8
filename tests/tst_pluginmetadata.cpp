#include "requiretool.h"
#include "testsupport.h"

#include <relive/private/librarymappings.h>
#include <relive/liveplugin.h>
#include <relive/pluginmetadata.h>

#include <QtCore/QJsonArray>
#include <QtCore/QLibraryInfo>
#include <QtTest/QtTest>

using namespace Relive;
using namespace TestSupport;

namespace {
const QString platformIid = platformPluginIid();
} // namespace

class TestPluginMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionFormat_data();
    void versionFormat();
    void fixtures_data();
    void fixtures();
    void readingRunsNoCode();
    void notAPlugin_data();
    void notAPlugin();
    void qtCompatibility_data();
    void qtCompatibility();
    void numericVersionsInJson();
    void systemQtPlugin();
    void pluginOfTheOtherQtMajor();

private:
    BadInputs m_bad;
};

void TestPluginMetadata::initTestCase()
{
    QString why;
    QVERIFY2(m_bad.create(&why), qPrintable(why));
}

void TestPluginMetadata::versionFormat_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("valid");

    QTest::newRow("1") << QStringLiteral("1") << true;
    QTest::newRow("1.2") << QStringLiteral("1.2") << true;
    QTest::newRow("1.2.3") << QStringLiteral("1.2.3") << true;
    QTest::newRow("1.2.3_4") << QStringLiteral("1.2.3_4") << true;
    QTest::newRow("10.20.300_4000") << QStringLiteral("10.20.300_4000") << true;
    QTest::newRow("0.0.0") << QStringLiteral("0.0.0") << true;

    QTest::newRow("empty") << QString() << false;
    QTest::newRow("1.") << QStringLiteral("1.") << false;
    QTest::newRow("a") << QStringLiteral("a") << false;
    QTest::newRow("1.2.3.4") << QStringLiteral("1.2.3.4") << false;
    QTest::newRow("1_2") << QStringLiteral("1_2") << false;
    QTest::newRow("1.2.3_") << QStringLiteral("1.2.3_") << false;
    QTest::newRow("-1") << QStringLiteral("-1") << false;
    QTest::newRow(".1") << QStringLiteral(".1") << false;
    QTest::newRow("1..2") << QStringLiteral("1..2") << false;
    QTest::newRow("1.x") << QStringLiteral("1.x") << false;
    QTest::newRow("v1.2") << QStringLiteral("v1.2") << false;
    QTest::newRow("leading space") << QStringLiteral(" 1.2") << false;
    QTest::newRow("trailing newline") << QStringLiteral("1.2\n") << false;
    QTest::newRow("1.2.3_4_5") << QStringLiteral("1.2.3_4_5") << false;
}

void TestPluginMetadata::versionFormat()
{
    QFETCH(QString, version);
    QFETCH(bool, valid);
    QCOMPARE(PluginMetadata::isValidVersion(version), valid);
}

void TestPluginMetadata::fixtures_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("iid");
    QTest::addColumn<QString>("className");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("compatVersion");
    QTest::addColumn<QString>("problem"); // a phrase of validate()'s answer; empty: valid

    const QString relive = QStringLiteral(ReliveLivePlugin_iid);
    QTest::newRow("answer v1") << fixture("fixture_answer_v1") << relive << QStringLiteral("AnswerPlugin")
                               << QStringLiteral("answer") << QStringLiteral("1.0.0") << QStringLiteral("1.0.0") << QString();
    QTest::newRow("answer v2") << fixture("fixture_answer_v2") << relive << QStringLiteral("AnswerPlugin")
                               << QStringLiteral("answer") << QStringLiteral("2.0.0") << QStringLiteral("1.0.0") << QString();
    // No CompatVersion in its JSON: it defaults to the version.
    QTest::newRow("widget order") << fixture("fixture_widget_order") << relive << QStringLiteral("OrderPlugin")
                                  << QStringLiteral("order") << QStringLiteral("1.0.0") << QStringLiteral("1.0.0") << QString();
    QTest::newRow("other IID") << fixture("fixture_other_iid") << QStringLiteral("org.example.Other/1.0")
                               << QStringLiteral("OtherPlugin") << QStringLiteral("other") << QStringLiteral("1.0.0")
                               << QStringLiteral("1.0.0") << QStringLiteral("wrong plugin interface");
    QTest::newRow("no Name") << fixture("fixture_no_name") << relive << QStringLiteral("AnswerPlugin") << QString()
                             << QStringLiteral("4.0.0") << QStringLiteral("1.0.0") << QStringLiteral("has no \"Name\"");
    QTest::newRow("no Version") << fixture("fixture_no_version") << relive << QStringLiteral("AnswerPlugin")
                                << QStringLiteral("answer") << QString() << QStringLiteral("1.0.0")
                                << QStringLiteral("has no \"Version\"");
    QTest::newRow("malformed Version") << fixture("fixture_bad_version") << relive << QStringLiteral("AnswerPlugin")
                                       << QStringLiteral("answer") << QStringLiteral("1.x") << QStringLiteral("1.0.0")
                                       << QStringLiteral("malformed \"Version\" \"1.x\"");
}

void TestPluginMetadata::fixtures()
{
    QFETCH(QString, path);
    QFETCH(QString, iid);
    QFETCH(QString, className);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, compatVersion);
    QFETCH(QString, problem);

    const PluginMetadata metadata = PluginMetadata::read(path);
    QVERIFY2(metadata.isQtPlugin(), qPrintable(metadata.errorString()));
    QCOMPARE(metadata.errorString(), QString());
    QCOMPARE(metadata.iid(), iid);
    QCOMPARE(metadata.className(), className);
    QCOMPARE(metadata.name(), name);
    QCOMPARE(metadata.version(), version);
    QCOMPARE(metadata.compatVersion(), compatVersion);
    QCOMPARE(metadata.vendor(), QStringLiteral("Relive tests"));
    QVERIFY(metadata.description().startsWith(QStringLiteral("Test fixture")));
    QCOMPARE(metadata.userMetaData().value(QStringLiteral("License")).toString(), QStringLiteral("MIT"));
    // Built in this build, against the very Qt headers this test was compiled with. Qt 6
    // records only major.minor in a plugin (Qt 5 the patch level too).
    QCOMPARE(metadata.qtVersion() >> 8, QT_VERSION >> 8);
    QVERIFY2(metadata.qtVersionString().startsWith(QStringLiteral("%1.%2.").arg(QT_VERSION_MAJOR).arg(QT_VERSION_MINOR)),
             qPrintable(metadata.qtVersionString()));
#ifdef QT_NO_DEBUG
    QCOMPARE(metadata.isDebugBuild(), false);
#else
    QCOMPARE(metadata.isDebugBuild(), true);
#endif
    QCOMPARE(metadata.raw().value(QStringLiteral("IID")).toString(), iid);

    const QString verdict = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), QT_VERSION);
    if (problem.isEmpty())
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    else
        QVERIFY2(verdict.contains(problem), qPrintable(QStringLiteral("\"%1\" does not say \"%2\"").arg(verdict, problem)));
}

// Reading the metadata must not run the plugin's static constructors (rule 4).
void TestPluginMetadata::readingRunsNoCode()
{
    const QString path = fixture("fixture_unresolved");
    const PluginMetadata metadata = PluginMetadata::read(path);
    // A library with an unresolved symbol cannot be loaded at all: reading it proves it was not.
    QVERIFY2(metadata.isQtPlugin(), qPrintable(metadata.errorString()));
    QCOMPARE(metadata.name(), QStringLiteral("answer"));
    QCOMPARE(metadata.version(), QStringLiteral("7.0.0"));
    QVERIFY(!LibraryMappings::isMapped(path));

    qApp->setProperty("orderLog", QVariant());
    const PluginMetadata order = PluginMetadata::read(fixture("fixture_widget_order"));
    QCOMPARE(order.name(), QStringLiteral("order"));
    QCOMPARE(qApp->property("orderLog").toStringList(), QStringList());
}

void TestPluginMetadata::notAPlugin_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("missing") << m_bad.path("missing");
    QTest::newRow("directory") << m_bad.path("directory");
    QTest::newRow("empty") << m_bad.path("empty");
    QTest::newRow("random bytes") << m_bad.path("random bytes");
    QTest::newRow("libm") << m_bad.path("libm");
}

void TestPluginMetadata::notAPlugin()
{
    QFETCH(QString, path);
    const PluginMetadata metadata = PluginMetadata::read(path);
    QVERIFY(!metadata.isQtPlugin());
    QVERIFY2(metadata.errorString().contains(QStringLiteral("not a Qt plugin")), qPrintable(metadata.errorString()));
    QCOMPARE(metadata.iid(), QString());
    QCOMPARE(metadata.name(), QString());
    QCOMPARE(metadata.qtVersion(), 0);
    const QString verdict = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), QT_VERSION);
    QVERIFY(!verdict.isEmpty());
    QCOMPARE(verdict, metadata.errorString());
}

// The Qt version check, on metadata as QPluginLoader returns it, with the "version" changed.
void TestPluginMetadata::qtCompatibility_data()
{
    QTest::addColumn<int>("pluginQt");
    QTest::addColumn<int>("hostQt");
    QTest::addColumn<QString>("problem");

    QTest::newRow("same") << QT_VERSION_CHECK(6, 4, 2) << QT_VERSION_CHECK(6, 4, 2) << QString();
    QTest::newRow("older minor") << QT_VERSION_CHECK(6, 2, 0) << QT_VERSION_CHECK(6, 4, 2) << QString();
    QTest::newRow("newer patch") << QT_VERSION_CHECK(6, 4, 3) << QT_VERSION_CHECK(6, 4, 2) << QString();
    QTest::newRow("newer minor") << QT_VERSION_CHECK(6, 5, 0) << QT_VERSION_CHECK(6, 4, 2)
                                 << QStringLiteral("built with Qt 6.5.0, newer than this host's Qt 6.4.2");
    QTest::newRow("Qt 5 plugin, Qt 6 host") << QT_VERSION_CHECK(5, 15, 8) << QT_VERSION_CHECK(6, 4, 2)
                                            << QStringLiteral("built with Qt 5.15.8, but this host runs Qt 6.4.2");
    QTest::newRow("Qt 6 plugin, Qt 5 host") << QT_VERSION_CHECK(6, 4, 2) << QT_VERSION_CHECK(5, 15, 8)
                                            << QStringLiteral("built with Qt 6.4.2, but this host runs Qt 5.15.8");
}

void TestPluginMetadata::qtCompatibility()
{
    QFETCH(int, pluginQt);
    QFETCH(int, hostQt);
    QFETCH(QString, problem);

    QJsonObject json = PluginMetadata::read(fixture("fixture_answer_v1")).raw();
    QVERIFY(!json.isEmpty());
    json.insert(QStringLiteral("version"), pluginQt);
    const PluginMetadata metadata = PluginMetadata::fromLoaderJson(json);
    QVERIFY(metadata.isQtPlugin());
    QCOMPARE(metadata.qtVersion(), pluginQt);
    const QString verdict = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), hostQt);
    if (problem.isEmpty())
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    else
        QVERIFY2(verdict.contains(problem), qPrintable(QStringLiteral("\"%1\" does not say \"%2\"").arg(verdict, problem)));
}

// Hand-written JSON files often give versions as numbers.
void TestPluginMetadata::numericVersionsInJson()
{
    QJsonObject json = PluginMetadata::read(fixture("fixture_answer_v1")).raw();
    QJsonObject user = json.value(QStringLiteral("MetaData")).toObject();
    user.insert(QStringLiteral("Version"), 2);
    user.remove(QStringLiteral("CompatVersion"));
    json.insert(QStringLiteral("MetaData"), user);
    const PluginMetadata metadata = PluginMetadata::fromLoaderJson(json);
    QCOMPARE(metadata.version(), QStringLiteral("2"));
    QCOMPARE(metadata.compatVersion(), QStringLiteral("2"));
    QCOMPARE(metadata.validate(QStringLiteral(ReliveLivePlugin_iid), QT_VERSION), QString());

    QVERIFY(!PluginMetadata::fromLoaderJson(QJsonObject()).isQtPlugin());
    QVERIFY(PluginMetadata::fromLoaderJson(QJsonObject()).errorString().contains(QStringLiteral("not a Qt plugin")));
}

// A real Qt plugin of this Qt, which is not a Relive plugin.
void TestPluginMetadata::systemQtPlugin()
{
    const QString path = qtPluginsPath() + QStringLiteral("/platforms/libqoffscreen.so");
    QVERIFY2(QFileInfo::exists(path), qPrintable(path + QStringLiteral(" is missing, yet the tests run on it")));
    const PluginMetadata metadata = PluginMetadata::read(path);
    QVERIFY2(metadata.isQtPlugin(), qPrintable(metadata.errorString()));
    QCOMPARE(metadata.iid(), platformIid);
    QCOMPARE(metadata.className(), QStringLiteral("QOffscreenIntegrationPlugin"));
    QCOMPARE(metadata.qtVersion() >> 16, QT_VERSION_MAJOR);
    QVERIFY(metadata.userMetaData().value(QStringLiteral("Keys")).toArray().contains(QStringLiteral("offscreen")));
    QCOMPARE(metadata.name(), QString());

    const QString verdict = metadata.validate(QStringLiteral(ReliveLivePlugin_iid), QT_VERSION);
    QVERIFY2(verdict.contains(QStringLiteral("wrong plugin interface")), qPrintable(verdict));
    QVERIFY2(verdict.contains(platformIid), qPrintable(verdict));
    // Right interface, but not a Relive plugin all the same: it has no Name.
    const QString asPlatform = metadata.validate(platformIid, QT_VERSION);
    QVERIFY2(asPlatform.contains(QStringLiteral("has no \"Name\"")), qPrintable(asPlatform));
}

// The same plugin as built for the other Qt major, where the distribution ships it: a
// Qt 5 plugin in a Qt 6 host, or the reverse, must be refused for what it is.
void TestPluginMetadata::pluginOfTheOtherQtMajor()
{
    QString why;
    const QString path = otherMajorPlatformPlugin(&why);
    if (path.isEmpty())
        RELIVE_MISSING_TOOL(why);
    const int otherMajor = QT_VERSION_MAJOR == 6 ? 5 : 6;

    const PluginMetadata metadata = PluginMetadata::read(path);
    const QString verdict = metadata.validate(platformIid, QT_VERSION);
    QVERIFY2(verdict.contains(QStringLiteral("built with Qt %1.").arg(otherMajor)), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("rebuild it against Qt %1").arg(QT_VERSION_MAJOR)), qPrintable(verdict));
    if (metadata.isQtPlugin()) {
        QCOMPARE(metadata.iid(), platformIid);
        QCOMPARE(metadata.qtVersion() >> 16, otherMajor);
    }
}

QTEST_MAIN(TestPluginMetadata)
#include "tst_pluginmetadata.moc"
