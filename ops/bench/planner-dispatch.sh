#!/usr/bin/env bash
# Dispatch with the local executor and two workers: jobs per second from ready to succeeded, for a
# campaign of a no-op PGE whose jobs are all ready at once (from the campaign's creation to the last
# job's end, both by the database's clock), as a ratio to a Java loop starting the same no-op
# process and waiting for it from two threads (ProcessLoop.java), in the same run, alternating.
# Each job takes the real path: its one input (a small level-1B granule) staged from ingest, the PGE
# run as a process, its one tiny output pushed to ingest (R = 2, catalogued) and recorded. Also
# printed: where a job's time goes (mean ms per job, from its recorded transitions and the PGE's own
# end time, which it writes to its stdout log): claimed to running (workspace, staging, process
# start), the process itself, its end to the job's end (the push and the record), and the workers'
# idle share; and, as an estimate, the rate without the push.
# Campaigns of 200 jobs run first for a warm-up (default 180 s: the services' JVMs compile their hot
# code for minutes on two cores), not measured.
# With BENCH_JFR=<folder>, round 1 is recorded by JDK Flight Recorder in every service (<service>.jfr
# there, profile settings): a profile of where the CPU goes, at the cost of that round's figures.
# With the executor slurm, the jobs run on a one-node Slurm cluster of the benchmark's own (munged,
# slurmctld and slurmd in the platform's home, ports 28095 and 28096, as the planner's test fixture
# SlurmCluster starts them; root only), and the reference is `sbatch --wrap` of the same no-op in a
# shell loop, from the first submission to the last job's end (its own clock).
# Usage: ops/bench/planner-dispatch.sh [jobs] [rounds] [warm-up seconds] [local|slurm]
source "$(dirname "$0")/lib.sh"
jobs=${1:-1000}
rounds=${2:-3}
warmup_seconds=${3:-180}
executor=${4:-local}
warmup=$((jobs < 200 ? jobs : 200))
export GRANARY_PLANNER_WORKERS=2 GRANARY_PLANNER_EXECUTOR=$executor
if [[ $executor == slurm ]]; then
    source "$(dirname "$0")/slurm.sh"
    slurm_up "${GRANARY_BENCH_HOME:-$root/var/bench}-slurm"
    export GRANARY_PLANNER_SLURM_CONFIGURATION=$SLURM_CONF GRANARY_PLANNER_SLURM_PARTITION=granary
fi
bench_planner_up
[[ $executor == slurm ]] && trap 'bench_platform_down; slurm_down' EXIT
work="$GRANARY_HOME/bench-dispatch"
rm -rf "$work" && mkdir -p "$work"
logs="$GRANARY_HOME/services/planner/logs"

# The no-op PGE: one tiny output named as ingest expects, and its start and end times (bash's clock, no fork) on stdout.
# The output's content names its job: archive nodes keep one copy of equal content, and a real product is new.
pge="$work/noop-pge.sh"
cat > "$pge" <<'EOF'
#!/bin/bash
# <orbit> <start> <production> <output directory> <inputs...>
started=$EPOCHREALTIME
printf -v orbit %05d "$1"
printf 'OMTO3 of orbit %s, job %s\n' "$1" "${GRANARY_JOB_ID:-$$}" > "$4/OMI-Aura_L2-OMTO3_$2-o$orbit""_v003-$3.he5"
echo "$started $EPOCHREALTIME"
EOF
chmod +x "$pge"

# Inputs: one small level-1B granule per orbit, pushed through ingest (the planner learns them from its events).
# Pushed before the PGE is registered, so that they plan no routine jobs.
# The planner's orbit clock: orbit 1132 began 2004-10-01T00:03:00Z (epoch 1096588980), one orbit per 98m53s.
orbit_start() { date -u -d @$((1096588980 + 5933 * ($1 - 1132))) +%Ym%m%dt%H%M; }
total=$((warmup + jobs))
for orbit in $(seq 1132 $((1132 + total - 1))); do
    echo "OMI-Aura_L1-OML1BRUG_$(orbit_start "$orbit")-o$(printf %05d "$orbit")_v003-2012m0405t174311.he4"
