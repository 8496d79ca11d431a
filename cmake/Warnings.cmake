# The project's warning set (see the code-style notes) and the sanitizer
# switch, applied to every target of ours through carec_warnings().
set(CAREC_WARNING_FLAGS
  -Wall -Wextra -pedantic      # the usual, plus ISO C conformance
  -Wstrict-prototypes          # f() must be f(void)
  -Wmissing-prototypes         # every non-static function has a header contract
  -Wshadow                     # no local hiding another name
  -Wwrite-strings              # string literals are const
  -Wvla                        # no stack arrays sized at run time
)

function(carec_warnings target)
  target_compile_options(${target} PRIVATE ${CAREC_WARNING_FLAGS})
  if(CAREC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CAREC_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
    # The arena hands out plain malloc blocks, so ASan sees every object.
    target_compile_definitions(${target} PRIVATE CAREC_ARENA_DEBUG=1)
  endif()
endfunction()
