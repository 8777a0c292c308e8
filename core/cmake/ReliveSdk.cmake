# relive_add_plugin(<target> SOURCES <src>... METADATA <file.json> [OUTPUT_DIRECTORY <dir>]
#                   [NO_PCH] [ALLOW_GNU_UNIQUE] [NO_WIDGETS])
#
# NO_WIDGETS: a plugin of QtCore only (an app's own interface, with Relive::LiveState for its
# state): it links QtCore alone, and its precompiled header has no QtWidgets. Such plugins share
# a PCH of their own (relive_pch_core), apart from the one of the widget plugins.
#
# Builds a Relive live plugin as a MODULE library with the flags that make reload correct:
#  - -fno-gnu-unique (GCC): STB_GNU_UNIQUE symbols pin a library in memory for good;
#  - hidden visibility: generations loaded side by side must not bind to each other;
# and the ones that make it fast: a precompiled header of the Qt headers in use.
#
# The precompiled header is built once per project when it can be: the plugins whose compile
# settings are those of the project's top directory reuse the PCH of an internal object
# library, relive_pch, compiled with the same flags (checked at the end of the configure,
# when every plugin's settings are known). A plugin with settings of its own (definitions,
# options, standard, CMAKE_CXX_FLAGS of its folder...) gets a PCH of its own: a PCH made with
# other flags is rejected by GCC and an error for Clang. Options:
#  - RELIVE_PCH (ON): precompiled headers at all; NO_PCH turns them off for one plugin;
#  - RELIVE_SHARED_PCH (ON): share them as above, else one per plugin.
#  - RELIVE_CACHING_MOC (ON): AUTOMOC runs relive-moc, which skips moc when an edit changed only
#    function bodies (its output cannot change then).
#  - RELIVE_PCH_HEADERS (common): the precompiled Qt headers: common, minimal or module.
#  - RELIVE_DEBUG_INFO (lines): lines, full, none or default (README, "Writing a plugin").
#
# The artifact is published atomically: linked in a staging folder, then copied to a
# temporary name beside its final path and renamed over it, so a watching host never sees a
# half-written library (docs/ARCHITECTURE.md rule 7); one `cmake -P` of this file does it.
#
# Uses ${RELIVE_QT_MAJOR} (5 or 6) to pick Qt; defaults to 6.

# Script mode (cmake -DRELIVE_PUBLISH_FROM=<staged> -DRELIVE_PUBLISH_TO=<final> -P ReliveSdk.cmake):
# a plugin's publish step in one process, where three `cmake -E` calls took ~130 ms.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED RELIVE_PUBLISH_TO)
  get_filename_component(_folder "${RELIVE_PUBLISH_TO}" DIRECTORY)
  file(MAKE_DIRECTORY "${_folder}")
  file(COPY_FILE "${RELIVE_PUBLISH_FROM}" "${RELIVE_PUBLISH_TO}.publishing")
  file(RENAME "${RELIVE_PUBLISH_TO}.publishing" "${RELIVE_PUBLISH_TO}")
  return()
endif()

if(NOT DEFINED RELIVE_QT_MAJOR)
  set(RELIVE_QT_MAJOR 6)
endif()
set_property(GLOBAL PROPERTY _RELIVE_SDK_FILE "${CMAKE_CURRENT_LIST_FILE}")
option(RELIVE_PCH "relive_add_plugin: precompile the Qt headers plugins include" ON)
option(RELIVE_SHARED_PCH "relive_add_plugin: one precompiled header for all plugins that allow it" ON)
option(RELIVE_CACHING_MOC "relive_add_plugin: skip moc when an edit cannot change its output (relive-moc)" ON)
set(RELIVE_PCH_HEADERS "common" CACHE STRING
    "relive_add_plugin: the precompiled Qt headers: common (the widgets, layouts and core classes plugins use), minimal (QObject, QString, QWidget...), module (all of QtWidgets)")
set_property(CACHE RELIVE_PCH_HEADERS PROPERTY STRINGS common minimal module)
set(RELIVE_DEBUG_INFO "lines" CACHE STRING
    "relive_add_plugin: plugins' debug info: lines (file, line and function: -gline-tables-only with clang, -g1 with GCC), full (-g), none (-g0), or default (the build type's flags)")
set_property(CACHE RELIVE_DEBUG_INFO PROPERTY STRINGS lines full none default)

