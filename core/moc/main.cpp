// relive-moc: the moc that relive_add_plugin() gives AUTOMOC. See cachingmoc.h.
#include "cachingmoc.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments().mid(1);
    // The real moc is the one of the Qt this was built with, unless the caller names another.
    QString realMoc = QFile::decodeName(qgetenv("RELIVE_REAL_MOC"));
    if (realMoc.isEmpty())
        realMoc = QStringLiteral(RELIVE_REAL_MOC);
    return CachingMoc(realMoc, arguments).run();
}
