# Fuzz targets. Every target has a replay driver that runs its committed
# corpus as an ordinary test (any compiler). With -DCAREC_FUZZ=ON and clang
# the libFuzzer binaries fuzz_NAME are built too (see script/fuzz).
set(FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FUZZ_TARGETS yaml pipeline image svg)
foreach(t ${FUZZ_TARGETS})
  add_executable(replay_${t} ${FUZZ_DIR}/replay.c ${FUZZ_DIR}/fuzz_${t}.c
                 ${FUZZ_DIR}/fuzz_common.c)
  target_include_directories(replay_${t} PRIVATE ${FUZZ_DIR})
  target_link_libraries(replay_${t} PRIVATE carec_pipeline)
  carec_warnings(replay_${t})
  add_test(NAME fuzz.replay_${t}
    COMMAND replay_${t} ${FUZZ_DIR}/corpus/${t}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(fuzz.replay_${t} PROPERTIES ENVIRONMENT CAREC_DATA_DIR=${CAREC_STAGE_DIR})
  if(CAREC_FUZZ)
    add_executable(fuzz_${t} ${FUZZ_DIR}/fuzz_${t}.c ${FUZZ_DIR}/fuzz_common.c)
    target_include_directories(fuzz_${t} PRIVATE ${FUZZ_DIR})
    target_link_libraries(fuzz_${t} PRIVATE carec_pipeline)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
