# relive_add_plugin(<target> SOURCES <src>... METADATA <file.json> [OUTPUT_DIRECTORY <dir>]
#                   [NO_PCH] [ALLOW_GNU_UNIQUE])
#
# Builds a Relive live plugin as a MODULE library with the flags that make reload correct:
#  - -fno-gnu-unique (GCC): STB_GNU_UNIQUE symbols pin a library in memory for good;
#  - hidden visibility: generations loaded side by side must not bind to each other;
# and the ones that make it fast: a precompiled header of the Qt headers in use.
# The artifact is published atomically: linked in a staging folder, then copied to a
# temporary name beside its final path and renamed over it, so a watching host never sees a
# half-written library (DESIGN.md rule 7).
#
# Uses ${RELIVE_QT_MAJOR} (5 or 6) to pick Qt; defaults to 6.

if(NOT DEFINED RELIVE_QT_MAJOR)
  set(RELIVE_QT_MAJOR 6)
endif()
set(_RELIVE_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(relive_add_plugin target)
  cmake_parse_arguments(ARG "NO_PCH;ALLOW_GNU_UNIQUE" "METADATA;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "relive_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT ARG_METADATA)
    message(FATAL_ERROR "relive_add_plugin(${target}): METADATA <file.json> is required")
  endif()
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/plugins")
  endif()
  if(NOT TARGET Qt${RELIVE_QT_MAJOR}::Widgets)
    find_package(Qt${RELIVE_QT_MAJOR} REQUIRED COMPONENTS Core Gui Widgets)
  endif()

  add_library(${target} MODULE ${ARG_SOURCES} ${ARG_METADATA})
  set_target_properties(${target} PROPERTIES
    AUTOMOC ON
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/.relive-staging")
  if(NOT CMAKE_CXX_STANDARD)
    target_compile_features(${target} PRIVATE cxx_std_17)
  endif()
  target_include_directories(${target} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")

  if(TARGET Relive::sdk)
    target_link_libraries(${target} PRIVATE Relive::sdk)
  endif()
  target_link_libraries(${target} PRIVATE Qt${RELIVE_QT_MAJOR}::Widgets)

  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT ARG_ALLOW_GNU_UNIQUE)
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  if(NOT ARG_NO_PCH)
    target_precompile_headers(${target} PRIVATE
      <QtCore/QObject> <QtCore/QString> <QtCore/QVariantMap> <QtCore/QtPlugin>
      <QtWidgets/QWidget>)
  endif()

  set(_final "${ARG_OUTPUT_DIRECTORY}/${target}${CMAKE_SHARED_MODULE_SUFFIX}")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory "${ARG_OUTPUT_DIRECTORY}"
    COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:${target}>" "${_final}.publishing"
    COMMAND ${CMAKE_COMMAND} -E rename "${_final}.publishing" "${_final}"
    VERBATIM)
  set_property(TARGET ${target} PROPERTY RELIVE_ARTIFACT "${_final}")
endfunction()
