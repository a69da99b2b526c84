// The hostile-input suite (issue 9): the CLI, as a user runs it (a child process, its exit code, a memory cap of
// 768 MB and a time limit), on inputs built to hang, blow up or escape it: YAML alias bombs, 50,000-deep nesting in
// every format, huge lines, binary and UTF-16 files under every extension, FIFOs, /dev/zero, link loops and links
// out of the root, references that climb out or name absolute paths, wrong-typed configs. Every case: exit 0 or 1,
// done within the limit, the problem named in `errors` (or `skipped` for the size cap), and nothing outside the
// root read (its canary never shows, the outside files' content never changes an estimate) or written.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../src/core/report/json';
import { repoRoot } from './fixtures';
import { makeTree } from './tmp-tree';

const CLI = join(repoRoot, 'out', 'src', 'cli', 'main.js');
const LIMIT_MS = 90_000;
const posix = process.platform !== 'win32';
const CANARY = 'CANARY-OUTSIDE-THE-ROOT';
const EXTS = ['py', 'ipynb', 'yaml', 'json', 'toml', 'pbtxt', 'sh', 'ts', 'js'];

interface Run {
  code: number;
  json?: JsonReport & { rejected?: unknown[]; notWritten?: unknown[] };
  out: string;
  err: string;
  ms: number;
}

