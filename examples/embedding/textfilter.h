// The example app's own plugin interface: a text filter. Nothing of Relive in it.
#pragma once

#include <QtCore/QString>
#include <QtCore/QtPlugin>

class TextFilter
{
public:
    virtual ~TextFilter() = default;
    /*! What the filter makes of \a text. */
    virtual QString apply(const QString &text) = 0;
};

#define TextFilter_iid "org.example.TextFilter/1.0"
Q_DECLARE_INTERFACE(TextFilter, TextFilter_iid)
