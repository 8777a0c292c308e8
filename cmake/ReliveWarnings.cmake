# relive_target_warnings(<target>...)
# The warnings every target of Relive's own is built with, with GCC and with Clang alike.
# Not part of the installed SDK: a workspace's plugins get only relive_add_plugin()'s flags.
function(relive_target_warnings)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    foreach(target IN LISTS ARGN)
      target_compile_options(${target} PRIVATE -Wall -Wextra)
    endforeach()
  endif()
endfunction()
