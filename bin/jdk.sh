# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if recent enough, else the java on PATH, else the newest JDK under /usr/lib/jvm.
# Needs javac as well as java, since the scripts may build the project.

bw_java_major() {
  # prints the major version of the java binary given as $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' \
    | awk -F. '{ if ($1 == "1") print $2; else print $1 }' \
    | grep -E '^[0-9]+$' || echo 0
}

bw_is_jdk() {
  # $1: a JAVA_HOME candidate; true when it has java and javac of version >= 21
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] \
    && [ "$(bw_java_major "$1/bin/java")" -ge 21 ]
}

bw_find_jdk() {
  if bw_is_jdk "${JAVA_HOME:-}"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    local home
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if bw_is_jdk "$home"; then echo "$home"; return 0; fi
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    m=$(bw_java_major "$d/bin/java")
    if [ "$m" -gt "$best_major" ]; then best="$d"; best_major=$m; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  return 1
}

if ! BW_JDK=$(bw_find_jdk); then
  echo "blastwall: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
  exit 2
fi
export JAVA_HOME="$BW_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a recent JDK warns about sun.misc.Unsafe; the access is harmless, the noise is not.
if [ "$(bw_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
