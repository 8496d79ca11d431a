# libharu ships no pkg-config file: find its header and library by hand.
# Defines LibHaru_FOUND, LibHaru_VERSION and the imported target LibHaru::LibHaru.
# 2.3 (Debian, Ubuntu) and 2.4 (upstream, Alpine) are both supported
# (src/render/pdf_haru.c); the backend needs their installed internal
# headers (hpdf_doc.h and the others), which both install.
find_path(LibHaru_INCLUDE_DIR hpdf.h)
find_library(LibHaru_LIBRARY NAMES hpdf libhpdf)

# The version from hpdf_version.h: 2.3 spells it out
# (HPDF_VERSION_TEXT "2.3.0"); 2.4 computes it from HPDF_MAJOR_VERSION,
# HPDF_MINOR_VERSION and HPDF_BUGFIX_VERSION, which both define.
function(_libharu_version header out)
  file(STRINGS "${header}" _lines REGEX "define HPDF_(MAJOR|MINOR|BUGFIX)_VERSION[ \t]+[0-9]+")
  set(_v "")
  foreach(_part MAJOR MINOR BUGFIX)
    string(REGEX MATCH "HPDF_${_part}_VERSION[ \t]+([0-9]+)" _m "${_lines}")
    if(NOT _m)
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    list(APPEND _v "${CMAKE_MATCH_1}")
  endforeach()
  string(REPLACE ";" "." _v "${_v}")
  set(${out} "${_v}" PARENT_SCOPE)
endfunction()

if(LibHaru_INCLUDE_DIR AND EXISTS "${LibHaru_INCLUDE_DIR}/hpdf_version.h")
  _libharu_version("${LibHaru_INCLUDE_DIR}/hpdf_version.h" LibHaru_VERSION)
endif()
foreach(_h hpdf_doc.h hpdf_objects.h hpdf_pages.h hpdf_font.h hpdf_fontdef.h hpdf_streams.h)
  if(LibHaru_INCLUDE_DIR AND NOT EXISTS "${LibHaru_INCLUDE_DIR}/${_h}")
    message(WARNING "libharu in ${LibHaru_INCLUDE_DIR} lacks ${_h}, which src/render/pdf_haru.c needs")
  endif()
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibHaru
  REQUIRED_VARS LibHaru_LIBRARY LibHaru_INCLUDE_DIR
  VERSION_VAR LibHaru_VERSION)
if(LibHaru_FOUND AND NOT TARGET LibHaru::LibHaru)
  add_library(LibHaru::LibHaru UNKNOWN IMPORTED)
  set_target_properties(LibHaru::LibHaru PROPERTIES
    IMPORTED_LOCATION "${LibHaru_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibHaru_INCLUDE_DIR}")
endif()
mark_as_advanced(LibHaru_INCLUDE_DIR LibHaru_LIBRARY)
