# Sourced by the project's scripts: installs Debian packages the tests need, when they are missing.
chorus_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}
CHORUS_APT_UPDATED=
chorus_apt_install() {
  echo "Installing Debian packages: $*"
  if [ -z "$CHORUS_APT_UPDATED" ]; then
    chorus_as_root apt-get update -qq >/dev/null
    CHORUS_APT_UPDATED=1
  fi
  chorus_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
# chorus_need COMMAND PACKAGE ...: installs PACKAGE when COMMAND is not on the PATH.
chorus_need() {
  local missing=() cmd pkg
  while [ $# -ge 2 ]; do
    cmd=$1; pkg=$2; shift 2
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || chorus_apt_install "${missing[@]}"
}
# chorus_need_python MODULE PACKAGE ...: installs PACKAGE when Debian's /usr/bin/python3 cannot import MODULE
# (Debian's python3-* packages install for that interpreter, whatever python3 is first on the PATH).
chorus_need_python() {
  local missing=() module pkg
  while [ $# -ge 2 ]; do
    module=$1; pkg=$2; shift 2
    /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || chorus_apt_install "${missing[@]}"
}