function cli(cwd: string, ...args: string[]): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=768', CLI, ...args], { cwd, encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 256 * 1024 * 1024 });
  const ms = Date.now() - t0;
  assert.ok(r.signal === null, `killed by ${r.signal} after ${ms} ms (time limit or memory): ${r.stderr.slice(0, 500)}`);
  const code = r.status ?? -1;
  let json;
  if (args.includes('json')) {
    try {
      json = JSON.parse(r.stdout);
    } catch {
      assert.fail(`not JSON (exit ${code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
    }
  }
  return { code, json, out: r.stdout, err: r.stderr, ms };
}

/** Scan and fix --unsafe: both exit 0 or 1, print no internal error, and leak nothing from outside. */
function scanAndFix(root: string, path = '.'): Run {
  const scan = cli(root, 'scan', path, '--format', 'json');
  assert.ok(scan.code === 0 || scan.code === 1, `scan exit ${scan.code}: ${scan.err}`);
  assert.ok(!scan.out.includes(CANARY), 'nothing from outside the root is in the output');
  assert.ok(!/internal error/.test(scan.out + scan.err), scan.out.slice(0, 2000));
  const fix = cli(root, 'fix', path, '--unsafe', '--format', 'json');
  assert.ok(fix.code === 0 || fix.code === 1, `fix exit ${fix.code}: ${fix.err}`);
  assert.ok(!fix.out.includes(CANARY));
  return scan;
}

function errorFor(r: Run, file: string): string {
  const e = r.json!.errors.find((x) => x.file === file);
  assert.ok(e, `an error for ${file}: ${JSON.stringify(r.json!.errors)}`);
  return e.message;
}

describe('hostile input: the CLI stays bounded and inside the root', function () {
  this.timeout(10 * LIMIT_MS);
  let base: string;
  let root: string;
  let outside: string;
  beforeEach(() => {
    base = makeTree({ 'outside/ds.json': `{"fp16": {"enabled": false}, "comment": "${CANARY}"}\n`, 'outside/train.py': `# ${CANARY}\nfrom transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n` });
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(root);
  });
  afterEach(() => {
    // nothing outside was written
    assert.ok(readFileSync(join(outside, 'train.py'), 'utf8').startsWith(`# ${CANARY}\n`));
    assert.ok(!readFileSync(join(outside, 'train.py'), 'utf8').includes('bf16'));
    rmSync(base, { recursive: true, force: true });
  });
  const put = (rel: string, data: string | Buffer) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), data);
  };

  it('a YAML alias bomb (billion laughs)', () => {
    const lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    put('bomb.yaml', `trainer:\n  precision: 32\n${lines.join('\n')}\n`);
    put('ok.yaml', 'trainer:\n  precision: 32\n  accelerator: gpu\n');
    const r = scanAndFix(root);
    assert.ok(r.json!.summary.files >= 2);
  });

  it('50,000-deep nesting in every format', () => {
    const n = 50_000;
    put('deep.json', `{"train_micro_batch_size_per_gpu": 1, "x": ${'['.repeat(n)}${']'.repeat(n)}}`);
    put('deep_flow.yaml', `trainer:\n  precision: 32\nx: ${'['.repeat(n)}${']'.repeat(n)}\n`);
    // block nesting 1,000 levels deep (under the size cap: 3,000 levels would be skipped for size alone)
    put('deep_block.yaml', `trainer:\n  precision: 32\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`);
    put('deep.toml', `a = ${'['.repeat(n)}${']'.repeat(n)}\n`);
    put('deep.pbtxt', `name: "m"\nmax_batch_size: 8\n${'a { '.repeat(n)}${'} '.repeat(n)}\n`);
    put('deep.py', `import torch\nmodel = torch.nn.Linear(2, 2).cuda()\ny = ${'model('.repeat(n)}x${')'.repeat(n)}\n`);
    put('deep_list.py', `import torch\nx = ${'['.repeat(n)}${']'.repeat(n)}\n`);
    put('deep.ipynb', JSON.stringify({ cells: [{ cell_type: 'code', source: [`import torch\ny = ${'f('.repeat(n)}${')'.repeat(n)}\n`], metadata: {}, outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    put('deep.ts', `const x = ${'['.repeat(n)}${']'.repeat(n)};\nconst openai = 1;\n`);
    put('deep.sh', `${'$('.repeat(2000)}${')'.repeat(2000)}\naccelerate launch train.py\n`);
    const r = scanAndFix(root);
    for (const f of ['deep.json', 'deep_flow.yaml', 'deep_block.yaml', 'deep.toml', 'deep.pbtxt', 'deep.py', 'deep_list.py', 'deep.ipynb', 'deep.ts', 'deep.sh']) {
      assert.match(errorFor(r, f), /nested more than \d+ (levels|brackets|indentation levels) deep/, f);
    }
  });

  it('huge single lines: over the size cap is skipped and said so; under it is bounded', () => {
    put('huge.py', `import torch\nx = "${'a'.repeat(3 * 1024 * 1024)}"\n`);
    put('long.py', `import torch\nx = [${Array(200_000).fill('1').join(', ')}]\nmodel = torch.nn.Linear(2, 2).cuda()\n`);
    put('long.yaml', `trainer:\n  precision: 32\nx: [${Array(200_000).fill('1').join(', ')}]\n`);
    const r = scanAndFix(root);
    assert.ok(r.json!.skipped.some((s) => s.file === 'huge.py' && /size limit/.test(s.reason)));
  });

  it('binary files and UTF-16 / invalid UTF-8 files under every extension', () => {
    const bin = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x89, 0x50]);
    for (const e of EXTS) {
      put(`bin/x.${e}`, Buffer.concat([bin, Buffer.from('torch cuda bf16 batch_size')]));
      put(`utf16/x.${e}`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import torch\ntrainer:\n  precision: 32\n', 'utf16le')]));
      put(`latin1/x.${e}`, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('\nimport torch\n')]));
    }
    // invalid UTF-8 in a file with a fix: analysed, but never written (it could not be written back byte for byte)
    const lossy = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('\nfrom transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n')]);
    put('lossy/train.py', lossy);
    const r = scanAndFix(root);
    for (const e of EXTS) {
      assert.match(errorFor(r, `bin/x.${e}`), /binary/);
      assert.match(errorFor(r, `utf16/x.${e}`), /UTF-16/);
    }
    const fix = cli(root, 'fix', 'lossy', '--unsafe', '--format', 'json');
    assert.ok(fix.code === 0 || fix.code === 1, `exit ${fix.code}`);
    assert.match(fix.json!.notWritten!.map((n) => JSON.stringify(n)).join(' '), /lossy\/train\.py.*not valid UTF-8/);
    assert.ok(readFileSync(join(root, 'lossy/train.py')).equals(lossy), 'the bytes are unchanged');
  });

  it('FIFOs, /dev/zero, link loops and links out of the root', function () {
    if (!posix) this.skip();
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    execFileSync('mkfifo', [join(outside, 'pipe.json')]);
    symlinkSync('/dev/zero', join(root, 'zero.json'));
    symlinkSync('/dev/zero', join(root, 'zero.py'));
    symlinkSync('loop.yaml', join(root, 'loop.yaml'));
    symlinkSync(join(outside, 'train.py'), join(root, 'train.py'));
    symlinkSync(join(outside, 'ds.json'), join(root, 'ds.json'));
    symlinkSync(outside, join(root, 'linkdir'));
    put('launch.sh', 'deepspeed train.py --deepspeed pipe.yaml\ndeepspeed x.py --deepspeed zero.json\ndeepspeed y.py --deepspeed ../outside/pipe.json\n');
    const r = scanAndFix(root);
    assert.match(errorFor(r, 'pipe.yaml'), /not a regular file/);
    assert.match(errorFor(r, 'loop.yaml'), /loop of symbolic links/);
    assert.match(errorFor(r, 'train.py'), /outside the scanned folder/);
    assert.match(errorFor(r, 'ds.json'), /outside the scanned folder/);
    assert.match(errorFor(r, 'zero.json'), /outside the scanned folder|not a regular file/);
    assert.ok(!r.json!.findings.some((f) => f.file.startsWith('linkdir')), 'a linked folder is not followed');
    // naming the special files on the command line
    for (const p of ['pipe.yaml', 'zero.py', 'loop.yaml']) {
      const one = cli(root, 'scan', p, '--format', 'json');
      assert.ok(one.code === 0 || one.code === 1, `${p}: exit ${one.code} ${one.err}`);
      assert.equal(one.json!.errors.length, 1, p);
    }
  });

  it('references that climb out of the root or name absolute paths, in every config language', () => {
    put('sub/launch.sh', `deepspeed train.py --deepspeed ../../outside/ds.json\ndeepspeed t.py --deepspeed ${join(outside, 'ds.json')}\naccelerate launch --config_file /etc/passwd train.py\n`);
    put('sub/conf/config.yaml', 'defaults:\n  - ../../../../outside/ds\n  - /etc/passwd\ntrainer:\n  precision: 32\n');
    put('sub/train.py', 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o", deepspeed="../../outside/ds.json")\n');
    put('sub/accel.yaml', 'compute_environment: LOCAL_MACHINE\ndeepspeed_config:\n  deepspeed_config_file: ../../outside/ds.json\nmixed_precision: "no"\n');
    const first = cli(root, 'scan', 'sub', '--format', 'json', '--no-estimates');
    const refs = first.json!.errors.filter((e) => e.kind === 'reference');
    assert.ok(refs.length >= 3, JSON.stringify(first.json!.errors));
    assert.ok(refs.every((e) => /was not read/.test(e.message)));
    // the outside DeepSpeed file said fp16 off; now bf16 on: had it been read, the jobs would change
    writeFileSync(join(outside, 'ds.json'), `{"bf16": {"enabled": true}, "comment": "${CANARY}"}\n`);
    const again = cli(root, 'scan', 'sub', '--format', 'json', '--no-estimates');
    assert.deepEqual(again.json!.jobs, first.json!.jobs);
    assert.deepEqual(again.json!.findings, first.json!.findings);
    scanAndFix(root, 'sub');
  });

  it('wrong-typed config files', () => {
    put('ds_array.json', '[1, 2, 3]\n');
    put('ds_types.json', '{"train_micro_batch_size_per_gpu": "abc", "fp16": "yes", "bf16": [1], "gradient_accumulation_steps": {"a": 1}}\n');
    put('ds_null.json', 'null\n');
    put('acc.yaml', 'compute_environment: LOCAL_MACHINE\nmixed_precision: [1, 2]\nnum_processes: "many"\n');
    put('scalar.yaml', '42\n');
    put('list.yaml', '- trainer\n- precision: 32\n');
    put('trainer.yaml', 'trainer:\n  precision: {a: 1}\n  devices: [x]\n  max_epochs: "ten"\n');
    put('bad.ipynb', '{"cells": "not a list", "nbformat": 4}\n');
    put('cells.ipynb', '{"cells": [1, null, {"cell_type": "code", "source": 5}], "nbformat": 4}\n');
    put('config.pbtxt', 'max_batch_size: "x"\ninput [ 1, 2 ]\n');
    put('sub/wattlint.toml', 'hardware = 5\nrules = "all"\n');
    put('sub/train.py', 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n');
    put('pyproject.toml', '[tool.wattlint]\n');
    const r = scanAndFix(root);
    assert.match(errorFor(r, 'sub/wattlint.toml'), /folder sub\/ was not scanned/);
    assert.ok(!r.json!.findings.some((f) => f.file.startsWith('sub/')));
    // a setting of the wrong type is ignored and said where it stands, by what it takes, without quoting the value
    const typed = r.json!.errors.filter((e) => e.file === 'ds_types.json');
    assert.ok(typed.some((e) => e.line === 1 && /takes a number; its value is not one, so it was ignored/.test(e.message)), JSON.stringify(typed));
    const acc = r.json!.errors.filter((e) => e.file === 'acc.yaml');
    assert.ok(acc.some((e) => e.line === 3 && /takes a number/.test(e.message)), JSON.stringify(acc));
    assert.ok(!JSON.stringify(r.json!.errors).includes('many') && !JSON.stringify(r.json!.errors).includes('abc'), 'values are not quoted');
  });
});