# Functions, not variables: the deferred call below runs in the top folder, which need not
# see variables set where the SDK was included.
function(_relive_precompile_headers target)
  # A plugin without widgets (relive_add_plugin(... NO_WIDGETS)) links QtCore only, so its
  # precompiled header holds QtCore headers only, whatever the setting.
  get_target_property(_no_widgets ${target} RELIVE_NO_WIDGETS)
  if(_no_widgets)
    target_precompile_headers(${target} PRIVATE
      <QtCore/QObject> <QtCore/QString> <QtCore/QVariantMap> <QtCore/QtPlugin>
      <QtCore/QTimer> <QtCore/QElapsedTimer>)
  elseif(RELIVE_PCH_HEADERS STREQUAL "minimal")
    target_precompile_headers(${target} PRIVATE
      <QtCore/QObject> <QtCore/QString> <QtCore/QVariantMap> <QtCore/QtPlugin>
      <QtWidgets/QWidget>)
  elseif(RELIVE_PCH_HEADERS STREQUAL "module")
    target_precompile_headers(${target} PRIVATE <QtCore/QtPlugin> <QtWidgets/QtWidgets>)
  else()
    target_precompile_headers(${target} PRIVATE
      <QtCore/QObject> <QtCore/QString> <QtCore/QVariantMap> <QtCore/QtPlugin>
      <QtCore/QTimer> <QtCore/QElapsedTimer> <QtGui/QFontDatabase> <QtGui/QPainter>
      <QtWidgets/QWidget> <QtWidgets/QLabel> <QtWidgets/QPushButton> <QtWidgets/QBoxLayout>
      <QtWidgets/QGridLayout> <QtWidgets/QLineEdit> <QtWidgets/QCheckBox> <QtWidgets/QSpinBox>
      <QtWidgets/QListWidget>)
  endif()
  # Every plugin includes the SDK's interface, and most keep state in a QVariantMap: its
  # templates are instantiated here once, not in every compile (-fpch-instantiate-templates).
  if(TARGET Relive::sdk)
    if(_no_widgets)
      target_precompile_headers(${target} PRIVATE <relive/livestate.h> <relive/precompiledtemplates.h>)
    else()
      target_precompile_headers(${target} PRIVATE <relive/liveplugin.h> <relive/precompiledtemplates.h>)
    endif()
  endif()
endfunction()

# The compile settings that must be equal for a plugin to reuse relive_pch.
function(_relive_pch_settings target out)
  set(_settings)
  foreach(_property COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FLAGS COMPILE_FEATURES
                    CXX_STANDARD CXX_STANDARD_REQUIRED CXX_EXTENSIONS
                    CXX_VISIBILITY_PRESET VISIBILITY_INLINES_HIDDEN INTERPROCEDURAL_OPTIMIZATION)
    get_target_property(_value ${target} ${_property})
    string(APPEND _settings "${_property}=${_value};")
  endforeach()
  # CMAKE_CXX_FLAGS* are per folder: what they are at the end of the plugin's folder counts.
  get_target_property(_folder ${target} SOURCE_DIR)
  foreach(_variable CMAKE_CXX_FLAGS CMAKE_CXX_FLAGS_DEBUG CMAKE_CXX_FLAGS_RELEASE
                    CMAKE_CXX_FLAGS_RELWITHDEBINFO CMAKE_CXX_FLAGS_MINSIZEREL CMAKE_BUILD_TYPE)
    get_directory_property(_value DIRECTORY "${_folder}" DEFINITION ${_variable})
    string(APPEND _settings "${_variable}=${_value};")
  endforeach()
  set(${out} "${_settings}" PARENT_SCOPE)
endfunction()

# The compile option of RELIVE_DEBUG_INFO. Given after the build type's flags, so it wins.
function(_relive_debug_info_option out)
  set(_option)
  if(RELIVE_DEBUG_INFO STREQUAL "lines")
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      set(_option -gline-tables-only)
    else()
      set(_option -g1)
    endif()
  elseif(RELIVE_DEBUG_INFO STREQUAL "full")
    set(_option -g)
  elseif(RELIVE_DEBUG_INFO STREQUAL "none")
    set(_option -g0)
  elseif(NOT RELIVE_DEBUG_INFO STREQUAL "default")
    message(FATAL_ERROR "RELIVE_DEBUG_INFO is '${RELIVE_DEBUG_INFO}': use lines, full, none or default")
  endif()
  set(${out} "${_option}" PARENT_SCOPE)
endfunction()

