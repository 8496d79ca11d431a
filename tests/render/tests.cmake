# src/render/ compiled against libharu 2.4-style headers (2.3's as
# installed, edited where 2.4's differ): see check_haru24.py.
add_test(NAME render.libharu24_headers
  COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/check_haru24.py
          ${CMAKE_C_COMPILER} ${LibHaru_INCLUDE_DIR}
          -std=c11 -Wall -Wextra -pedantic -Wstrict-prototypes
          -Wmissing-prototypes -Wshadow -Wwrite-strings -Wvla -Werror
          -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700
          "-I$<JOIN:$<TARGET_PROPERTY:carec_render,INCLUDE_DIRECTORIES>,;-I>"
  COMMAND_EXPAND_LISTS)
