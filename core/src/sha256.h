#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

namespace Relive {

/*!
 * SHA-256 of a plugin image. Every reload hashes the whole artifact, debug info included
 * (often megabytes), so this uses OpenSSL's hardware-accelerated digest where Relive was built
 * with it; QCryptographicHash's portable code is several times slower.
 */
class Sha256
{
public:
    static QString hex(const QByteArray &data);
};

} // namespace Relive
