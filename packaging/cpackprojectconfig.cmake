# Read by cpack before each generator runs (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_RELIVE_DEVELOPER_BUILD AND CPACK_GENERATOR MATCHES "^(DEB|RPM)$")
  message(FATAL_ERROR
    "This build tree is a developer build (RELIVE_DEVELOPER_BUILD=ON): its binaries would look for "
    "the Relive CMake package in the build tree. Make packages with: cmake --workflow --preset package")
endif()
