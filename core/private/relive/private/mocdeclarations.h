#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QByteArray>

namespace Relive {

/*!
 * What moc can see of a C++ source: the source without the contents of its function bodies
 * and without comments.
 *
 * moc skips function bodies unread, so two sources with the same declarations give the same
 * moc output (with the same headers and options). Editing a function body, by far the most
 * common edit, then needs no moc run: relive-moc reuses the previous output.
 *
 * A brace opens a function body when the token before it is ")" or a function qualifier
 * (const, override, final, noexcept, volatile, mutable, "&", "&&"). Any other brace (class,
 * namespace, enum, initializer) is kept with its contents, which only costs a moc run.
 * A preprocessor directive inside a function body could change which braces moc pairs up:
 * such a source is not cacheable at all.
 */
class RELIVE_CORE_EXPORT MocDeclarations
{
public:
    explicit MocDeclarations(const QByteArray &source);

    /*! The declarations; empty when !isCacheable(). */
    QByteArray text() const;
    /*! False when the declarations could not be told apart safely: run moc. */
    bool isCacheable() const;

private:
    void scan(const QByteArray &source);

    QByteArray m_text;
    bool m_cacheable = true;
};

} // namespace Relive
