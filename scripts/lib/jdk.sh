# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 25 or newer, or exits with advice.
chorus_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
chorus_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(chorus_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Chorus needs a JDK 25 or newer. Set JAVA_HOME to one, or install Temurin 25 (package temurin-25-jdk)." >&2
  exit 1
}
chorus_find_jdk
