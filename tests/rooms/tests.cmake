add_test(NAME rooms.includes
  COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/check_rooms.py
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
