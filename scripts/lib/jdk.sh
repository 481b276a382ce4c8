# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 25 or newer, or exits with advice.
# The JDK's release file answers without starting a JVM (which costs a short CLI command a third of its time).
chorus_java_major() {
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
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
