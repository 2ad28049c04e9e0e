"""Tables from bench/collective.sh's TSV: the measured side-by-side, an alpha-beta fit, and a projection.

Cost models (S: state bytes, P: tasks, alpha: a message's latency, beta: seconds a byte on the link):
  chain (ChainAllReduce): the state goes up the chain in k chunks of at most 256 KiB (CHUNK_FLOATS) and the sums
      come back down; a chunk crosses 2(P-1) links and the last of k chunks leaves k-1 chunk times after the first,
      so a round takes h = 2(P-1) + k - 1 chunk transfers: T = h * (alpha + beta * S / k). Up and down traffic use
      opposite directions of each full-duplex link, so they do not share bandwidth.
  all-to-all (PeerMesh): every task sends S to each of P-1 peers, all at once: with the sends overlapped the
      sender's link is the bottleneck, T = alpha + beta * (P-1) * S. That is the old algorithm's best case (no
      incast, no per-connection overhead), so the projection favours the old algorithm.
alpha comes from a latency probe (a 16-parameter state on 2 tasks); beta is fitted per algorithm to its own
(hops, bytes on the critical path) with alpha held there. On loopback with P threads sharing 2 cores the "beta"
it finds is CPU (HMAC-SHA256 at about 1.1 GB/s, copies, sums),
not a wire; only the projection's beta is a network's.
The TSV's "# mode" line (threads or jvms: the tasks as threads of one JVM, or a JVM each) heads the output.
  python3 bench/collective_report.py bench/out/collective/scale.tsv
"""
import math
import statistics
import sys

import numpy as np

CHUNK_BYTES = 4 * (1 << 16)
LINK = 1.25e9  # 10 GbE, bytes/s
rows = []
mode = None  # "# mode<TAB>..." from CollectiveScale; older TSVs (threads only) have none
for line in open(sys.argv[1]):
    if line.startswith("# mode\t"):
        mode = line.rstrip("\n").split("\t", 1)[1]
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    ms = [float(x) for x in f[9:]]
    rows.append(dict(size=f[0], params=int(f[1]), S=int(f[2]), P=int(f[3]), algo=f[4], conn=int(f[5]),
                     bmax=int(f[6]), bmean=int(f[7]), bits=f[8], ms=ms, med=statistics.median(ms)))


def structure(algo, P, S):
    """(message latencies, bytes) on a round's critical path."""
    if algo == "chain":
        k = math.ceil(S / CHUNK_BYTES)
        h = 2 * (P - 1) + k - 1
        return h, h * S / k
    return 1, (P - 1) * S


def mb(b):
    return f"{b / 1e6:.2f} MB" if b >= 1e6 else f"{b / 1e3:.0f} KB" if b >= 1e3 else f"{b:.0f} B"


if mode:
    print(f"Tasks as {mode}.")
    print()
print("| state | P | algorithm | connections / task | bytes sent / task, max | mean | round, median ms | "
      "min-max ms | rounds | same bits |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    same = "yes" if all(o["bits"] == r["bits"] for o in rows if o["size"] == r["size"] and o["P"] == r["P"]) else "NO"
    print(f"| {r['size']} ({mb(r['S'])}) | {r['P']} | {'all-to-all' if r['algo'] == 'mesh' else 'chain'} | "
          f"{r['conn']} | {mb(r['bmax'])} | {mb(r['bmean'])} | {r['med']:.1f} | {min(r['ms']):.1f}-{max(r['ms']):.1f} "
          f"| {len(r['ms'])} | {same} |")

print()
# alpha from the latency probe (a 192-byte state, 2 tasks: 2 chunk transfers a round); beta fitted per algorithm
# with alpha held there, least squares on relative error so the 13 MB points do not drown the small ones
probe = [r for r in rows if r["size"] == "probe" and r["algo"] == "chain" and r["P"] == 2]
alpha_loop = probe[0]["med"] / 1e3 / structure("chain", 2, probe[0]["S"])[0] if probe else float("nan")
print(f"| algorithm | alpha (loopback probe) | fitted 1/beta (loopback, CPU-bound) | points |")
print("|---|---|---|---|")
for algo in ("mesh", "chain"):
    pts = [r for r in rows if r["algo"] == algo and r["size"] != "probe"]
    h = np.array([structure(algo, r["P"], r["S"]) for r in pts], dtype=float)
    t = np.array([r["med"] / 1e3 for r in pts])
    y, x = (t - h[:, 0] * alpha_loop) / t, h[:, 1] / t
    beta = float(x @ y / (x @ x))
    print(f"| {'all-to-all' if algo == 'mesh' else 'chain'} | {alpha_loop * 1e6:.0f} us | {1 / beta / 1e6:.0f} MB/s | "
          f"{len(pts)} |")

print()
alphas = [("loopback", alpha_loop), ("datacenter", 50e-6)]
print("| state | alpha | P | chain ms | all-to-all ms | chain / task sent | all-to-all / task sent | "
      "connections chain / all-to-all |")
print("|---|---|---|---|---|---|---|---|")
for size, S in sorted({(r["size"], r["S"]) for r in rows if r["size"] != "probe"}, key=lambda x: x[1]):
    for name, alpha in alphas:
        for P in (64, 256):
            h, b = structure("chain", P, S)
            chain = h * alpha + b / LINK
            m1, mbytes = structure("mesh", P, S)
            mesh = m1 * alpha + mbytes / LINK
            print(f"| {size} ({mb(S)}) | {name} {alpha * 1e6:.0f} us | {P} | {chain * 1e3:.1f} | {mesh * 1e3:.1f} | "
                  f"{mb(2 * S)} | {mb((P - 1) * S)} | 2 / {P - 1} |")
