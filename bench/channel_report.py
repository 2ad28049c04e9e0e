"""Medians of bench/channel.sh's runs: training seconds, examples/s, sync seconds and final dev per shape and tree."""
import re
import statistics
import sys
from collections import defaultdict

NAME = re.compile(r"^(\w+)-(new|base)-\d+: ")
DONE = re.compile(r"done: .*?dev (\S+) .*?\(([\d,]+) ex/s\)")
TIME = re.compile(r"time: ([\d.]+) s training = compute ([\d.]+) s .*?sync ([\d.]+) s")
runs = defaultdict(list)
for line in open(sys.argv[1]):
    name, done, time = NAME.match(line), DONE.search(line), TIME.search(line)
    if name and done and time:
        dev, rate = done.groups()
        total, compute, sync = time.groups()
        runs[name.groups()].append((float(total), int(rate.replace(",", "")), float(sync), float(compute), dev))
print("| shape | tree | runs | training s | examples/s | compute s | sync s | dev |")
print("|---|---|---|---|---|---|---|---|")
for (shape, tree), rs in sorted(runs.items()):
    med = lambda i: statistics.median(r[i] for r in rs)
    print(f"| {shape} | {tree} | {len(rs)} | {med(0):.1f} | {med(1):,.0f} | {med(3):.1f} | {med(2):.2f} | "
          f"{', '.join(sorted(set(r[4] for r in rs)))} |")
