#include "sha256.h"

#if RELIVE_HAVE_OPENSSL
#include <openssl/evp.h>
#else
#include <QtCore/QCryptographicHash>
#endif

namespace Relive {

#if RELIVE_HAVE_OPENSSL
struct Sha256::Private
{
    Private() { EVP_DigestInit_ex(context, EVP_sha256(), nullptr); }
    ~Private() { EVP_MD_CTX_free(context); }
    EVP_MD_CTX *context = EVP_MD_CTX_new();
};
#else
struct Sha256::Private
{
    QCryptographicHash hash{QCryptographicHash::Sha256};
};
#endif

Sha256::Sha256()
    : d(new Private)
{
}

Sha256::~Sha256() = default;

void Sha256::addData(const char *data, qint64 length)
{
#if RELIVE_HAVE_OPENSSL
    EVP_DigestUpdate(d->context, data, size_t(length));
#else
    // In pieces an int can count (Qt 5).
    for (qint64 at = 0; at < length; at += 1 << 30) {
        const int piece = int(qMin(length - at, qint64(1) << 30));
        d->hash.addData(QByteArray::fromRawData(data + at, piece));
    }
#endif
}

QString Sha256::hexResult()
{
#if RELIVE_HAVE_OPENSSL
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(d->context, digest, &length) != 1)
        return QString();
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
#else
    return QString::fromLatin1(d->hash.result().toHex());
#endif
}

QString Sha256::hex(const QByteArray &data)
{
#if RELIVE_HAVE_OPENSSL
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.constData(), size_t(data.size()), digest, &length, EVP_sha256(), nullptr) == 1)
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
    return QString();
#else
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
#endif
}

} // namespace Relive
