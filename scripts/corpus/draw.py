#!/usr/bin/env python3
"""Draw the files the labellers read from corpusN (test/corpus/corpusN/README.md), by corpus9's draw rule.
Usage: draw.py N --seed S (corpus10: seed 13, corpus11: seed 14). Reads $WATTLINT_CORPUSN (default /work/corpusN)
and writes batches-A.json and batches-B.json there.
One random.Random(S) across repositories in sorted order; up to 3 entry-point files a repository; near-copy configs
(same folder, same top-level keys) grouped, groups drawn with rng.sample, one member with rng.choice. Then, while the
draw is over 40 files or 8,000 lines, the same generator drops one extra (not the first-drawn) file of a repository
still holding more than one (the last-drawn first). Batches A and B: the split of whole repositories with the least
line difference among those with 15-20 files (--min-files to 20) and <= 4,000 lines a batch."""
import argparse, json, os, random, re, sys
ap = argparse.ArgumentParser()
ap.add_argument("N")
ap.add_argument("--seed", type=int, required=True)
ap.add_argument("--min-files", type=int, default=15, help="fewest files a batch may hold (15; corpus14: 12)")
ARGS = ap.parse_args()
C = os.environ.get(f"WATTLINT_CORPUS{ARGS.N}", f"/work/corpus{ARGS.N}")
man = json.load(open(os.path.join(C, "MANIFEST.json")))
rng = random.Random(ARGS.seed)
CONF = (".yaml", ".yml", ".json", ".toml", ".cfg", ".pbtxt")
JS = (".js", ".ts", ".mjs", ".tsx")
PREFIX = ("train", "finetune", "infer", "serve", "eval", "generate", "app", "main")
KEYS = ("batch_size train_batch_size eval_batch_size per_device_train_batch_size per_device_eval_batch_size "
        "micro_batch_size global_batch_size gradient_accumulation_steps learning_rate lr epochs num_epochs "
        "num_train_epochs max_steps max_epochs warmup_steps fp16 bf16 precision mixed_precision dtype torch_dtype "
        "optimizer optim zero_optimization deepspeed gradient_checkpointing model_name_or_path "
        "tensor_parallel_size max_model_len gpu_memory_utilization max_num_seqs max_batch_size max_batch_total_tokens "
        "max_concurrent_requests instance_group dynamic_batching gpus num_gpus devices accelerator strategy "
        "max_new_tokens max_tokens quantization trainer training").split()
KEYRE = re.compile(r'(?m)^\s*(?:-\s*)?["\']?(' + "|".join(KEYS) + r')["\']?\s*[:=]')


def text(r, p):
    return open(os.path.join(C, r.replace("/", "+"), p), "rb").read().decode("utf-8", "replace")


def nlines(t):
    return len(t.splitlines())


def excluded(p, t):
    parts = p.lower().split("/")
    base = parts[-1]
    if any(c in ("test", "tests", "testing", "docs", "doc") for c in parts[:-1]):
        return True
    if base.startswith("test_") or re.search(r"(_test|\.test|\.spec)\.[a-z]+$", base) or base == "conftest.py":
        return True
    if base in ("setup.py", "__init__.py"):
        return True
    return nlines(t) > 1500


def entry(p, t):
    lp = p.lower(); base = lp.split("/")[-1]; parts = lp.split("/")
    if lp.endswith(".ipynb"):
        return "notebook"
    if lp.endswith(".py"):
        if "__main__" in t or re.search(r"\bargparse\b|\bimport click\b|\bfrom click\b|@click\.|\bimport fire\b|\bfire\.Fire\b|\btyper\b", t):
            return "cli"
        if base.startswith(PREFIX):
            return "named"
        return None
    if lp.endswith(".sh"):
        if re.search(r"\b(python3?|torchrun|accelerate|deepspeed|srun|sbatch|vllm|text-generation-launcher|bentoml|mpirun)\b", t):
            return "launch"
        return None
    if lp.endswith(JS):
        if base.startswith(PREFIX) or "api" in parts[:-1] or "scripts" in parts[:-1] or \
                re.match(r"(route|server|index)\.", base):
            return "js"
        return None
    if lp.endswith(CONF):
        return "config" if KEYRE.search(t) else None
    return None


def topkeys(p, t):
    lp = p.lower()
    try:
        if lp.endswith(".json"):
            o = json.loads(t)
            return tuple(sorted(o)) if isinstance(o, dict) else ("<" + type(o).__name__ + ">",)
    except ValueError:
        pass
    ks = re.findall(r'(?m)^(?:\[([^\]]+)\]|["\']?([A-Za-z_][\w.-]*)["\']?\s*[:=])', t)
    return tuple(sorted({a or b for a, b in ks}))


repos = sorted({m["repo"] for m in man})
blob = {(m["repo"], m["path"]): m["blob"] for m in man}
drawn = {}
for r in repos:
    units = {}
    for m in sorted((m for m in man if m["repo"] == r), key=lambda m: m["path"]):
        p = m["path"]; t = text(r, p)
        if excluded(p, t):
            continue
        k = entry(p, t)
        if not k:
            continue
        key = ("cfg", os.path.dirname(p), os.path.splitext(p)[1].lower(), topkeys(p, t)) if k == "config" else ("one", p)
        units.setdefault(key, []).append(p)
    ul = sorted(units.items(), key=lambda kv: kv[1][0])
    pick = rng.sample(ul, min(3, len(ul)))
    drawn[r] = [v[0] if len(v) == 1 else rng.choice(v) for _, v in pick]
    print(r, "entry units", len(ul), "groups>1", sum(len(v) > 1 for _, v in ul), "drawn", drawn[r], file=sys.stderr)

L = {(r, p): nlines(text(r, p)) for r in drawn for p in drawn[r]}
tot = lambda: (sum(len(v) for v in drawn.values()), sum(L[(r, p)] for r in drawn for p in drawn[r]))
dropped = []
while tot()[0] > 40 or tot()[1] > 8000:
    multi = [r for r in repos if len(drawn[r]) > 1]
    r = rng.choice(multi)
    dropped.append((r, drawn[r].pop()))
print("dropped", dropped, file=sys.stderr)

R = [r for r in repos if drawn[r]]
stat = {r: (len(drawn[r]), sum(L[(r, p)] for p in drawn[r])) for r in R}
best = None
for mask in range(1 << (len(R) - 1)):  # first repository always in A
    A = [R[0]] + [r for i, r in enumerate(R[1:]) if mask >> i & 1]
    B = [r for r in R if r not in A]
    fa, la = sum(stat[r][0] for r in A), sum(stat[r][1] for r in A)
    fb, lb = sum(stat[r][0] for r in B), sum(stat[r][1] for r in B)
    if not (ARGS.min_files <= fa <= 20 and ARGS.min_files <= fb <= 20 and la <= 4000 and lb <= 4000):
        continue
    score = (abs(la - lb), abs(fa - fb), mask)
    if best is None or score < best[0]:
        best = (score, A, B, (fa, la), (fb, lb))
assert best, "no split fits the targets"
_, A, B, sa, sb = best
for name, rs in (("A", A), ("B", B)):
    out = [{"repo": r, "path": p, "blob": blob[(r, p)], "lines": L[(r, p)]} for r in rs for p in drawn[r]]
    json.dump(out, open(os.path.join(C, f"batches-{name}.json"), "w"), indent=1)
print("A", sa, A, file=sys.stderr)
print("B", sb, B, file=sys.stderr)
