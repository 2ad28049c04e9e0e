"""Medians of bench/rounds.sh's TSV: the job's sync per round by mode, and the probe's round by aggregation."""
import collections
import statistics
import sys

cli = collections.defaultdict(list)
probe = collections.defaultdict(list)
bits = collections.defaultdict(set)
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if f[0] == "cli":  # cli workers sync run rounds training_s sync_s time-line
        cli[int(f[1]), f[2], int(f[3])].append((int(f[4]), float(f[5]), float(f[6])))
    elif f[0] == "probe":  # probe workers compression state aggregation round ms task_ms same_bits
        key = (int(f[1]), f[3], f[2], f[4])
        probe[key].append((float(f[6]), float(f[7])))
        bits[key].add(f[8])

# Per (workers, mode): each run's long and short job, their difference over the extra rounds
marginal = collections.defaultdict(list)
for (w, mode, run), rows in cli.items():
    (r0, t0, s0), (r1, t1, s1) = sorted(rows)
    marginal[w, mode].append((t0, t1, 1000 * (t1 - t0) / (r1 - r0), 1000 * (s1 - s0) / (r1 - r0), r0, r1))
print("| workers | mode | runs | training s, short | training s, long | ms / extra round | sync ms / extra round |")
print("|---|---|---|---|---|---|---|")
for (w, mode), rows in sorted(marginal.items()):
    med = [statistics.median(r[i] for r in rows) for i in range(4)]
    print(f"| {w} | {mode} | {len(rows)} ({rows[0][4]} and {rows[0][5]} rounds) | {med[0]:.2f} | {med[1]:.2f} | "
          f"{med[2]:.1f} | {med[3]:.1f} |")
print()
print("| workers | state | broadcast | aggregation | rounds | round ms, median | min-max | slowest task ms |"
      " bits of partition order |")
print("|---|---|---|---|---|---|---|---|---|")
for key, rows in sorted(probe.items()):
    w, state, comp, how = key
    ms = [r[0] for r in rows]
    same = "-" if bits[key] == {"-"} else ("always" if bits[key] == {"yes"} else
                                            "never" if bits[key] == {"no"} else "sometimes")
    print(f"| {w} | {state} | {comp} | {how} | {len(rows)} | {statistics.median(ms):.1f} | "
          f"{min(ms):.1f}-{max(ms):.1f} | {statistics.median(r[1] for r in rows):.1f} | {same} |")
