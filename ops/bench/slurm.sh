# A one-node Slurm cluster for the planner's benchmarks, started as the planner's test fixture
# (planner/src/test/java/org/granary/planner/execution/slurm/SlurmCluster.java) starts its own:
# munged, slurmctld and slurmd with their key, socket, configuration, state and logs in one folder,
# so that neither /etc/slurm nor /etc/munge matters. Runs as root (slurmd starts jobs as their user).
# Fixed ports beside the benchmark platform's: slurmctld 28095, slurmd 28096.
# slurm_up FOLDER exports SLURM_CONF (every Slurm command must see it); slurm_down stops the daemons.

slurm_up() { # folder
    slurm_home=$1
    [[ $(id -u) == 0 ]] || { echo "the benchmark's Slurm cluster runs as root" >&2; exit 1; }
    local command node memory
    for command in sbatch squeue sinfo slurmctld slurmd munged; do
        command -v "$command" > /dev/null || [[ -x /usr/sbin/$command ]] || { echo "no $command: apt-get install slurm-wlm munge" >&2; exit 1; }
    done
    slurm_down
    rm -rf "$slurm_home" && mkdir -p "$slurm_home"/{munge,state,spool,log}
    chmod 755 "$slurm_home" # munged refuses a socket in a folder not everyone may enter
    head -c 1024 /dev/urandom > "$slurm_home/munge/munge.key" && chmod 600 "$slurm_home/munge/munge.key"
    /usr/sbin/munged --foreground --socket="$slurm_home/munge/munge.socket" --key-file="$slurm_home/munge/munge.key" \
        --pid-file="$slurm_home/munge/munged.pid" --log-file="$slurm_home/munge/munged.log" --seed-file="$slurm_home/munge/munged.seed" \
        > "$slurm_home/log/munged.out" 2>&1 &
    echo $! > "$slurm_home/munged.daemon"
    until [[ -S $slurm_home/munge/munge.socket ]]; do sleep 0.1; done
    node=$(hostname -s)
    memory=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
    : > "$slurm_home/plugstack.conf"
    export SLURM_CONF=$slurm_home/slurm.conf
    cat > "$SLURM_CONF" <<CONF
ClusterName=granary-bench
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=28095
SlurmdPort=28096
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$slurm_home/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
PlugStackConfig=$slurm_home/plugstack.conf
MailProg=/bin/true
StateSaveLocation=$slurm_home/state
SlurmdSpoolDir=$slurm_home/spool
SlurmctldPidFile=$slurm_home/slurmctld.pid
SlurmdPidFile=$slurm_home/slurmd.pid
SlurmctldLogFile=$slurm_home/log/slurmctld.log
SlurmdLogFile=$slurm_home/log/slurmd.log
MinJobAge=86400
KillWait=5
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=4 RealMemory=$memory State=UNKNOWN
PartitionName=granary Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    /usr/sbin/slurmctld -D -f "$SLURM_CONF" > "$slurm_home/log/slurmctld.out" 2>&1 &
    echo $! > "$slurm_home/slurmctld.daemon"
    /usr/sbin/slurmd -D -f "$SLURM_CONF" -N "$node" > "$slurm_home/log/slurmd.out" 2>&1 &
    echo $! > "$slurm_home/slurmd.daemon"
    local deadline=$((SECONDS + 60))
    until [[ $(sinfo --noheader --nodes="$node" --format=%t 2>/dev/null) == idle ]]; do
        (( SECONDS < deadline )) || { echo "the Slurm node never became idle; see $slurm_home/log" >&2; exit 1; }
        sleep 0.2
    done
}

slurm_down() {
    [[ -n ${slurm_home:-} ]] || return 0
    local daemon pid
    if [[ -f $slurm_home/slurmd.daemon ]] && kill -0 "$(cat "$slurm_home/slurmd.daemon")" 2>/dev/null; then
        scancel --partition=granary 2>/dev/null || true
    fi
    for daemon in slurmd slurmctld munged; do
        [[ -f $slurm_home/$daemon.daemon ]] || continue
        pid=$(cat "$slurm_home/$daemon.daemon")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$slurm_home/$daemon.daemon"
    done
}
