#!/usr/bin/env bash
# Fraction of objects moved when a third node joins a two-node cluster (R = 2), against the
# optimum R/(N+1): runs RebalanceIT (three real node processes) and prints its figure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
log=$(mktemp)
if ! ops/granary test -pl archive-store -am -Dit.test=RebalanceIT -Dtest=none \
        -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    tail -n 40 "$log"
    exit 1
fi
grep -h '^rebalance:' archive-store/target/failsafe-reports/*RebalanceIT-output.txt
rm -f "$log"
