#!/usr/bin/env python3
"""PyTorch reference for sparkmore's driver-side sampler: makemore's batched generate on a sparkmore model.

Loads a sparkmore model directory (model.json + params.npy, the layout of model/Params.java: embedding C
(vocabSize + languages, e); per layer W (in, out) then b (out); per-language output biases B (languages, vocabSize)
when the model has them) and draws N names the makemore way: a chunk of names advances together, one
torch.multinomial per position over all names of the chunk, finished ones included, until every name of the chunk has
drawn the end marker (id 0) or maxLength symbols. Never draws the unknown token. One thread by default. Reports
names/s for generating the symbol ids (timed alone: the fairest case for PyTorch) and with decoding to Python strings.
Run through bench/pytorch/setup.sh's env.sh so that torch uses OpenMP OpenBLAS.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="sparkmore model directory (model.json, params.npy)")
    p.add_argument("-n", type=int, default=10000, help="names to draw")
    p.add_argument("--chunk", type=int, default=10000, help="names drawn together (0: all N at once)")
    p.add_argument("--max-length", type=int, default=50, help="symbols per name at most (sample.maxLength)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("--warmup", type=int, default=2000, help="names drawn untimed first")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", default=None, help="write the results here")
    return p.parse_args(argv)


class Model:
    """The MLP's tensors, cut from the flat float32 parameter vector as model/Params.java lays it out."""

    def __init__(self, directory):
        with open(os.path.join(directory, "model.json")) as f:
            doc = json.load(f)
        m = doc["model"]
        self.vocab, self.block, e = m["vocabSize"], m["blockSize"], m["embeddingDim"]
        self.languages = m.get("languages", 0)
        vocabulary = doc["vocabulary"]
        self.itos = ["."] + [chr(c) for c in vocabulary["codePoints"]] + (["\ufffd"] if vocabulary["hasUnknown"] else [])
        self.unknown = len(vocabulary["codePoints"]) + 1 if vocabulary["hasUnknown"] else -1
        mix = (doc.get("languages") or {}).get("names") or []
        self.mix = torch.tensor(mix, dtype=torch.float) if self.languages else None
        flat = torch.from_numpy(np.load(os.path.join(directory, "params.npy")).astype(np.float32).ravel())
        at = 0

        def take(rows, cols):
            nonlocal at
            t = flat[at:at + rows * cols].view(rows, cols)
            at += rows * cols
            return t

        self.C = take(self.vocab + self.languages, e)
        widths = [(self.block + (1 if self.languages else 0)) * e] + list(m["hiddenSizes"]) + [self.vocab]
        self.layers = [(take(widths[i], widths[i + 1]), take(1, widths[i + 1])) for i in range(len(widths) - 1)]
        bias_rows = self.languages if m.get("languageBias") and self.languages else 0
        self.B = take(bias_rows, self.vocab) if bias_rows else None
        assert at == flat.numel(), f"params.npy holds {flat.numel()} values, the layout needs {at}"

    def logits(self, ctx, lang):
        x = self.C[ctx].view(ctx.shape[0], -1)                     # (B, contextWidth*e)
        for i, (w, b) in enumerate(self.layers):
            x = x @ w + b                                           # (B, out)
            if i < len(self.layers) - 1:
                x = torch.tanh(x)
        if self.B is not None:
            x = x + self.B[lang - self.vocab]                       # (B, vocab) per-language output biases
        return x


@torch.inference_mode()
def generate(model, n, max_length):
    """(n, max_length) symbol ids, 0 after a name's end marker, makemore's way: all n names every step."""
    ctx = torch.zeros(n, model.block, dtype=torch.long)
    lang = None
    if model.languages:
        lang = model.vocab + torch.multinomial(model.mix, n, replacement=True)
        ctx = torch.cat([ctx, lang.view(-1, 1)], 1)
    out = torch.zeros(n, max_length, dtype=torch.long)
    done = torch.zeros(n, dtype=torch.bool)
    for t in range(max_length):
        logits = model.logits(ctx, lang)
        if model.unknown >= 0:
            logits[:, model.unknown] = float("-inf")
        ix = torch.multinomial(torch.softmax(logits, dim=1), 1).view(-1)   # (n,)
        ix = ix.masked_fill(done, 0)
        out[:, t] = ix
        done |= ix == 0
        if bool(done.all()):
            break
        symbols = torch.cat([ctx[:, 1:model.block], ix.view(-1, 1)], 1)
        ctx = symbols if lang is None else torch.cat([symbols, lang.view(-1, 1)], 1)
    return out


def decode(model, ids):
    names = []
    for row in ids.tolist():
        chars = []
        for i in row:
            if i == 0:
                break
            chars.append(model.itos[i])
        names.append("".join(chars))
    return names


def run(model, n, chunk, max_length):
    """Seconds generating, seconds decoding, total symbols of the names."""
    chunk = chunk or n
    gen = dec = 0.0
    symbols = 0
    for start in range(0, n, chunk):
        t0 = time.perf_counter()
        ids = generate(model, min(chunk, n - start), max_length)
        t1 = time.perf_counter()
        names = decode(model, ids)
        t2 = time.perf_counter()
        gen += t1 - t0
        dec += t2 - t1
        symbols += sum(len(s) for s in names)
    return gen, dec, symbols


def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = Model(a.model)
    if a.warmup:
        run(model, a.warmup, a.chunk, a.max_length)
    gen, dec, symbols = run(model, a.n, a.chunk, a.max_length)
    r = {"impl": "pytorch", "torch": torch.__version__, "threads": a.threads, "n": a.n, "chunk": a.chunk or a.n,
         "seconds_generate": gen, "seconds_decode": dec, "names_per_s": a.n / gen,
         "names_per_s_with_decode": a.n / (gen + dec), "mean_len": symbols / a.n}
    print(f"sampler pytorch n={a.n} chunk={r['chunk']} seconds={gen:.3f} names/s={r['names_per_s']:.0f} "
          f"names/s_with_decode={r['names_per_s_with_decode']:.0f} mean_len={r['mean_len']:.3f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(r, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
