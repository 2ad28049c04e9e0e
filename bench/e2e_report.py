"""Summarises bench/e2e.sh's runs: medians per configuration and the ratios the speed issue asks for.

Usage: python3 bench/e2e_report.py OUT_DIR "settings text" [RESULT_JSON]; writes RESULT_JSON (default
bench/results/e2e.json), prints markdown.
"""
import glob
import json
import os
import statistics
import sys


def first_below(curve, threshold):
    """Training seconds (evaluation excluded) at the first dev evaluation <= threshold, or None."""
    for p in curve:
        if p["devLoss"] <= threshold:
            return p["trainSeconds"]
    return None


def spark_row(m):
    t = m["timings"]
    compute_time = t["trainingSeconds"] - t["evalSeconds"]
    return {"startup_s": t["startupSeconds"], "examples_per_s": m["examples"] / compute_time,
            "to_2.20_s": first_below(m["devCurve"], 2.20), "to_2.15_s": first_below(m["devCurve"], 2.15),
            "dev": m["devLoss"], "sync_share": t["syncSeconds"] / t["trainingSeconds"],
            "eval_share": t["evalSeconds"] / t["trainingSeconds"], "training_s": t["trainingSeconds"]}


def torch_row(m):
    ttd = m["time_to_dev"]
    return {"startup_s": m["startup_s"], "examples_per_s": m["examples_per_s"],
            "to_2.20_s": (ttd.get("2.20") or {}).get("train_s"), "to_2.15_s": (ttd.get("2.15") or {}).get("train_s"),
            "dev": m["final"]["dev"], "training_s": m["train_s"]}


def median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if len(values) == len(rows) and values else None


def main(out, settings, result="bench/results/e2e.json"):
    groups = {}
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        name = os.path.basename(path).rsplit("-", 1)[0]
        m = json.load(open(path))
        groups.setdefault(name, []).append(spark_row(m) if name.startswith("spark") else torch_row(m))
    keys = ["startup_s", "examples_per_s", "to_2.20_s", "to_2.15_s", "dev", "sync_share", "eval_share", "training_s"]
    med = {g: {k: median(rows, k) for k in keys} | {"runs": len(rows)} for g, rows in groups.items()}
    torch = {g: v for g, v in med.items() if g.startswith("torch")}
    ratios = {}
    if "spark-l2" in med and "spark-l1" in med:
        ratios["scaling_l1_to_l2"] = med["spark-l2"]["examples_per_s"] / med["spark-l1"]["examples_per_s"]
    if torch and "spark-l2" in med:
        best_tp = max(torch, key=lambda g: torch[g]["examples_per_s"])
        ratios["throughput_vs_best_torch"] = med["spark-l2"]["examples_per_s"] / torch[best_tp]["examples_per_s"]
        ratios["best_torch_throughput"] = best_tp
        reached = {g: v for g, v in torch.items() if v["to_2.15_s"] is not None}
        if reached and med["spark-l2"]["to_2.15_s"] is not None:
            best_tq = min(reached, key=lambda g: reached[g]["to_2.15_s"])
            ratios["time_to_2.15_vs_best_torch"] = med["spark-l2"]["to_2.15_s"] / reached[best_tq]["to_2.15_s"]
            ratios["best_torch_time_to_2.15"] = best_tq
    os.makedirs(os.path.dirname(result), exist_ok=True)
    with open(result, "w") as f:
        json.dump({"settings": settings, "medians": med, "ratios": ratios}, f, indent=1)
        f.write("\n")
    fmt = lambda v, p=2: "-" if v is None else (f"{v:,.0f}" if p == 0 else f"{v:.{p}f}")
    print(f"settings: {settings}\n")
    print("| config | runs | start-up s | examples/s | to dev 2.20 s | to dev 2.15 s | final dev | sync | eval |")
    print("|---|---|---|---|---|---|---|---|---|")
    for g, v in med.items():
        print(f"| {g} | {v['runs']} | {fmt(v['startup_s'], 1)} | {fmt(v['examples_per_s'], 0)} | "
              f"{fmt(v['to_2.20_s'])} | {fmt(v['to_2.15_s'])} | {fmt(v['dev'], 4)} | "
              f"{fmt(v['sync_share'] and 100 * v['sync_share'], 0)}% | {fmt(v['eval_share'] and 100 * v['eval_share'], 0)}% |")
    print()
    for k, v in ratios.items():
        print(f"- {k}: {v:.3f}" if isinstance(v, float) else f"- {k}: {v}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "", *sys.argv[3:4])
