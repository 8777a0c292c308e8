#pragma once

#include "editor/closeanswer.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive::App {

/*!
 * The modal questions of the EditorArea, its default hooks. Kept apart from the area's logic,
 * which tests drive through hooks instead.
 */
namespace EditorDialogs {
/*! A modified buffer's file changed on disk: true to reload it, losing the changes. */
bool askReload(QWidget *parent, const QString &path);
/*! A modified buffer is being closed: save, discard or keep it open. */
CloseAnswer askClose(QWidget *parent, const QString &path);
/*! Files with unsaved changes (\a paths) are about to be closed by \a action: save all, discard, or cancel. */
CloseAnswer askUnsaved(QWidget *parent, const QString &action, const QStringList &paths);
} // namespace EditorDialogs

} // namespace Relive::App
