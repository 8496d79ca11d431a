# Golden diagnostics: one test per tests/diag/*.yaml that has a .expected,
# and one of --diagnostics-format json per case with a .expected.json.
file(GLOB DIAG_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.yaml)
foreach(case ${DIAG_CASES})
  get_filename_component(name ${case} NAME_WE)
  string(REGEX REPLACE "\\.yaml$" ".expected" expected ${case})
  if(EXISTS ${expected})
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${case})
    add_test(NAME diag.${name}
      COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/run_case.py $<TARGET_FILE:carec-report> ${rel}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endif()
  if(EXISTS ${expected}.json)
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${case})
    add_test(NAME diag-json.${name}
      COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/run_case.py $<TARGET_FILE:carec-report> ${rel} --json
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endif()
endforeach()