done > "$work/inputs.txt"
head -c 1024 /dev/urandom > "$work/input.he4"
xargs -P 4 -I NAME curl -sf -o /dev/null -T "$work/input.he4" -H "Authorization: Bearer $TOKEN" "$GRANARY_INGEST_SERVICE_URL/files/NAME" < "$work/inputs.txt"
until [[ $(planner_sql "SELECT count(*) FROM granule WHERE esdt = 'OML1BRUG'") == "$total" ]]; do sleep 0.5; done
planner_post /pges "{\"name\": \"OMTO3-noop\", \"version\": \"1.0\",
    \"command\": [\"$pge\", \"{orbit}\", \"{start:yyyy'm'MMdd't'HHmm}\", \"{production:yyyy'm'MMdd't'HHmmss}\", \"{outputDirectory}\", \"{inputs}\"],
    \"timeUnit\": \"orbit\", \"inputs\": [{\"esdt\": \"OML1BRUG\", \"selection\": \"overlap\", \"mandatory\": true, \"minimumCount\": 1, \"waitFor\": \"PT1H\"}],
    \"outputs\": [\"OMTO3\"], \"cores\": 1, \"memoryMegabytes\": 64, \"timeLimit\": \"PT5M\", \"maxAttempts\": 1}" > /dev/null

