# Stage a theme of reports/theme/ into the data folder (cmake -P):
#   cmake -DIN=reports/theme/carec.yaml -DOUT=STAGE/themes/carec.yaml -P StageTheme.cmake
# In the repository the theme names the fonts and the logo from
# reports/theme/ (../../fonts/, ../../assets/); in the data folder the fonts
# are in ../fonts/ and the logo is staged beside the theme. Line numbers
# stay as they are, so that a message points at the same line in both.
file(READ "${IN}" text)
string(REPLACE "../../fonts/" "../fonts/" text "${text}")
string(REPLACE "../../assets/" "" text "${text}")
string(FIND "${text}" "../../" left)
if(NOT left EQUAL -1)
  message(FATAL_ERROR "${IN} names a file by ../../ that the data folder "
    "does not have: stage it in CMakeLists.txt and add it here")
endif()
file(WRITE "${OUT}" "${text}")
