/* Compiled into a stage library that has no sources yet. */
typedef int carec_empty_unit;
