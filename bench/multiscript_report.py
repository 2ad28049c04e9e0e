"""Summarises bench/multiscript.sh: per-configuration quality and purity, and the scale runs.

Usage: python3 bench/multiscript_report.py OUT_DIR; writes bench/results/multiscript.json, prints markdown.
"""
import glob
import json
import os
import re
import sys

PURITY_LANGUAGES = ["ru", "el", "he", "ar", "ko", "ja", "hi"]


def number(v):
    """Jackson writes NaN as the string "NaN"; None for it."""
    return None if v is None or isinstance(v, str) else v


def stamps(log):
    """Seconds since JVM start at each stage line ("data: ... [14.0 s]"), and the figures of those lines."""
    text = open(log).read()
    stage = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w[\w-]*): .*\[([\d.]+) s\]$", text, re.M)}
    up = re.search(r"^spark: .*up \[([\d.]+) s\]", text, re.M)
    stage["spark"] = float(up.group(1)) if up else 0.0
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    windows = re.search(r"^windows: train ([\d,]+), dev ([\d,]+).*?(?:([\d.]+) bytes per cached window )?"
                        r"\(([\d.]+) MB\)", text, re.M)
    rows = re.search(r"^data: ([\d,]+) names kept", text, re.M)
    return {"stage": stage, "rss_gb": int(rss.group(1)) / 1024 ** 2 if rss else None,
            "wall_s": seconds(wall.group(1)) if wall else None,
            "train_windows": int(windows.group(1).replace(",", "")) if windows else None,
            "dev_windows": int(windows.group(2).replace(",", "")) if windows else None,
            "bytes_per_window": float(windows.group(3)) if windows and windows.group(3) else None,
            "cached_mb": float(windows.group(4)) if windows else None,
            "rows": int(rows.group(1).replace(",", "")) if rows else None}


def peak_heap_gb(gc_log):
    """The most heap in use after any collection (-Xlog:gc's "before->after(committed)"): the live data's peak."""
    if not os.path.exists(gc_log):
        return None
    after = [int(m.group(1)) for m in re.finditer(r"\d+M->(\d+)M\(\d+M\)", open(gc_log).read())]
    return max(after) / 1024 if after else None


def seconds(clock):
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def quality(out):
    result = {}
    for path in sorted(glob.glob(os.path.join(out, "*-eval.json"))):
        cfg = os.path.basename(path)[:-len("-eval.json")]
        ev = json.load(open(path))
        m = json.load(open(os.path.join(out, cfg + ".json")))
        t = m["timings"]
        rows = {r["language"]: r for r in ev.get("languages", {}).get("rows", [])}
        result[cfg] = {"dev": ev["devLoss"], "test": ev["testLoss"],
                       "avg_language_dev": ev.get("languages", {}).get("average"),
                       "examples_per_s": m["examples"] / (t["trainingSeconds"] - t["evalSeconds"]),
                       "training_s": t["trainingSeconds"], "examples": m["examples"],
                       "purity": {l: number(rows[l]["purity"]) for l in PURITY_LANGUAGES if l in rows},
                       "novelty": {l: number(rows[l]["novelty"]) for l in PURITY_LANGUAGES if l in rows},
                       "writing_system": {l: rows[l]["writingSystem"] for l in PURITY_LANGUAGES if l in rows}}
    return result


def scale(out):
    result = {}
    logs = [p for p in glob.glob(os.path.join(out, "scale-*.log")) if not p.endswith("-gc.log")]
    for path in sorted(logs, key=lambda p: int(re.findall(r"\d+", p)[-1])):
        n = int(re.findall(r"\d+", os.path.basename(path))[-1])
        s = stamps(path)
        m = json.load(open(path[:-4] + ".json"))
        t = m["timings"]
        st = s["stage"]
        prep = st["windows"] - st["vocabulary"]
        result[n] = {"rows": s["rows"], "train_windows": s["train_windows"], "dev_windows": s["dev_windows"],
                     "cached_mb": s["cached_mb"], "bytes_per_window": s["bytes_per_window"],
                     "peak_heap_after_gc_gb": peak_heap_gb(path[:-4] + "-gc.log"), "read_clean_s": st["data"] - st["spark"],
                     "windows_prep_s": prep, "windows_per_s": (s["train_windows"] + s["dev_windows"]) / prep,
                     "examples": m["examples"], "epoch_s": t["trainingSeconds"] - t["evalSeconds"],
                     "examples_per_s": m["examples"] / (t["trainingSeconds"] - t["evalSeconds"]),
                     "peak_rss_gb": s["rss_gb"], "wall_s": s["wall_s"]}
    return result


def main(out):
    q, sc = quality(out), scale(out)
    os.makedirs("bench/results", exist_ok=True)
    with open("bench/results/multiscript.json", "w") as f:
        json.dump({"quality": q, "scale": sc}, f, indent=1)
        f.write("\n")
    pct = lambda v: "-" if v is None else f"{100 * v:.1f}%"
    if q:
        print("| config | examples | dev | avg per-language dev | examples/s | " + " | ".join(
            f"purity {l}" for l in PURITY_LANGUAGES) + " |")
        print("|---" * (5 + len(PURITY_LANGUAGES)) + "|")
        for cfg, v in q.items():
            avg = v["avg_language_dev"]
            print(f"| {cfg} | {v['examples'] / 1e6:.2f}M | {v['dev']:.4f} | {'-' if avg is None else f'{avg:.4f}'} | "
                  f"{v['examples_per_s']:,.0f} | " + " | ".join(pct(v["purity"].get(l)) for l in PURITY_LANGUAGES)
                  + " |")
        print()
    if sc:
        opt = lambda v, f: "-" if v is None else f.format(v)
        print("| copies | rows | train windows | cached | bytes / window | read+clean | windows prep | windows/s | "
              "epoch | examples/s | peak heap after GC | peak RSS |")
        print("|---" * 12 + "|")
        for n, v in sc.items():
            print(f"| {n}x | {v['rows']:,} | {v['train_windows']:,} | {v['cached_mb']:,.0f} MB | "
                  f"{opt(v.get('bytes_per_window'), '{:.1f}')} | "
                  f"{v['read_clean_s']:.0f} s | {v['windows_prep_s']:.0f} s | {v['windows_per_s']:,.0f} | "
                  f"{v['epoch_s']:.0f} s | {v['examples_per_s']:,.0f} | "
                  f"{opt(v.get('peak_heap_after_gc_gb'), '{:.2f} GB')} | {v['peak_rss_gb']:.1f} GB |")


if __name__ == "__main__":
    main(sys.argv[1])
