# cmake -DGZIP=<gzip> -DINPUT=<file> -DOUTPUT=<file.gz> -P gzip.cmake
# gzip -9n: no file name or time stamp in the header, so every build gives the same bytes.
execute_process(COMMAND "${GZIP}" -9 -n -c INPUT_FILE "${INPUT}" OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE _result)
if(NOT _result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "gzip ${INPUT}: ${_result}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
