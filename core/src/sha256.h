#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <memory>

namespace Relive {

/*!
 * SHA-256 of a plugin image. Every reload hashes the whole artifact, debug info included
 * (often megabytes), so this uses OpenSSL's hardware-accelerated digest where Relive was built
 * with it; QCryptographicHash's portable code is several times slower. An object hashes a
 * file piece by piece, as it streams through a buffer.
 */
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(const char *data, qint64 length);
    /*! The digest of what was added, in hex; ends the hashing. */
    QString hexResult();

    static QString hex(const QByteArray &data);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Relive
