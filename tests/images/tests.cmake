# The generator of the synthetic images in tests/images/ (committed; run it
# again after changing it: make_fixtures tests/images). Built with the
# tests so that it keeps compiling.
add_executable(make_fixtures ${CMAKE_CURRENT_LIST_DIR}/make_fixtures.c)
target_link_libraries(make_fixtures PRIVATE PkgConfig::PNG PkgConfig::JPEG PkgConfig::ZLIB)
carec_warnings(make_fixtures)
