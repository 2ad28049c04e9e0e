"""Score and sample names with a saved sparkmore model in pure NumPy: no JVM, no Spark, no other dependency.

A model directory (local path) holds model.json, params.npy (float32, the flat layout of model/Params.java) and
checksums.sha256; ``load`` verifies the checksums and fails on any mismatch. Scores are the JVM NameScorer's: a
name's logLikelihood is the sum of ln p over its code points and the end marker (``symbols`` = code points + 1),
with evaluation's windows (blockSize previous symbols, boundary-padded, then the language row of a conditioned
model). Names are scored as given: clean them as training did (data/NameCleaner: trim, drop control and format
characters, NFC, lower-case when the model's data.lowercase was set). A null or empty name, one longer than
max_length, an unknown language, or a symbol outside a vocabulary without an unknown token gives None scores and
a ``problem``. Products run in float32 as in the JVM, so scores agree with it to 1e-5 (NumpyModuleTest).

Inside PySpark, load once per partition::

    def score_partitions(batches):
        model = sparkmore_numpy.load("/models/names")   # a path every executor can read
        for pdf in batches:
            langs = list(pdf["language"]) if model.conditioned else None
            rows = model.score(list(pdf["name"]), langs)
            pdf["logLikelihood"] = [r["logLikelihood"] for r in rows]
            pdf["nllPerSymbol"] = [r["nllPerSymbol"] for r in rows]
            pdf["problem"] = [r["problem"] for r in rows]
            yield pdf

    schema = "name string, language string, logLikelihood double, nllPerSymbol double, problem string"
    scored = names.mapInPandas(score_partitions, schema)

Command line: ``python3 sparkmore_numpy.py score MODEL_DIR [--max-length N] < names.tsv`` reads UTF-8 lines
``name[<TAB>language]`` (``\\N`` stands for null; a plain model ignores the language) and prints
``logLikelihood<TAB>symbols<TAB>unknownSymbols<TAB>problem`` per line: ``None`` for a missing number, an empty
problem for a scored name.
"""
import hashlib
import json
import math
import os
import re
import sys

import numpy as np

BOUNDARY = 0
WINDOWS_PER_CALL = 4096
_SUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
# model/FloatElementwisePasses.java's tanh: x*P(x^2)/Q(x^2) on x clamped to 7.9, in float32, so hidden units
# match the JVM's
_P = [np.float32(c) for c in (1.3360328630323236e-08, 2.0613591517012408e-05, 0.0034958789375057944,
                              0.133812757578498, 0.9999999800190549)]
_Q = [np.float32(c) for c in (7.779004002426255e-07, 0.00032860988621588843, 0.02587810495968085,
                              0.4671459161464515, 1.0)]


def _tanh(x):
    u = np.clip(x, np.float32(-7.9), np.float32(7.9))
    s = u * u
    p, q = _P[0], _Q[0]
    for pc, qc in zip(_P[1:], _Q[1:]):
        p, q = p * s + pc, q * s + qc
    return u * p / q


