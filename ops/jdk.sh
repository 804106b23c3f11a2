# Sourced by ops/granary and .ci/run, so that both find a JDK the same way.
#
# find_java_home [JVM_DIR] prints the first JDK (java and javac) of version 21 or newer among
# $JAVA_HOME, the JDK of the java on the PATH and JVM_DIR/* (default /usr/lib/jvm); without one it
# says where it looked on stderr and returns 1.

granary_minimum_java=21

# java_major JAVA: the feature version of that java (8 for 1.8, 21 for 21.0.5), or nothing.
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' \
        | sed 's/^1\.//' | cut -d. -f1
}

# is_new_enough_jdk DIR: DIR/bin has java and javac, and the java is recent enough.
is_new_enough_jdk() {
    local major
    [[ -n "$1" && -x "$1/bin/java" && -x "$1/bin/javac" ]] || return 1
    major=$(java_major "$1/bin/java")
    [[ "$major" =~ ^[0-9]+$ ]] && (( major >= granary_minimum_java ))
}

find_java_home() {
    local jvm_dir=${1:-/usr/lib/jvm} on_path="" candidate
    if command -v java >/dev/null 2>&1; then
        on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    for candidate in "${JAVA_HOME:-}" "$on_path" "$jvm_dir"/*; do
        if is_new_enough_jdk "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    echo "no JDK $granary_minimum_java or newer (java and javac) in \$JAVA_HOME (${JAVA_HOME:-unset}), on the PATH or in $jvm_dir" >&2
    return 1
}
