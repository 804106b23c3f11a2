#!/usr/bin/env bash
# Fraction of objects moved when a third node joins a two-node cluster (R = 2), against the
# optimum R/(N+1): runs RebalanceIT (three real node processes) and prints its figure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
ops/granary test -q -pl archive-store -am -Dit.test=RebalanceIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
grep -h '^rebalance:' archive-store/target/failsafe-reports/*RebalanceIT-output.txt