class Model:
    """A loaded model: its shape, vocabulary, languages and float32 parameter views. Not thread-safe."""

    def __init__(self, doc, flat):
        m = doc["model"]
        self.block_size, dim = m["blockSize"], m["embeddingDim"]
        self.vocab_size, n_lang = m["vocabSize"], m.get("languages", 0)
        self.conditioned = n_lang > 0
        voc = doc["vocabulary"]
        self.code_points = voc["codePoints"]
        self.unknown_id = len(self.code_points) + 1 if voc["hasUnknown"] else -1
        self.ids = {cp: i + 1 for i, cp in enumerate(self.code_points)}
        self.texts = ["."] + [chr(cp) for cp in self.code_points] + ["\ufffd"]  # by id; U+FFFD: unknown
        langs = doc.get("languages") or {"codes": [], "names": []}
        self.languages = {c: i for i, c in enumerate(langs["codes"])} if self.conditioned else {}
        self.language_names = np.array(langs["names"], dtype=np.float64)
        width = self.block_size + (1 if self.conditioned else 0)
        widths = [width * dim] + list(m["hiddenSizes"]) + [self.vocab_size]
        bias_rows = n_lang if m.get("languageBias", False) else 0
        at, shapes = 0, [(self.vocab_size + n_lang, dim)]
        for a, b in zip(widths, widths[1:]):
            shapes += [(a, b), (b,)]
        shapes += [(bias_rows, self.vocab_size)] if bias_rows else []
        need = sum(int(np.prod(s)) for s in shapes)
        if flat.shape != (need,):
            raise ValueError("params.npy holds %s parameters but the model needs %d" % (flat.shape, need))
        views = []
        for s in shapes:
            n = int(np.prod(s))
            views.append(flat[at:at + n].reshape(s))
            at += n
        self.embedding = views[0]
        self.layers = list(zip(views[1:1 + 2 * (len(widths) - 1):2], views[2:2 + 2 * (len(widths) - 1):2]))
        self.language_bias = views[-1] if bias_rows else None

    def logits(self, contexts, rows):
        """(n, vocabSize) float32 logits of (n, blockSize) symbol contexts and (n) language indexes (or None)."""
        ctx = contexts if rows is None else np.concatenate([contexts, self.vocab_size + rows[:, None]], axis=1)
        x = self.embedding[ctx].reshape(len(ctx), -1)  # (n, contextWidth * embeddingDim)
        for i, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if i < len(self.layers) - 1:
                x = _tanh(x)
        return x if self.language_bias is None else x + self.language_bias[rows]

    def _encode(self, name):
        ids, unknown = [], 0
        for ch in name:
            i = self.ids.get(ord(ch))
            if i is None:
                if self.unknown_id < 0:
                    return None, 0
                i, unknown = self.unknown_id, unknown + 1
            ids.append(i)
        return ids, unknown

    def _problem(self, name, language, max_length):
        if name is None:
            return "null"
        if name == "":
            return "empty"
        if max_length is not None and len(name) > max_length:
            return "too long"
        if self.conditioned and language not in self.languages:
            return "unknown language"
        return None

    def score(self, names, languages=None, max_length=None):
        """A dict per name: logLikelihood, symbols, unknownSymbols, nllPerSymbol, perplexity, problem."""
        if self.conditioned == (languages is None):
            raise ValueError("give each name's language" if self.conditioned else "this model has no languages")
        if languages is not None and len(languages) != len(names):
            raise ValueError("%d names but %d languages" % (len(names), len(languages)))
        out, ctx, tgt, lang, owner = [], [], [], [], []
        for i, name in enumerate(names):
            language = languages[i] if languages is not None else None
            problem = self._problem(name, language, max_length)
            ids, unknown = (None, 0) if problem else self._encode(name)
            if problem is None and ids is None:
                problem = "symbol outside the vocabulary"
            if problem:
                out.append(dict(logLikelihood=None, symbols=None, unknownSymbols=None, nllPerSymbol=None,
                                perplexity=None, problem=problem))
                continue
            padded = [BOUNDARY] * self.block_size + ids + [BOUNDARY]
            for t in range(len(ids) + 1):  # window t predicts padded[t + blockSize] from the blockSize before it
                ctx.append(padded[t:t + self.block_size])
                tgt.append(padded[t + self.block_size])
                lang.append(self.languages[language] if self.conditioned else 0)
                owner.append(i)
            out.append(dict(logLikelihood=None, symbols=len(ids) + 1, unknownSymbols=unknown, nllPerSymbol=None,
                            perplexity=None, problem=None))
        ll = np.zeros(len(names))
        for at in range(0, len(tgt), WINDOWS_PER_CALL):
            end = min(at + WINDOWS_PER_CALL, len(tgt))
            z = self.logits(np.array(ctx[at:end], dtype=np.int64).reshape(end - at, self.block_size),
                            np.array(lang[at:end]) if self.conditioned else None).astype(np.float64)
            top = z.max(axis=1)
            # ln p(target) = z[target] - max - ln sum exp(z - max), the JVM's cross-entropy in double
            lp = z[np.arange(end - at), tgt[at:end]] - top - np.log(np.exp(z - top[:, None]).sum(axis=1))
            np.add.at(ll, np.array(owner[at:end]), lp)
        for i, r in enumerate(out):
            if r["problem"] is None:
                r["logLikelihood"] = float(ll[i])
                r["nllPerSymbol"] = -r["logLikelihood"] / r["symbols"]
                r["perplexity"] = math.exp(r["nllPerSymbol"])
        return out

    def sample(self, n, temperature=1.0, top_k=0, top_p=1.0, prefix="", language=None, seed=0, max_length=50):
        """n names (with their language codes when conditioned); never the unknown token; the end marker stops."""
        rng = np.random.default_rng(seed)
        codes = list(self.languages)
        if not self.conditioned and language:
            raise ValueError("this model has no languages")
        if language is not None and self.conditioned and language not in self.languages:
            raise ValueError("unknown language %r; the model knows %s" % (language, ", ".join(codes)))
        rows = None if not self.conditioned else (np.full(n, self.languages[language]) if language else
                rng.choice(len(codes), size=n, p=self.language_names / self.language_names.sum()))
        start, _ = self._encode(prefix)
        if start is None:
            raise ValueError("the prefix holds a symbol the vocabulary lacks, and it has no unknown-symbol token")
        names = np.array([[BOUNDARY] * self.block_size + start] * n, dtype=np.int64).reshape(n, -1)
        done = np.zeros(n, dtype=bool)
        for _ in range(len(prefix), max_length):
            z = self.logits(names[:, -self.block_size:], rows).astype(np.float64)
            if self.unknown_id >= 0:
                z[:, self.unknown_id] = -np.inf
            nxt = _draw(z, temperature, top_k, top_p, rng)
            nxt[done] = BOUNDARY
            done |= nxt == BOUNDARY
            names = np.concatenate([names, nxt[:, None]], axis=1)
            if done.all():
                break
        out = ["".join(self.texts[i] for i in row[self.block_size:] if i != BOUNDARY) for row in names]
        return out if rows is None else list(zip(out, [codes[r] for r in rows]))


