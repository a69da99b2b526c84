#!/usr/bin/env python3
"""Verify a rebuilt corpusN ($WATTLINT_CORPUSN, default /work/corpusN): every (repo, path, blob) its label files
(test/corpus/corpusN/*.jsonl, notes/*.json) name is present with that git blob, and the MANIFEST matches the files."""
import glob, json, os, subprocess, sys
N = sys.argv[1]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "corpus", f"corpus{N}")
OUT = os.environ.get(f"WATTLINT_CORPUS{N}", f"/work/corpus{N}")

def refs_from(obj, acc, src):
    if isinstance(obj, dict):
        if {"repo", "path", "blob"} <= obj.keys():
            acc.setdefault((obj["repo"], obj["path"]), set()).add((obj["blob"], src))
        for v in obj.values():
            refs_from(v, acc, src)
    elif isinstance(obj, list):
        for v in obj:
            refs_from(v, acc, src)

def check(refs, label):
    pres = miss = mism = 0
    bad = []
    for (repo, path), blobs in sorted(refs.items()):
        fp = os.path.join(OUT, repo.replace("/", "+"), path)
        if not os.path.isfile(fp):
            miss += 1; bad.append(("missing", repo, path)); continue
        h = subprocess.run(["git", "hash-object", fp], capture_output=True, text=True).stdout.strip()
        if all(b == h for b, _ in blobs):
            pres += 1
        else:
            mism += 1; bad.append(("blob-mismatch", repo, path, h, sorted(blobs)))
    print(f"{label}: {len(refs)} distinct (repo,path): present {pres}, missing {miss}, blob-mismatched {mism}")
    for b in bad:
        print("  ", b)

labels = {}
nlines = 0
for f in sorted(glob.glob(os.path.join(SRC, "*.jsonl"))):
    for line in open(f):
        if line.strip():
            nlines += 1
            refs_from(json.loads(line), labels, os.path.basename(f))
print("label lines:", nlines)
check(labels, "label files")
notes = {}
for f in sorted(glob.glob(os.path.join(SRC, "notes", "*.json"))):
    refs_from(json.load(open(f)), notes, os.path.basename(f))
if notes:
    check(notes, "notes/*.json")
# manifest self-check
man = json.load(open(os.path.join(OUT, "MANIFEST.json")))
bad = 0
for m in man:
    fp = os.path.join(OUT, m["repo"].replace("/", "+"), m["path"])
    h = subprocess.run(["git", "hash-object", fp], capture_output=True, text=True).stdout.strip()
    bad += h != m["blob"]
nfiles = sum(len(fs) for _, _, fs in os.walk(OUT)) - 2  # minus MANIFEST.json, repos.json
print(f"manifest entries {len(man)}, files on disk {nfiles}, manifest blob mismatches {bad}")
