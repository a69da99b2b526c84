#!/usr/bin/env python3
"""Rebuild corpusN (test/corpus/corpusN/README.md) from bare git snapshots of its repositories at the commits pinned
in test/corpus/corpusN/repos.json. The snapshots are fetched beforehand, one bare repository per repository at
$WATTLINT_MIRROR/<owner>+<name>/repo (default /work/.mirror, where a session's `fetch` tool puts them); the corpus is
written to $WATTLINT_CORPUSN (default /work/corpusN) with its MANIFEST.json. test/corpus/README.md gives each
corpus's flags.
Usage: rebuild.py N [--maxf 150] [--seed 4] [--include-labels] [--fill-seed S] [--no-bad-dirs] [--force REPO:PATH]
Variant of build.py with flags: 'qualifying' optional in repos.json; --include-labels keeps every
labelled (repo,path) of corpusN/*.jsonl and notes/*.json and fills up to the repo's count by a
fixed-seed draw from the other qualifying paths (the corpus2/3 "rebuilt" rule)."""
import argparse, glob, json, os, random, re, subprocess, sys

MIRROR = os.environ.get("WATTLINT_MIRROR", "/work/.mirror")
ap = argparse.ArgumentParser()
ap.add_argument("N"); ap.add_argument("--maxf", type=int, default=150)
ap.add_argument("--seed", type=int, default=4); ap.add_argument("--include-labels", action="store_true")
ap.add_argument("--fill-seed", type=int, default=None)
ap.add_argument("--force", action="append", default=[], help="REPO:PATH kept like a labelled path (e.g. modules labelled scripts import)")
ap.add_argument("--no-bad-dirs", action="store_true", help="do not skip vendor/third_party/.github/... folders (corpus2/3 rule)")
A = ap.parse_args()
N = A.N
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "corpus", f"corpus{N}")
OUT = os.environ.get(f"WATTLINT_CORPUS{N}", f"/work/corpus{N}")
EXTS = (".py", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".pbtxt", ".cfg",
        ".sh", ".js", ".ts", ".mjs", ".tsx")
PAT = re.compile(rb"torch|tensorflow|jax|transformers|deepspeed|accelerate|vllm|cuda|gpu|"
                 rb"batch_size|bf16|fp16|openai|anthropic|gemini|llm|model|train|inference|generate",
                 re.I)
MAXB = 512 * 1024
MAXF = A.maxf
BAD = {"vendor", "vendored", "third_party", "third-party", "thirdparty", "3rdparty",
       "node_modules", ".github"}


def git(gd, *args, inp=None):
    return subprocess.run(["git", "--git-dir", gd, *args], input=inp,
                          capture_output=True, check=True).stdout


def labelled():
    acc = {}
    def walk(o):
        if isinstance(o, dict):
            if {"repo", "path", "blob"} <= o.keys():
                acc.setdefault(o["repo"], {})[o["path"]] = o["blob"]
            for v in o.values(): walk(v)
        elif isinstance(o, list):
            for v in o: walk(v)
    for f in sorted(glob.glob(os.path.join(SRC, "*.jsonl"))):
        for line in open(f):
            if line.strip(): walk(json.loads(line))
    for f in sorted(glob.glob(os.path.join(SRC, "notes", "*.json"))):
        walk(json.load(open(f)))
    return acc


def main():
    LAB = labelled() if A.include_labels else {}
    for f in A.force:
        r, p = f.split(":", 1)
        LAB.setdefault(r, {})[p] = None
    pinned = json.load(open(os.path.join(SRC, "repos.json")))
    manifest, repos_out, bad = [], [], []
    for ent0 in sorted(pinned, key=lambda r: r["repo"]):
        repo, commit = ent0["repo"], ent0["commit"]
        gd = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
        head = git(gd, "rev-parse", "HEAD").decode().strip()
        git(gd, "cat-file", "-e", commit + "^{commit}")
        tree = git(gd, "ls-tree", "-r", "-z", commit).split(b"\0")
        qual = {}
        missing = []
        for ent in tree:
            if not ent:
                continue
            meta, path = ent.split(b"\t", 1)
            mode, typ, sha = meta.decode().split()
            path = path.decode("utf-8", "surrogateescape")
            if typ != "blob" or mode not in ("100644", "100755"):
                continue
            if not path.lower().endswith(EXTS):
                continue
            if not A.no_bad_dirs and any(c in BAD for c in path.split("/")):
                continue
            try:
                size = int(git(gd, "cat-file", "-s", sha))
            except subprocess.CalledProcessError:
                missing.append(path)  # absent from snapshot (>=4 MiB), over limit anyway
                continue
            if size > MAXB:
                continue
            data = git(gd, "cat-file", "blob", sha)
            if PAT.search(data):
                qual[path] = (sha, data)
        paths = sorted(qual)
        nq = len(paths)
        labs = LAB.get(repo, {})
        if labs or (A.include_labels and nq > ent0["files"]):
            # labelled paths first (their blob at the pinned commit), then a fixed-seed fill
            lab_notq = []
            for p, b in labs.items():
                if p not in qual:
                    try:
                        sha = git(gd, "rev-parse", f"{commit}:{p}").decode().strip()
                        qual[p] = (sha, git(gd, "cat-file", "blob", sha))
                    except subprocess.CalledProcessError:
                        continue
                    lab_notq.append(p)
            keep = sorted(set(labs) & set(qual))
            target = ent0["files"]
            rest = sorted(set(paths) - set(keep))
            need = max(0, target - len(keep))
            fs = A.fill_seed if A.fill_seed is not None else A.seed
            fill = rest if need >= len(rest) else random.Random(fs).sample(rest, need)
            paths = sorted(set(keep) | set(fill))
            print(repo, "labelled", len(labs), "kept", len(keep), "labelled-not-qualifying", lab_notq, file=sys.stderr)
        elif nq > MAXF:
            paths = sorted(random.Random(A.seed).sample(paths, MAXF))
        odir = os.path.join(OUT, repo.replace("/", "+"))
        for p in paths:
            sha, data = qual[p]
            fp = os.path.join(odir, p)
            os.makedirs(os.path.dirname(fp), exist_ok=True)
            with open(fp, "wb") as f:
                f.write(data)
            manifest.append({"repo": repo, "commit": commit, "path": p, "blob": sha})
        repos_out.append({"repo": repo, "commit": commit, "files": len(paths), "qualifying": nq})
        ok = len(paths) == ent0["files"] and (not labs or set(labs) <= set(paths)) and ent0.get("qualifying", nq) == nq
        if not ok:
            bad.append(repo)
        print(repo, commit, "head==pin" if head == commit else f"HEAD={head}",
              len(paths), nq, "expected", ent0["files"], ent0.get("qualifying"),
              "OK" if ok else "MISMATCH", "missing-blobs:", missing, file=sys.stderr)
    with open(os.path.join(OUT, "MANIFEST.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(OUT, "repos.json"), "w") as f:
        json.dump(repos_out, f, indent=1)
    print("files written:", len(manifest), "count mismatches:", bad, file=sys.stderr)


if __name__ == "__main__":
    main()