# What relive_add_plugin() sets on a plugin's compile, and relive_pch has the same.
function(_relive_plugin_compile_settings target allow_gnu_unique)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT CMAKE_CXX_STANDARD)
    target_compile_features(${target} PRIVATE cxx_std_17)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT allow_gnu_unique)
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  _relive_debug_info_option(_debug)
  if(_debug)
    target_compile_options(${target} PRIVATE ${_debug})
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # A PCH without the headers' timestamps is the same file on every build: ccache can then
    # cache it and every compile that uses it.
    target_compile_options(${target} PRIVATE "SHELL:-Xclang -fno-pch-timestamp")
  endif()
endfunction()

# AUTOMOC reruns moc on every edit of a file with Q_OBJECT, and moc rereads every Qt header it
# includes: longer than the compile itself. relive-moc skips it when only function bodies
# changed. Only from the package (Relive::moc imported); in the Relive tree plain moc runs.
function(_relive_use_caching_moc target)
  if(NOT RELIVE_CACHING_MOC OR NOT TARGET Relive::moc)
    return()
  endif()
  get_target_property(_imported Relive::moc IMPORTED)
  if(_imported)
    get_target_property(_moc Relive::moc LOCATION)
    set_target_properties(${target} PROPERTIES AUTOMOC_EXECUTABLE "${_moc}")
  endif()
endfunction()

# Deferred to the end of the top folder: creates relive_pch there (relive_pch_core for the
# NO_WIDGETS plugins), with the flags a plugin gets, and lets each plugin with the same settings
# reuse its precompiled header.
function(_relive_finish_pch)
  get_property(_plugins GLOBAL PROPERTY _RELIVE_PCH_PLUGINS)
  get_property(_core_plugins GLOBAL PROPERTY _RELIVE_PCH_CORE_PLUGINS)
  if(_plugins)
    _relive_shared_pch(relive_pch FALSE "${_plugins}")
  endif()
  if(_core_plugins)
    _relive_shared_pch(relive_pch_core TRUE "${_core_plugins}")
  endif()
endfunction()

function(_relive_shared_pch pch no_widgets plugins)
  get_property(_qt GLOBAL PROPERTY _RELIVE_PCH_QT_MAJOR)
  set(_qt_library Qt${_qt}::Widgets)
  if(no_widgets)
    set(_qt_library Qt${_qt}::Core)
  endif()
  if(NOT TARGET ${_qt_library} AND no_widgets)
    find_package(Qt${_qt} REQUIRED COMPONENTS Core)
  elseif(NOT TARGET ${_qt_library})
    find_package(Qt${_qt} REQUIRED COMPONENTS Core Gui Widgets)
  endif()
  set(_source "${CMAKE_BINARY_DIR}/.relive-pch/${pch}.cpp")
  if(NOT EXISTS "${_source}")
    file(WRITE "${_source}" "// The object library that holds a shared precompiled header of relive_add_plugin().\n")
  endif()
  add_library(${pch} OBJECT EXCLUDE_FROM_ALL "${_source}")
  set_target_properties(${pch} PROPERTIES POSITION_INDEPENDENT_CODE ON AUTOMOC OFF RELIVE_NO_WIDGETS ${no_widgets})
  _relive_plugin_compile_settings(${pch} FALSE)
  if(TARGET Relive::sdk)
    target_link_libraries(${pch} PRIVATE Relive::sdk)
  endif()
  target_link_libraries(${pch} PRIVATE ${_qt_library})
  _relive_precompile_headers(${pch})
  _relive_pch_settings(${pch} _shared)
  foreach(_plugin IN LISTS plugins)
    _relive_pch_settings(${_plugin} _own)
    get_target_property(_reused ${_plugin} PRECOMPILE_HEADERS_REUSE_FROM)
    get_target_property(_headers ${_plugin} PRECOMPILE_HEADERS)
    if(_reused)
      # The workspace chose a PCH to reuse itself.
    elseif(_headers OR NOT _own STREQUAL _shared)
      _relive_precompile_headers(${_plugin})
    else()
      target_precompile_headers(${_plugin} REUSE_FROM ${pch})
    endif()
  endforeach()
endfunction()

