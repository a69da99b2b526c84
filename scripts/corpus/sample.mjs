#!/usr/bin/env node
// Draws the stratified random samples that real-code accuracy is judged on (docs/accuracy-rules.md).
//
//   node scripts/corpus/sample.mjs findings --scan SCAN.json --seed N [--total 330] [--min 25] [--exclude-labels]
//   node scripts/corpus/sample.mjs files    --scan SCAN.json --seed N [--with-findings 40] [--without 90]
//   node scripts/corpus/sample.mjs entry-points --scan SCAN.json --seed N [--count 60]
//
// SCAN.json is `wattlint scan . --format json` run from inside ../shared/corpus. The sample is deterministic for a
// seed and a scan. Findings already judged in test/corpus/labels/*.jsonl are left out with --exclude-labels, so a
// fresh sample after a change judges only findings nobody has judged. Output: JSON lines on stdout, one finding or
// file each, with repository, path, blob and line (facts only).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
function findCorpus() {
  if (process.env.WATTLINT_CORPUS) return process.env.WATTLINT_CORPUS;
  for (let d = join(root, '..'); ; d = dirname(d)) {
    if (existsSync(join(d, 'shared', 'corpus', 'MANIFEST.json'))) return join(d, 'shared', 'corpus');
    if (dirname(d) === d) return join(root, '..', 'shared', 'corpus');
  }
}
const corpus = findCorpus();

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  return process.argv[i + 1];
}

// mulberry32: a small seeded PRNG, so a seed names a sample.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(xs, rand) {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8'));
const byCorpusPath = new Map(manifest.map((m) => [`${m.repo.replace('/', '+')}/${m.path}`, m]));

function locate(file) {
  const m = byCorpusPath.get(file.replace(/\\/g, '/'));
  if (!m) throw new Error(`not in MANIFEST.json: ${file}`);
  return { repo: m.repo, path: m.path, blob: m.blob };
}

function labelled() {
  const dir = join(root, 'test', 'corpus', 'labels');
  const keys = new Set();
  if (!existsSync(dir)) return keys;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const l = JSON.parse(line);
      if (l.kind === 'finding') keys.add(`${l.blob}|${l.rule}|${l.line}`);
    }
  }
  return keys;
}

const mode = process.argv[2];
const scan = JSON.parse(readFileSync(arg('scan'), 'utf8'));
const seed = Number(arg('seed', '1'));
const rand = rng(seed);

