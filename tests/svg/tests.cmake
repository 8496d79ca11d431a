# Golden drawing dumps: every tests/svg/*.svg that has a .expected is
# parsed by svg_dump, whose output (diagnostics and shapes) must match.
add_executable(svg_dump ${CMAKE_CURRENT_LIST_DIR}/svg_dump.c)
carec_warnings(svg_dump)
target_link_libraries(svg_dump PRIVATE carec_svg m)
file(GLOB SVG_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.svg)
foreach(case ${SVG_CASES})
  get_filename_component(name ${case} NAME_WE)
  string(REGEX REPLACE "\\.svg$" ".expected" expected ${case})
  if(EXISTS ${expected})
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${case})
    add_test(NAME svg.${name}
      COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/run_svg.py $<TARGET_FILE:svg_dump> ${rel}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endif()
endforeach()
