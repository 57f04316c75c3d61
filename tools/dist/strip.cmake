# SPDX-License-Identifier: MIT
# CPACK_PRE_BUILD_SCRIPTS (dist.cmake): strips the staged binaries the way Debian's dh_strip does,
# which also drops the .comment and .note sections CPACK_STRIP_FILES leaves (lintian:
# binary-has-unneeded-section).
file(GLOB_RECURSE _sx_bins "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/sbin/*")
foreach(_b ${_sx_bins})
  execute_process(COMMAND strip --remove-section=.comment --remove-section=.note
                          --strip-unneeded "${_b}" RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "strip ${_b} failed (${_rc})")
  endif()
endforeach()
