#pragma once

namespace Relive::App {

/*!
 * What to do with a modified buffer whose tab is being closed. Its own header: the area asks
 * the question (EditorArea::setCloseQuestion()) and its default dialog answers it
 * (EditorDialogs::askClose()), and neither needs the other for it.
 */
enum class CloseAnswer { Save, Discard, Cancel };

} // namespace Relive::App
