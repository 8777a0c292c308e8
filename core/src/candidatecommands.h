#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * The commands the real build runs for one source of a plugin, taken from the build folder:
 * its compile command from compile_commands.json, and the link command of the plugin that
 * uses its object, as Ninja would run it (`ninja -t query <object>`, `ninja -t commands -s
 * <target>`; the link only, without CMake's pre-link and post-build steps).
 */
struct CandidateCommands
{
    QString directory;      //!< where both run (the build folder)
    QStringList compile;    //!< program and arguments
    int launcherWords = 0;  //!< how many words of compile are the compiler launcher (ccache...)
    QString object;         //!< the object the compile writes, absolute
    QStringList link;       //!< program and arguments
    QString linkOutput;     //!< the file the link writes, absolute
    QStringList linkInputs; //!< the objects and archives the link reads, absolute, without our object

    bool isValid() const { return !compile.isEmpty() && !link.isEmpty(); }

    /*! The commands for \a source in \a buildDirectory; invalid with \a error saying why. */
    static CandidateCommands lookUp(const QString &buildDirectory, const QString &source, QString *error);

    /*!
     * The compile command for \a mainFile, a file of ours that includes \a copy (the name the
     * source's text is read under), writing \a object and \a depfile: debug info and __FILE__
     * name the real source for both, and quoted includes resolve from the real source's folder
     * first. Without a compiler launcher, should the command have one (CMake 3.25 writes none
     * into compile_commands.json): the object is never reused, and a cache miss costs.
     */
    QStringList compileCopy(const QString &source, const QString &mainFile, const QString &copy, const QString &object,
                            const QString &depfile) const;
    /*!
     * The precompiled header files the compile reads (clang's `-include-pch` file; the `.gch`
     * or `.pch` beside an `-include` header, as GCC finds it), absolute: a compiler started
     * ahead has read them before its text, and GCC's depfile does not list them.
     */
    QStringList precompiledHeaders() const;
    /*! The link command with \a object instead of the source's object, writing \a output. */
    QStringList linkCopy(const QString &object, const QString &output) const;
};

} // namespace Relive
