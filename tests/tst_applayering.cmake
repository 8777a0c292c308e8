# tst_applayering: the app's parts depend on each other only as its architecture says, read
# from the #include "..." lines of its sources, so that the rule cannot rot unseen. Usage:
#   cmake -DAPP_DIR=<source>/app -P tst_applayering.cmake
#
# The groups are the folders of app/:
#   - editor/ and settings/ are the base: they include no other group;
#   - build/, pluginviews/, workspace/, recovery/, help/ and attach/ may include the base (and core), not each
#     other: what one of them needs from another reaches it through signals or a hook;
#   - the files at the root of app/ (MainWindow, main.cpp) connect the groups; no group
#     includes them.
# And no file pair (foo.h with foo.cpp) includes itself through others: a cycle is an error
# even inside a group, and an include from either file of a pair counts.
cmake_minimum_required(VERSION 3.21)

if(NOT APP_DIR OR NOT IS_DIRECTORY "${APP_DIR}")
  message(FATAL_ERROR "tst_applayering: give the app's source folder: cmake -DAPP_DIR=<source>/app -P ${CMAKE_CURRENT_LIST_FILE}")
endif()

set(base_groups editor settings)
set(feature_groups build pluginviews workspace recovery help attach)

file(GLOB_RECURSE sources RELATIVE "${APP_DIR}" "${APP_DIR}/*.h" "${APP_DIR}/*.cpp")
list(SORT sources)
set(errors "")
set(components "")
set(group_edges "")

# The group of a path inside app/: its first folder, "root" for a file at the top.
function(group_of path out)
  string(FIND "${path}" "/" slash)
  if(slash LESS 0)
    set(${out} root PARENT_SCOPE)
  else()
    string(SUBSTRING "${path}" 0 ${slash} group)
    set(${out} ${group} PARENT_SCOPE)
  endif()
endfunction()

foreach(source IN LISTS sources)
  group_of("${source}" group)
  if(NOT group STREQUAL "root" AND NOT group IN_LIST base_groups AND NOT group IN_LIST feature_groups)
    list(APPEND errors "${source}: app/${group}/ is a group this rule does not know: add it to base_groups or feature_groups in tst_applayering.cmake")
  endif()
  string(REGEX REPLACE "\\.(h|cpp)$" "" component "${source}")
  list(APPEND components "${component}")
  file(STRINGS "${APP_DIR}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" included "${line}")
    if(NOT EXISTS "${APP_DIR}/${included}")
      continue() # core's relive/..., or a header of a library
    endif()
    group_of("${included}" target_group)
    string(REGEX REPLACE "\\.(h|cpp)$" "" target "${included}")
    if(NOT target STREQUAL component)
      list(APPEND "edges_${component}" "${target}")
    endif()
    if(group STREQUAL target_group OR group STREQUAL "root")
      continue()
    endif()
    list(APPEND group_edges "${group} -> ${target_group}")
    if(target_group STREQUAL "root")
      list(APPEND errors "${source} includes ${included}: the root of app/ connects the groups, no group includes it")
    elseif(group IN_LIST base_groups)
      list(APPEND errors "${source} includes ${included}: ${group}/ is a base group and includes no other group; invert the dependency (a signal, a hook, a small interface)")
    elseif(NOT target_group IN_LIST base_groups)
      list(APPEND errors "${source} includes ${included}: ${group}/ and ${target_group}/ do not include each other; let MainWindow connect them (signals, a hook)")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES components)

list(REMOVE_DUPLICATES group_edges)
foreach(edge IN LISTS group_edges)
  message(STATUS "group edge: ${edge}")
endforeach()

# Cycles: take away, again and again, every file pair whose includes are all taken away already;
# what is left includes itself through others.
set(remaining ${components})
set(changed TRUE)
while(changed)
  set(changed FALSE)
  foreach(component IN LISTS remaining)
    set(blocked FALSE)
    foreach(target IN LISTS "edges_${component}")
      if(target IN_LIST remaining)
        set(blocked TRUE)
        break()
      endif()
    endforeach()
    if(NOT blocked)
      list(REMOVE_ITEM remaining "${component}")
      set(changed TRUE)
    endif()
  endforeach()
endwhile()
if(remaining)
  # Every file pair left includes one that is left: follow those includes until one repeats.
  list(GET remaining 0 node)
  set(path "")
  while(NOT node IN_LIST path)
    list(APPEND path "${node}")
    foreach(target IN LISTS "edges_${node}")
      if(target IN_LIST remaining)
        set(node "${target}")
        break()
      endif()
    endforeach()
  endwhile()
  list(FIND path "${node}" start)
  list(SUBLIST path ${start} -1 cycle)
  list(APPEND cycle "${node}")
  list(JOIN cycle " -> " shown)
  list(JOIN remaining ", " stuck)
  list(APPEND errors "include cycle: ${shown} (break it with a small interface, a signal, or by moving what both need into a file of its own); on or behind a cycle: ${stuck}")
endif()

list(LENGTH components count)
if(errors)
  list(JOIN errors "\n  " shown)
  message(FATAL_ERROR "The app's layering is broken:\n  ${shown}")
endif()
message(STATUS "app layering holds: ${count} file pairs, no forbidden include, no include cycle")