if (mode === 'findings') {
  const total = Number(arg('total', '330'));
  const min = Number(arg('min', '25'));
  const skip = process.argv.includes('--exclude-labels') ? labelled() : new Set();
  const byRule = new Map();
  for (const f of scan.findings) {
    const loc = locate(f.file);
    if (skip.has(`${loc.blob}|${f.rule}|${f.line}`)) continue;
    if (!byRule.has(f.rule)) byRule.set(f.rule, []);
    byRule.get(f.rule).push({ ...loc, line: f.line, column: f.column, rule: f.rule, severity: f.severity, message: f.message });
  }
  const n = [...byRule.values()].reduce((s, xs) => s + xs.length, 0);
  for (const [rule, xs] of [...byRule.entries()].sort()) {
    const quota = Math.min(xs.length, Math.max(min, Math.round((total * xs.length) / n)));
    for (const f of shuffle(xs, rand).slice(0, quota)) console.log(JSON.stringify({ ...f, population: xs.length, sampled: quota }));
    process.stderr.write(`${rule}: ${quota} of ${xs.length}\n`);
  }
} else if (mode === 'files') {
  const withN = Number(arg('with-findings', '40'));
  const withoutN = Number(arg('without', '90'));
  const flagged = new Set(scan.findings.map((f) => f.file));
  // Files worth reading for misses: code and configs that name training or inference machinery.
  const signal = /\b(from_pretrained|DataLoader|\.generate\(|pipeline\(|Trainer\b|TrainingArguments|autocast|deepspeed|torch\.compile|vllm|mixed_precision|per_device_train_batch_size|micro_batch|\.backward\(|model\.eval\(|dynamic_batching|max_batch_size|precision:|bf16|fp16)/;
  const candidates = manifest
    .map((m) => `${m.repo.replace('/', '+')}/${m.path}`)
    .filter((p) => /\.(py|ipynb|ya?ml|json|toml|sh|pbtxt|[cm]?[jt]sx?)$/.test(p))
    .filter((p) => !flagged.has(p))
    .filter((p) => {
      try {
        return signal.test(readFileSync(join(corpus, p), 'utf8'));
      } catch {
        return false;
      }
    });
  const pick = [...shuffle([...flagged].sort(), rand).slice(0, withN), ...shuffle(candidates.sort(), rand).slice(0, withoutN)];
  for (const p of pick) console.log(JSON.stringify({ ...locate(p), flagged: flagged.has(p) }));
  process.stderr.write(`${Math.min(withN, flagged.size)} flagged + ${Math.min(withoutN, candidates.length)} of ${candidates.length} with ML signal\n`);
} else if (mode === 'entry-points') {
  // Files where waste is likeliest, for recall: scripts run as programs, notebooks, training/serving configs and
  // launch scripts, outside tests; files some label already covers are left out.
  const count = Number(arg('count', '60'));
  const read = new Set();
  const dir = join(root, 'test', 'corpus', 'labels');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line.trim()) read.add(JSON.parse(line).blob);
    }
  }
  const isTest = (p) => /(^|\/)(tests?|testing)\//.test(p) || /(^|\/)(test_[^/]*|[^/]*_test\.py|conftest\.py)$/.test(p);
  const entry = (p, text) => {
    if (/\.ipynb$/.test(p)) return /(from_pretrained|\.generate\(|DataLoader|Trainer|\.backward\()/.test(text);
    if (/\.py$/.test(p)) return /__name__\s*==\s*['"]__main__['"]/.test(text) && /(from_pretrained|\.generate\(|DataLoader|Trainer|\.backward\(|pipeline\()/.test(text);
    if (/\.sh$/.test(p)) return /(torchrun|accelerate launch|deepspeed|python[0-9.]* [^\n]*\.py|vllm serve|text-generation-launcher)/.test(text);
    if (/\.pbtxt$/.test(p)) return true;
    if (/\.(ya?ml|json|toml)$/.test(p)) return /(batch_size|micro_batch|precision|bf16|fp16|mixed_precision|gradient_accumulation|tensor_parallel|max_model_len)/.test(text);
    return false;
  };
  const candidates = manifest
    .filter((m) => !read.has(m.blob))
    .map((m) => `${m.repo.replace('/', '+')}/${m.path}`)
    .filter((p) => !isTest(p))
    .filter((p) => {
      try {
        return entry(p, readFileSync(join(corpus, p), 'utf8'));
      } catch {
        return false;
      }
    })
    .sort();
  // Stratified by kind so that Python (where most rules read) is not drowned by configs.
  const kinds = [
    ['python', /\.(py|ipynb)$/, 0.45],
    ['config', /\.(ya?ml|json|toml)$/, 0.3],
    ['launch', /\.sh$/, 0.17],
    ['triton', /\.pbtxt$/, 0.08],
  ];
  for (const [kind, re, share] of kinds) {
    const xs = candidates.filter((p) => re.test(p));
    const n = Math.min(xs.length, Math.round(count * share));
    for (const p of shuffle(xs, rand).slice(0, n)) console.log(JSON.stringify({ ...locate(p), flagged: scan.findings.some((f) => f.file === p) }));
    process.stderr.write(`${kind}: ${n} of ${xs.length}\n`);
  }
} else {
  process.stderr.write('usage: sample.mjs findings|files|entry-points --scan SCAN.json --seed N\n');
  process.exit(2);
}
