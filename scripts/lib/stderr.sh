# Sourced by the launcher. The JVM prints "WARNING: Using incubator modules: jdk.incubator.vector" on standard error
# whenever that module is added, before main runs, and no flag silences it; `upload` (SIMD BLAKE3), `fl simulate` and
# `storage` (aggregation, hashing) add the module, so their standard error goes through this filter.
INCUBATOR_WARNING="WARNING: Using incubator modules: jdk.incubator.vector"

# Copies standard input to standard output without the incubator warning: lines up to it pass through as they are
# (the JVM's own, such as "Picked up JAVA_TOOL_OPTIONS"), the warning is dropped, and everything after it is copied
# by cat as it comes, so progress lines redrawn with a carriage return keep showing and an identical line printed
# later by the program stays. Input that never holds the warning passes through whole, line by line.
drop_incubator_warning() {
  local line
  while IFS= read -r line; do
    [ "$line" = "$INCUBATOR_WARNING" ] && exec cat
    printf '%s\n' "$line"
  done
  printf '%s' "$line"
}
