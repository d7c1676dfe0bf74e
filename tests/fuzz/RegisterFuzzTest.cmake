# ctest "fuzz_smoke": builds the libFuzzer targets with clang in BUILD/fuzz (once; later runs
# only rebuild what changed) and runs each for a few seconds from the seed corpus.
find_program(TIDEMARK_CLANGXX clang++)
if(TIDEMARK_CLANGXX)
  add_test(NAME fuzz_smoke
    COMMAND ${CMAKE_SOURCE_DIR}/scripts/fuzz.sh --build-dir ${CMAKE_BINARY_DIR}/fuzz
            --seconds 4 --jobs 2)
  set_tests_properties(fuzz_smoke PROPERTIES LABELS "reliability;fuzz" TIMEOUT 1800)
else()
  message(STATUS "clang++ not found: the fuzz_smoke test is not registered")
endif()
