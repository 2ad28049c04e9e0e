#!/usr/bin/env python3
"""PyTorch reference for sparkmore's benchmarks: makemore's MLP (Bengio et al. 2003) in one process.

Same data windows, model, initialisation scales and optimiser (Adam with sparkmore's LrSchedule: linear warm-up then
cosine to a floor) as sparkmore's defaults, or the lecture's plain SGD protocol with --optimizer sgd. Times start-up,
training (evaluation excluded) and the training time at which the full dev loss first reached 2.20 and 2.15.
Run through bench/pytorch/setup.sh's env.sh so that torch uses OpenMP OpenBLAS.
"""
import time

_T_SCRIPT = time.time()

import argparse
import json
import math
import os
import platform
import sys


def process_start_epoch():
    """Wall-clock time the process started (from /proc), or the script's first line when /proc is unavailable."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat; fields[0] is field 3
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _T_SCRIPT


_T_PROCESS = min(process_start_epoch(), _T_SCRIPT)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    d = "/work/shared/data/names-split"
    p.add_argument("--train", default=f"{d}/train.txt", help="text file, one name per line")
    p.add_argument("--dev", default=f"{d}/dev.txt")
    p.add_argument("--test", default=f"{d}/test.txt")
    p.add_argument("--block-size", type=int, default=3, help="context length (sparkmore model.blockSize)")
    p.add_argument("--embedding-dim", type=int, default=10)
    p.add_argument("--hidden", type=int, default=200)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam",
                   help="adam: sparkmore's default (warm-up + cosine); sgd: the lecture's lr, lr/10 after half")
    p.add_argument("--init", choices=["sparkmore", "lecture"], default="sparkmore",
                   help="sparkmore: Params.init scales; lecture: every tensor N(0,1), as in the lecture (dev ~2.17)")
    p.add_argument("--lr", type=float, default=None, help="peak learning rate (default 0.01 adam, 0.1 sgd)")
    p.add_argument("--warmup", type=int, default=100, help="adam: linear warm-up steps")
    p.add_argument("--min-lr-fraction", type=float, default=0.05, help="adam: cosine floor as a fraction of peak")
    p.add_argument("--batch", type=int, default=512, help="windows per minibatch")
    p.add_argument("--steps", type=int, default=4000, help="optimiser steps (default 4000 x 512 = 2.05M examples)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("--eval-every", type=int, default=200, help="evaluate the full dev set every this many steps")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--json", default=None, help="write the results here")
    a = p.parse_args(argv)
    if a.lr is None:
        a.lr = 0.01 if a.optimizer == "adam" else 0.1
    for name in ("block_size", "embedding_dim", "hidden", "batch", "steps", "threads", "eval_every"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    return a


def read_names(path):
    # sparkmore's defaults: lower-case (Locale.ROOT), drop empty lines and names longer than 50 code points.
    with open(path, encoding="utf-8") as f:
        names = [line.strip().lower() for line in f]
    return [n for n in names if n and len(n) <= 50]


def lr_at(a, step):
    """Learning rate of 0-based step `step`: sparkmore's LrSchedule for adam, the lecture's protocol for sgd."""
    if a.optimizer == "sgd":
        return a.lr if step < a.steps // 2 else a.lr * 0.1
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    remaining = a.steps - a.warmup
    progress = 0.0 if remaining <= 1 else min(1.0, (step - a.warmup) / (remaining - 1))
    floor = a.lr * a.min_lr_fraction
    return floor + (a.lr - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


def loaded_blas():
    try:
        with open("/proc/self/maps") as f:
            libs = {l.split()[-1] for l in f if "/" in l and any(k in l for k in ("blas", "lapack", "mkl"))}
        return sorted(libs)
    except OSError:
        return []


def main(argv=None):
    a = parse_args(argv)
    t_import = time.time()
    import torch
    import torch.nn.functional as F
    t_imported = time.time()
    torch.set_num_threads(a.threads)

    splits = {s: read_names(getattr(a, s)) for s in ("train", "dev", "test")}
    chars = sorted({c for names in splits.values() for n in names for c in n} - {"."})
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    stoi["."] = 0
    vocab = len(stoi)

    def build_dataset(names):  # makemore's build_dataset: contexts padded with '.', every next symbol a target
        xs, ys = [], []
        for n in names:
            context = [0] * a.block_size
            for c in n + ".":
                ix = stoi[c]
                xs.append(context)
                ys.append(ix)
                context = context[1:] + [ix]
        return torch.tensor(xs, dtype=torch.long), torch.tensor(ys, dtype=torch.long)

    data = {s: build_dataset(n) for s, n in splits.items()}
    Xtr, Ytr = data["train"]

    # Initialisation with sparkmore's Params.init scales (its draws come from java.util.Random, so values differ).
    g = torch.Generator().manual_seed(a.seed)
    fan_in = a.block_size * a.embedding_dim
    lecture = a.init == "lecture"
    C = torch.randn(vocab, a.embedding_dim, generator=g)
    W1 = torch.randn(fan_in, a.hidden, generator=g) * (1.0 if lecture else (5.0 / 3.0) / math.sqrt(fan_in))
    b1 = torch.randn(a.hidden, generator=g) * (1.0 if lecture else 0.01)
    W2 = torch.randn(a.hidden, vocab, generator=g) * (1.0 if lecture else 0.01)
    b2 = torch.randn(vocab, generator=g) if lecture else torch.zeros(vocab)
    params = [C, W1, b1, W2, b2]
    for p in params:
        p.requires_grad_(True)
    n_params = sum(p.numel() for p in params)

    def loss_of(X, Y):
        emb = F.embedding(X, C).view(X.shape[0], -1)
        h = torch.tanh(torch.addmm(b1, emb, W1))
        return F.cross_entropy(torch.addmm(b2, h, W2), Y)

    @torch.no_grad()
    def full_loss(split, chunk=65536):
        X, Y = data[split]
        total = 0.0
        for i in range(0, X.shape[0], chunk):
            total += loss_of(X[i:i + chunk], Y[i:i + chunk]).item() * min(chunk, X.shape[0] - i)
        return total / X.shape[0]

    if a.optimizer == "adam":
        opt = torch.optim.Adam(params, lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    else:
        opt = torch.optim.SGD(params, lr=a.lr)

    batch_gen = torch.Generator().manual_seed(a.seed + 1)
    thresholds = [2.20, 2.15]
    reached = {}
    history = []
    train_time = 0.0
    eval_time = 0.0
    n_train = Xtr.shape[0]
    t_first_step = time.time()
    startup = t_first_step - _T_PROCESS
    for step in range(a.steps):
        t0 = time.perf_counter()
        ix = torch.randint(0, n_train, (a.batch,), generator=batch_gen)
        loss = loss_of(Xtr[ix], Ytr[ix])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        lr = lr_at(a, step)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        train_time += time.perf_counter() - t0
        done = step + 1
        if done % a.eval_every == 0 or done == a.steps:
            t1 = time.perf_counter()
            dev = full_loss("dev")
            eval_time += time.perf_counter() - t1
            history.append({"step": done, "train_s": round(train_time, 4), "dev": round(dev, 5),
                            "batch_loss": round(loss.item(), 5), "lr": lr})
            for th in thresholds:
                if th not in reached and dev <= th:
                    reached[th] = {"train_s": round(train_time, 4), "step": done, "examples": done * a.batch}
    t_loop_end = time.time()

    t2 = time.perf_counter()
    final = {s: full_loss(s) for s in ("train", "dev", "test")}
    final_eval_s = time.perf_counter() - t2
    examples = a.steps * a.batch
    result = {
        "tool": "bench/pytorch/train.py",
        "config": {k: v for k, v in vars(a).items() if k != "json"},
        "vocab_size": vocab, "params": n_params,
        "windows": {s: int(data[s][0].shape[0]) for s in data},
        "torch": torch.__version__, "python": platform.python_version(), "executable": sys.executable,
        "torch_threads": torch.get_num_threads(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS",
                                                "LD_LIBRARY_PATH") if os.environ.get(k) is not None},
        "blas_loaded": loaded_blas(),
        "startup_s": round(startup, 4), "torch_import_s": round(t_imported - t_import, 4),
        "train_s": round(train_time, 4), "eval_s": round(eval_time, 4), "final_eval_s": round(final_eval_s, 4),
        "loop_wall_s": round(t_loop_end - t_first_step, 4),
        "examples": examples, "examples_per_s": round(examples / train_time, 1),
        "steps_per_s": round(a.steps / train_time, 2),
        "time_to_dev": {f"{th:.2f}": reached.get(th) for th in thresholds},
        "final": {k: round(v, 5) for k, v in final.items()},
        "history": history,
        "total_wall_s": round(time.time() - _T_PROCESS, 4),
    }

    def reach(th):
        r = reached.get(th)
        return f"{r['train_s']:.2f} s (step {r['step']})" if r else "not reached"
    print(f"pytorch {a.optimizer} ({a.init} init) batch {a.batch} x {a.steps} steps, {a.threads} thread(s): "
          f"train {final['train']:.4f} | dev {final['dev']:.4f} | test {final['test']:.4f} | "
          f"{examples / train_time:,.0f} ex/s over {train_time:.2f} s training (+{eval_time:.2f} s eval) | "
          f"dev<=2.20 at {reach(2.20)}, <=2.15 at {reach(2.15)} | start-up {startup:.2f} s")
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    return result


if __name__ == "__main__":
    main()
