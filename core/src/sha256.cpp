#include "sha256.h"

#if RELIVE_HAVE_OPENSSL
#include <openssl/evp.h>
#else
#include <QtCore/QCryptographicHash>
#endif

namespace Relive {

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