# AUTOUIC regenerates ui_<form>.h inside the autogen step, but CMake declares that header to
# Ninja under another path when the form sits in a subfolder of the target's directory
# (include/<subfolder>/ui_<form>.h): Ninja then decides that the sources including it are up to
# date before the header changes, and a form edit needs two builds to reach the plugin. Every
# C++ source of the plugin depends on its forms directly, so one build does it.
function(_relive_depend_on_forms sources)
  set(_forms)
  set(_compiled)
  foreach(_source IN LISTS sources)
    if(_source MATCHES "^\\$<")
      continue()
    endif()
    get_filename_component(_absolute "${_source}" ABSOLUTE)
    if(_source MATCHES "\\.ui$")
      list(APPEND _forms "${_absolute}")
    elseif(_source MATCHES "\\.(cpp|cxx|cc|c\\+\\+|C)$")
      list(APPEND _compiled "${_source}")
    endif()
  endforeach()
  if(_forms AND _compiled)
    set_property(SOURCE ${_compiled} APPEND PROPERTY OBJECT_DEPENDS ${_forms})
  endif()
endfunction()

function(relive_add_plugin target)
  cmake_parse_arguments(ARG "NO_PCH;ALLOW_GNU_UNIQUE;NO_WIDGETS" "METADATA;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "relive_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT ARG_METADATA)
    message(FATAL_ERROR "relive_add_plugin(${target}): METADATA <file.json> is required")
  endif()
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/plugins")
  endif()
  set(_qt_library Qt${RELIVE_QT_MAJOR}::Widgets)
  if(ARG_NO_WIDGETS)
    set(_qt_library Qt${RELIVE_QT_MAJOR}::Core)
  endif()
  if(NOT TARGET ${_qt_library})
    if(ARG_NO_WIDGETS)
      find_package(Qt${RELIVE_QT_MAJOR} REQUIRED COMPONENTS Core)
    else()
      find_package(Qt${RELIVE_QT_MAJOR} REQUIRED COMPONENTS Core Gui Widgets)
    endif()
  endif()

  add_library(${target} MODULE ${ARG_SOURCES} ${ARG_METADATA})
  set_target_properties(${target} PROPERTIES RELIVE_NO_WIDGETS "${ARG_NO_WIDGETS}")
  # A form or a resource file among the sources is meant to be used: without AUTOUIC the
  # plugin's #include "ui_<form>.h" fails with "file not found", and nothing says why. Only
  # turned on: a CMAKE_AUTOUIC/AUTORCC of the user's own stays as it is.
  if(ARG_SOURCES MATCHES "\\.ui(;|$)")
    set_target_properties(${target} PROPERTIES AUTOUIC ON)
  endif()
  if(ARG_SOURCES MATCHES "\\.qrc(;|$)")
    set_target_properties(${target} PROPERTIES AUTORCC ON)
  endif()
  _relive_depend_on_forms("${ARG_SOURCES}")
  set_target_properties(${target} PROPERTIES
    AUTOMOC ON
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/.relive-staging")
  _relive_plugin_compile_settings(${target} "${ARG_ALLOW_GNU_UNIQUE}")
  _relive_use_caching_moc(${target})
  target_include_directories(${target} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  # Every generation names its code: the host records the build-id (ModuleRecord::buildId).
  target_link_options(${target} PRIVATE "LINKER:--build-id")

  if(TARGET Relive::sdk)
    target_link_libraries(${target} PRIVATE Relive::sdk)
  endif()
  target_link_libraries(${target} PRIVATE ${_qt_library})

  if(RELIVE_PCH AND NOT ARG_NO_PCH)
    if(RELIVE_SHARED_PCH AND NOT CMAKE_VERSION VERSION_LESS 3.19)
      if(ARG_NO_WIDGETS)
        set_property(GLOBAL APPEND PROPERTY _RELIVE_PCH_CORE_PLUGINS ${target})
      else()
        set_property(GLOBAL APPEND PROPERTY _RELIVE_PCH_PLUGINS ${target})
      endif()
      get_property(_deferred GLOBAL PROPERTY _RELIVE_PCH_DEFERRED)
      if(NOT _deferred)
        set_property(GLOBAL PROPERTY _RELIVE_PCH_DEFERRED TRUE)
        set_property(GLOBAL PROPERTY _RELIVE_PCH_QT_MAJOR ${RELIVE_QT_MAJOR})
        cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _relive_finish_pch)
      endif()
    else()
      _relive_precompile_headers(${target})
    endif()
  endif()

  set(_final "${ARG_OUTPUT_DIRECTORY}/${target}${CMAKE_SHARED_MODULE_SUFFIX}")
  get_property(_sdk GLOBAL PROPERTY _RELIVE_SDK_FILE)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} "-DRELIVE_PUBLISH_FROM=$<TARGET_FILE:${target}>" "-DRELIVE_PUBLISH_TO=${_final}"
            -P "${_sdk}"
    VERBATIM)
  set_property(TARGET ${target} PROPERTY RELIVE_ARTIFACT "${_final}")
endfunction()