def _draw(z, temperature, top_k, top_p, rng):
    """(n) ids drawn from softmax(z / T) cut to the top k, then to the smallest set reaching mass top_p."""
    if temperature == 0:
        return z.argmax(axis=1)
    p = np.exp((z - z.max(axis=1, keepdims=True)) / temperature)
    p /= p.sum(axis=1, keepdims=True)
    desc = -np.sort(-p, axis=1)
    cut = np.zeros(len(p))
    if 0 < top_k < p.shape[1]:
        cut = desc[:, top_k - 1]
    if top_p < 1:
        # the first rank whose cumulative mass reaches top_p; ties with it are kept, as in the JVM sampler
        reach = (np.cumsum(desc, axis=1) >= top_p * desc.sum(axis=1, keepdims=True)).argmax(axis=1)
        cut = np.maximum(cut, desc[np.arange(len(p)), reach])
    p = np.where(p >= cut[:, None], p, 0.0)
    u = rng.random(len(p)) * p.sum(axis=1)
    return np.minimum((np.cumsum(p, axis=1) <= u[:, None]).sum(axis=1), p.shape[1] - 1)


def load(model_dir):
    """The model in a local directory, after checking model.json and params.npy against checksums.sha256."""
    def read(name):
        with open(os.path.join(model_dir, name), "rb") as f:
            return f.read()
    sums = {}
    for line in read("checksums.sha256").decode("utf-8").splitlines():
        if line.strip():
            m = _SUM_LINE.fullmatch(line.rstrip("\r"))
            if not m:
                raise ValueError("checksums.sha256 in %s is not in sha256sum format: %r" % (model_dir, line))
            sums[m.group(2)] = m.group(1).lower()
    files = {}
    for name in ("model.json", "params.npy"):
        files[name] = read(name)
        if name not in sums:
            raise ValueError("checksums.sha256 in %s does not list %s" % (model_dir, name))
        if hashlib.sha256(files[name]).hexdigest() != sums[name]:
            raise ValueError("%s in %s is changed or corrupt: its SHA-256 does not match checksums.sha256"
                             % (name, model_dir))
    doc = json.loads(files["model.json"].decode("utf-8"))
    if doc.get("formatVersion") != 1:
        raise ValueError("model.json in %s has formatVersion %r; this reads 1" % (model_dir, doc.get("formatVersion")))
    flat = np.load(os.path.join(model_dir, "params.npy"), allow_pickle=False)
    if flat.dtype != np.float32 or flat.ndim != 1:
        raise ValueError("params.npy in %s is not a 1-D float32 array" % model_dir)
    return Model(doc, flat)


def _main(argv):
    if len(argv) < 2 or argv[0] != "score":
        sys.exit("usage: sparkmore_numpy.py score MODEL_DIR [--max-length N] < names.tsv")
    max_length = int(argv[argv.index("--max-length") + 1]) if "--max-length" in argv else None
    model = load(argv[1])
    lines = sys.stdin.buffer.read().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cells = [line.split("\t") + [None] for line in lines]
    names = [None if c[0] == "\\N" else c[0] for c in cells]
    langs = [None if c[1] in (None, "\\N") else c[1] for c in cells] if model.conditioned else None
    out = sys.stdout
    for r in model.score(names, langs, max_length):
        ll = "None" if r["logLikelihood"] is None else repr(r["logLikelihood"])
        out.write("%s\t%s\t%s\t%s\n" % (ll, r["symbols"], r["unknownSymbols"], r["problem"] or ""))


if __name__ == "__main__":
    _main(sys.argv[1:])
