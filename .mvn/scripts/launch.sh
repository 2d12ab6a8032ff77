# Shared by ./lab, ./bench and ./exercise (sourced, not run): which java to use, the flags every
# program JVM gets, and building a module's runnable jar when it is missing or older than the
# sources. Each function takes the calling script's name for its messages ("lab: ...").
# The callers run under `set -euo pipefail`: nothing here pipes into a command that may stop
# reading early (such as head), which would end the writer with SIGPIPE, status 141.

# The project directory (where ./mvnw is), whatever directory the caller runs in.
launch_home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Flags of every program JVM: a NullPointerException thrown often inside Hibernate keeps its
# message and stack trace; logging goes through slf4j, quiet unless asked.
launch_jvm_flags=(-XX:-OmitStackTraceInFastThrow -Dorg.jboss.logging.provider=slf4j -Dstory.level=OFF -Dhibernate.level=OFF)

# launch_java NAME: sets java_cmd to $JAVA_HOME/bin/java, or java on the PATH; exits 2 with one
# line if there is none.
launch_java() {
  java_cmd=java
  if [ -n "${JAVA_HOME:-}" ]; then
    java_cmd="$JAVA_HOME/bin/java"
  fi
  if ! command -v "$java_cmd" >/dev/null 2>&1; then
    echo "$1: no Java found ($java_cmd): install a JDK, 17 or newer, or set JAVA_HOME to one" >&2
    exit 2
  fi
}

# launch_cleanup VAR: removes the temporary file named by $VAR when the script ends, normally,
# on an error (set -e), or on Ctrl-C or kill (which end it with 130 or 143, as usual).
launch_cleanup() {
  trap "rm -f \"\${$1:-}\"" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# launch_stale JAR: prints the first input of the build newer than JAR, or nothing: a pom.xml, or
# any file under a module's src/ (sources, and resources such as META-INF/services files and
# .properties, which the jar carries too). find stops at the first match itself (-quit): no
# `| head` to cut it short.
launch_stale() {
  (cd "$launch_home" && find . -path '*/target' -prune -o -path ./.git -prune -o -path ./docs -prune -o \
      -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$1" -print -quit)
}

# launch_build NAME WHAT JAR MODULE: builds MODULE (and what it needs) quietly when JAR is missing
# or stale. Maven's output goes to a temporary log, shown (its end) only if the build fails;
# the log is removed however the build ends.
launch_build() {
  local name=$1 what=$2 jar=$3 module=$4
  if [ -f "$jar" ] && [ -z "$(launch_stale "$jar")" ]; then
    return 0
  fi
  echo "$name: building $what (the first time takes a minute or two)..." >&2
  launch_log=$(mktemp)
  launch_cleanup launch_log
  if ! (cd "$launch_home" && ./mvnw -q -B -DskipTests package -pl "$module" -am) >"$launch_log" 2>&1; then
    tail -n 30 "$launch_log" >&2
    echo "$name: the build failed (above); run ./mvnw -DskipTests package -pl $module -am to see all of it" >&2
    exit 1
  fi
  # The caller goes on to exec java, which runs no EXIT trap: remove the log now.
  rm -f "$launch_log"
  trap - EXIT INT TERM
}