orbit_time() { date -u -d @$((1096588980 + 5933 * ($1 - 1132))) +%Y-%m-%dT%H:%M:%SZ; }
# Runs a campaign over `count` orbits from `first` and waits for its end; prints its id. Every job must succeed with one output.
run_campaign() { # first count label
    local id
    id=$(planner_post /campaigns "{\"pge\": \"OMTO3-noop\", \"from\": \"$(orbit_time "$1")\", \"to\": \"$(orbit_time $(($1 + $2)))\", \"description\": \"$3\"}" \
        | sed 's/^{"campaign":{"id":\([0-9]*\).*/\1/')
    until [[ $(planner_sql "SELECT count(*) FROM job WHERE campaign_id = $id AND state IN ('succeeded', 'failed', 'cancelled')") == "$2" ]]; do sleep 0.2; done
    local good
    good=$(planner_sql "SELECT count(*) FROM job j WHERE j.campaign_id = $id AND j.state = 'succeeded' AND j.attempts = 1
                          AND (SELECT count(*) FROM job_output o WHERE o.job_id = j.id) = 1 AND (SELECT count(*) FROM job_input i WHERE i.job_id = j.id) = 1")
    if [[ "$good" != "$2" ]]; then
        echo "campaign $id: $good of $2 jobs succeeded at the first attempt with one input and one output; by state:" >&2
        planner_sql "SELECT state, left(reason, 200), count(*) FROM job WHERE campaign_id = $id GROUP BY 1, 2" >&2
        exit 1
    fi
    echo "$id"
}

reference() { # threads
    if [[ $executor == slurm ]]; then
        if (( $1 == 2 )); then sbatch_loop; fi
        return 0
    fi
    "$(java21)" "$(dirname "$0")/ProcessLoop.java" "$pge" "$jobs" "$1" "$work/reference" | sed 's/.*rate=\([0-9.]*\).*/\1/'
    rm -rf "$work/reference"
}

# Slurm's reference: the no-op submitted with sbatch --wrap in a shell loop, asking for what the
# planner asks for the PGE (1 core, 64 MB, 5 minutes: without --mem a job takes the node's memory and
# jobs run one at a time); jobs per second from the first submission to the last job's end (the time
# it wrote to its stdout).
sbatch_loop() {
    local directory="$work/reference" start orbit last
    mkdir -p "$directory/out" "$directory/logs"
    echo input > "$directory/input.he4"
    start=$(now)
    for orbit in $(seq 1132 $((1132 + jobs - 1))); do
        sbatch --parsable --quiet --partition=granary --nodes=1 --ntasks=1 --cpus-per-task=1 --mem=64M --time=5 \
            --chdir="$directory" --output="$directory/logs/$orbit.stdout" \
            --wrap "$pge $orbit $(orbit_start "$orbit") 2026m1206t000000 $directory/out $directory/input.he4" > /dev/null
    done
    until [[ $(ls "$directory/logs" | wc -l) == "$jobs" && -z $(squeue --noheader --partition=granary) ]]; do sleep 0.2; done
    last=$(cat "$directory"/logs/*.stdout | awk '{ if ($2 > last) last = $2 } END { printf "%.6f", last }')
    echo "scale=2; $jobs / ($last - $start)" | bc -l
    rm -rf "$directory"
}

warmup_end=$(($(date +%s) + warmup_seconds))
while (( $(date +%s) < warmup_end )); do
    run_campaign 1132 "$warmup" "warm-up" > /dev/null
    rm -rf "$logs"/job-*
done
if [[ $executor == local ]]; then
    "$(java21)" "$(dirname "$0")/ProcessLoop.java" "$pge" 200 2 "$work/reference" > /dev/null # the same for the reference's first round
    rm -rf "$work/reference"
fi

# CPU ticks (1/100 s) of each platform process (and, for the planner, of its reaped children: the PGEs),
# PostgreSQL with every backend, and the machine's busy and idle time, from /proc.
cpu_snapshot() {
    local pidfile postmaster
    for pidfile in "$GRANARY_HOME"/run/*.pid; do
        awk -v name="$(basename "$pidfile" .pid)" '{ sub(/.*\) /, ""); print name, $12 + $13; if (name == "planner") print "PGE-processes", $14 + $15 }' \
            "/proc/$(cat "$pidfile")/stat"
    done
    postmaster=$(head -1 "$GRANARY_HOME/postgres/data/postmaster.pid")
    for pid in "$postmaster" $(ps -o pid= --ppid "$postmaster"); do cat "/proc/$pid/stat" 2>/dev/null; done \
        | awk '{ sub(/.*\) /, ""); ticks += $12 + $13 } END { print "postgresql", ticks }'
    awk '/^cpu / { print "machine-busy", $2 + $3 + $4 + $7 + $8; print "machine-idle", $5 + $6; print "machine-steal", $9 }' /proc/stat
}
# ms of CPU per job by process, busiest first, then the machine's busy ms per job and its idle and steal shares.
cpu_per_job() { # before after jobs
    awk -v jobs="$3" 'NR == FNR { before[$1] = $2; next } { spent[$1] = $2 - before[$1] }
        END {
            for (name in spent) if (name !~ /^machine/ && spent[name] * 10 / jobs >= 0.05) printf "%s %.1f\n", name, spent[name] * 10 / jobs
            total = spent["machine-busy"] + spent["machine-idle"] + spent["machine-steal"]
            printf "machine(busy) %.1f\n", spent["machine-busy"] * 10 / jobs > "/dev/stderr"
            printf "idle %.0f %%, steal %.0f %%\n", 100 * spent["machine-idle"] / total, 100 * spent["machine-steal"] / total > "/dev/stderr"
        }' "$1" "$2" 2>&1 | sort -k2 -rn -t' ' | awk '/%/ { tail = $0; next } { printf "%s%s:%s", (n++ ? ", " : ""), $1, $2 } END { printf "; %s", tail }'
}

flight_recording() { # start|stop
    local pidfile jcmd
    jcmd="$(dirname "$(java21)")/jcmd"
    mkdir -p "$BENCH_JFR"
    for pidfile in "$GRANARY_HOME"/run/*.pid; do
        if [[ $1 == start ]]; then
            "$jcmd" "$(cat "$pidfile")" JFR.start name=bench settings=profile > /dev/null
        else
            "$jcmd" "$(cat "$pidfile")" JFR.stop name=bench filename="$(realpath "$BENCH_JFR")/$(basename "$pidfile" .pid).jfr" > /dev/null
        fi
    done
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratios=(); rates=()
for round in $(seq 1 "$rounds"); do
    sequential=$(reference 1)
    parallel=$(reference 2)
    [[ -n "${BENCH_JFR:-}" && $round == 1 ]] && flight_recording start
    cpu_snapshot > "$work/cpu-before"
    campaign=$(run_campaign $((1132 + warmup)) "$jobs" "round $round")
    cpu_snapshot > "$work/cpu-after"
    [[ -n "${BENCH_JFR:-}" && $round == 1 ]] && flight_recording stop
    cpu=$(cpu_per_job "$work/cpu-before" "$work/cpu-after" "$jobs")
    # The PGE's own start and end times, from each job's stdout log.
    for log in "$logs"/job-*/attempt-1.stdout; do
        id=${log#"$logs"/job-}; printf '%s\t%s\n' "${id%%/*}" "$(tail -1 "$log" | tr ' ' '\t')"
    done > "$work/process-times.tsv"
    [[ $(wc -l < "$work/process-times.tsv") -ge "$jobs" ]] || { echo "fewer stdout logs than jobs" >&2; exit 1; }
    read -r seconds rate to_start process push idle <<< "$(psql "$PLANNER_PSQL" -v ON_ERROR_STOP=1 -qtA \
        -c "CREATE TEMPORARY TABLE bench_process (job_id bigint PRIMARY KEY, started numeric, ended numeric)" \
        -c "\\copy bench_process FROM '$work/process-times.tsv'" -c "
        WITH span AS (
            SELECT extract(epoch FROM max(j.ended_at) - c.created_at) AS seconds FROM job j JOIN campaign c ON c.id = j.campaign_id
            WHERE c.id = $campaign GROUP BY c.created_at
        ), steps AS (
            SELECT extract(epoch FROM (SELECT at FROM job_transition t WHERE t.job_id = j.id AND t.to_state = 'queued')) AS queued,
                   p.started, p.ended AS process_end, extract(epoch FROM j.ended_at) AS ended
            FROM job j JOIN bench_process p ON p.job_id = j.id WHERE j.campaign_id = $campaign
        )
        SELECT round(s.seconds, 3), round($jobs / s.seconds, 2), round(1000 * avg(started - queued), 1), round(1000 * avg(process_end - started), 1),
               round(1000 * avg(ended - process_end), 1), round(100 * (1 - sum(ended - queued) / (2 * s.seconds)), 1)
        FROM steps, span s GROUP BY s.seconds" | tr '|' ' ')"
    # Without the push (an estimate): the wall time less the push's share of the two workers' time.
    without_push=$(echo "scale=1; $jobs / ($seconds - $jobs * $push / 1000 / 2)" | bc -l)
    if [[ $executor == slurm ]]; then
        reference_text="sbatch --wrap of the no-op in a shell loop $parallel/s"
    else
        reference_text="the no-op process from 2 threads $parallel/s, from 1 $sequential/s"
    fi
    printf 'round %d: %d jobs ready to succeeded in %.2f s: %s jobs/s; reference: %s; ratio %.3f; mean per job: claimed to the process started (workspace, staging, start) %s ms, the process %s ms, its end to the job'"'"'s (push, record) %s ms; workers idle %s %%; without the push (estimate) %s jobs/s, ratio %.3f; CPU ms per job by process: %s\n' \
        "$round" "$jobs" "$seconds" "$rate" "$reference_text" "$(echo "$rate / $parallel" | bc -l)" "$to_start" "$process" "$push" "$idle" \
        "$without_push" "$(echo "$without_push / $parallel" | bc -l)" "$cpu"
    ratios+=("$(echo "scale=3; $rate / $parallel" | bc -l)"); rates+=("$rate")
    rm -rf "$logs"/job-*
done
printf 'planner dispatch, %s executor, 2 workers, %d no-op jobs staging one input and pushing one output: median %s jobs/s, ratio to %s: median %s, rounds %s (target >= 0.3)\n' \
    "$executor" "$jobs" "$(printf '%s\n' "${rates[@]}" | median)" "$([[ $executor == slurm ]] && echo 'sbatch --wrap in a shell loop' || echo 'the no-op process from 2 threads')" "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | sort -n | paste -sd' ')"
rm -rf "$work"
