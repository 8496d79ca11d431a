# End-to-end tests: each tests/e2e/test_*.py runs the CLI and the PDF tools.
file(GLOB E2E_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.py)
foreach(t ${E2E_TESTS})
  get_filename_component(name ${t} NAME_WE)
  add_test(NAME e2e.${name}
    COMMAND python3 ${t} $<TARGET_FILE:carec-report>
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endforeach()
