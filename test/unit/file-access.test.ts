// Regression tests for issue 9's file-access items: references resolved inside the scanned folder only (9), error
// messages that never quote the bytes read (10), special files and the size cap (11), a bad sub-project config
// (14, in cli.test.ts), control characters in names, stack traces, UTF-16 (15).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { allRules } from '../../src/core/rules';
import type { Rule } from '../../src/core/rules/rule';
import { readTextFile } from '../../src/node/fs-access';
import { fsWorkspace } from '../../src/node/workspace';
import type { JsonReport } from '../../src/core/report/json';
import { runCli } from './cli.test';
import { makeTree } from './tmp-tree';

const posix = process.platform !== 'win32';

async function scan(cwd: string, ...args: string[]): Promise<{ code: number; json: JsonReport }> {
  const r = await runCli(['scan', ...args, '--format', 'json', '--no-estimates'], cwd);
  assert.ok(r.out, r.err);
  return { code: r.code, json: JSON.parse(r.out) as JsonReport };
}

describe('file access: references stay inside the scanned folder (item 9)', () => {
  let base: string;
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('`--deepspeed ../x.json`, `--config_file ../acc.yaml`, Hydra `defaults` climbing out: reported, not read; the outside content changes nothing', async () => {
    base = makeTree({
      'sub/launch.sh': 'deepspeed train.py --deepspeed ../x.json --model_name_or_path gpt2\naccelerate launch --config_file ../acc.yaml train.py\n',
      'sub/conf/config.yaml': 'defaults:\n  - ../../../outside/trainer\ntrainer:\n  max_epochs: 3\n',
      'acc.yaml': 'mixed_precision: "no"\n',
    });
    const run = async (ds: string) => {
      writeFileSync(join(base, 'x.json'), ds);
      return scan(base, 'sub');
    };
    const a = await run('{"train_micro_batch_size_per_gpu": 1, "fp16": {"enabled": false}}\n');
    const b = await run('{"train_micro_batch_size_per_gpu": 64, "bf16": {"enabled": true}}\n');
    assert.deepEqual(a.json.jobs, b.json.jobs, 'the job model does not depend on a file outside the scanned folder');
    assert.deepEqual(a.json.findings, b.json.findings);
    const refs = a.json.errors.map((e) => [e.file, e.line, e.message.replace(/ the facts.*/, '')]);
    assert.deepEqual(refs, [
      ['sub/conf/config.yaml', 2, 'the referenced file `sub/conf/../../../outside/trainer.yaml` was not read (outside the scanned folder);'],
      ['sub/launch.sh', 1, 'the referenced file `x.json` was not read (outside the scanned folder);'],
      ['sub/launch.sh', 2, 'the referenced file `acc.yaml` was not read (outside the scanned folder);'],
    ]);
    assert.ok(a.json.errors.every((e) => e.kind === 'reference'));
    // scanning the parent folder reads them: the same references are inside it
    const whole = await scan(base, '.');
    assert.ok(!whole.json.errors.some((e) => /x\.json|acc\.yaml/.test(e.message)), JSON.stringify(whole.json.errors));
  });

  it('an absolute path in a config is never read', async () => {
    base = makeTree({ 'outside/ds.json': '{"fp16": {"enabled": false}}\n', 'proj/run.sh': '' });
    writeFileSync(join(base, 'proj', 'run.sh'), `deepspeed train.py --deepspeed ${join(base, 'outside', 'ds.json')}\n`);
    const { json } = await scan(join(base, 'proj'), '.');
    assert.equal(json.errors.length, 1);
    assert.match(json.errors[0].message, /was not read \(outside the scanned folder\)/);
  });

  it('the disk reader refuses paths that leave its roots, lexically or through a link', function () {
    base = makeTree({ 'root/in.json': '{}', 'out.json': '{"secret": 1}' });
    const ws = fsWorkspace(join(base, 'root'), undefined, 1024);
    assert.equal(ws.read('in.json'), '{}');
    assert.equal(ws.read('../out.json'), undefined);
    assert.match(ws.whyNot!('../out.json')!, /outside the scanned folder/);
    if (!posix) return;
    symlinkSync(join(base, 'out.json'), join(base, 'root', 'link.json'));
    assert.equal(ws.read('link.json'), undefined);
    assert.match(ws.whyNot!('link.json')!, /symbolic link to a file outside/);
  });
});

describe('file access: error messages never quote what they read (item 10)', () => {
  let base: string;
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const secret = 'root:$6$SECRETHASH:19000:0:99999:7:::\n';

  it('`baseline = "/etc/shadow"` in the config: refused before reading, the message names the key', async () => {
    base = makeTree({ 'secret': secret, 'proj/a.yaml': 'x: 1\n' });
    writeFileSync(join(base, 'proj', 'wattlint.toml'), `baseline = "${join(base, 'secret').replace(/\\/g, '/')}"\n`);
    const r = await runCli(['scan', '.'], join(base, 'proj'));
    assert.equal(r.code, 2);
    assert.match(r.err, /wattlint\.toml: baseline: expected a path inside/);
    assert.ok(!r.err.includes('SECRET') && !r.err.includes('root:'), r.err);
  });

  it('a baseline named on the command line that is not JSON: position only', async () => {
    base = makeTree({ 'secret': secret, 'a.yaml': 'x: 1\n' });
    const r = await runCli(['scan', '.', '--baseline', 'secret'], base);
    assert.equal(r.code, 2);
    assert.match(r.err, /baseline secret: not valid JSON at line 1/);
    assert.ok(!r.err.includes('SECRET') && !r.err.includes('root:'), r.err);
  });

  it('a config that is not TOML', async () => {
    base = makeTree({ 'wattlint.toml': secret, 'a.yaml': 'x: 1\n' });
    const r = await runCli(['scan', '.'], base);
    assert.equal(r.code, 2);
    assert.ok(!r.err.includes('SECRET'), r.err);
  });
});

describe('file access: regular files only, size cap before reading (item 11)', function () {
  let base: string;
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  before(function () {
    if (!posix) this.skip();
  });

  it('a FIFO, a link to /dev/zero and config references to both: refused at once, the scan goes on', async () => {
    base = makeTree({ 'ok.yaml': 'trainer:\n  precision: 32\n', 'launch.sh': 'deepspeed train.py --deepspeed pipe.json\ndeepspeed train.py --deepspeed zero.json\n' });
    execFileSync('mkfifo', [join(base, 'pipe.json')]);
    execFileSync('mkfifo', [join(base, 'fifo.yaml')]);
    symlinkSync('/dev/zero', join(base, 'zero.json'));
    const t0 = Date.now();
    const { json } = await scan(base, '.');
    assert.ok(Date.now() - t0 < 20_000, 'no hang');
    const byFile = Object.fromEntries(json.errors.map((e) => [e.file, e.message]));
    assert.match(byFile['fifo.yaml'], /not a regular file/);
    assert.match(byFile['pipe.json'], /not a regular file/);
    assert.match(byFile['zero.json'], /symbolic link to a file outside|not a regular file/);
    assert.ok(json.errors.some((e) => e.file === 'launch.sh' && /pipe\.json` was not read/.test(e.message)));
    // naming a FIFO on the command line
    const named = await scan(base, 'fifo.yaml');
    assert.match(named.json.errors[0].message, /not a regular file/);
  });

  it('the reader checks the size on the open file, before reading', () => {
    base = makeTree({ 'big.json': `{"a": "${'x'.repeat(5000)}"}` });
    const r = readTextFile(join(base, 'big.json'), { maxBytes: 1024 });
    assert.ok(!r.ok && r.kind === 'too-large');
    const dir = readTextFile(base, { maxBytes: 1024 });
    assert.ok(!dir.ok && dir.kind === 'not-regular');
    const dev = readTextFile('/dev/zero', { maxBytes: 1024 });
    assert.ok(!dev.ok && dev.kind === 'not-regular');
  });

  it('a symlink loop is named, not followed', async () => {
    base = makeTree({ 'a.yaml': 'x: 1\n' });
    symlinkSync('loop.yaml', join(base, 'loop.yaml'));
    const { json } = await scan(base, '.');
    assert.deepEqual(json.errors.map((e) => [e.file, e.message]), [['loop.yaml', 'a loop of symbolic links; not read']]);
  });
});

// A test-only rule that throws, to see what the error says.
const THROWS: Rule = {
  meta: { id: 'test/throws', title: 'test', severity: 'warning', fixSafety: 'none', languages: ['yaml'] },
  docs: { whatItDoes: 't', whyItCosts: 't', example: { file: 'a.yaml', code: '' }, useInstead: { file: 'a.yaml', code: '' }, fixSafety: 't', estimatedImpact: 't' },
  check() {
    throw new TypeError('boom');
  },
};

describe('file access: names and messages are safe to print (item 15)', () => {
  let base: string;
  afterEach(() => base && rmSync(base, { recursive: true, force: true }));

  it('ANSI escapes in a file name are shown escaped in text output, exact in JSON', async function () {
    if (!posix) this.skip();
    const name = 'evil\u001b[2J\u001b[31m.yaml';
    base = makeTree({});
    writeFileSync(join(base, name), 'trainer:\n  precision: [32\n');
    const text = await runCli(['scan', '.'], base);
    assert.ok(!text.out.includes('\u001b'), JSON.stringify(text.out));
    assert.match(text.out, /evil\\x1b\[2J\\x1b\[31m\.yaml/);
    const { json } = await scan(base, '.');
    assert.equal(json.errors[0].file, name);
  });

  it('an internal error says what failed, without a stack trace', () => {
    (allRules as Rule[]).push(THROWS);
    try {
      const r = analyzeText('a.yaml', 'a: 1\n', { settings: resolveSettings(), onlyRules: ['test/throws'] });
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0].message, 'internal error in rule test/throws: boom (please report this)');
      assert.equal(r.incomplete, true);
    } finally {
      (allRules as Rule[]).splice((allRules as Rule[]).indexOf(THROWS), 1);
    }
  });

  it('a UTF-16 file is named in errors, not skipped silently; so is binary content', async () => {
    base = makeTree({});
    writeFileSync(join(base, 'cfg.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')]));
    writeFileSync(join(base, 'nobom.json'), Buffer.from('{"fp16": {"enabled": false}}', 'utf16le'));
    writeFileSync(join(base, 'bin.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
    const { json } = await scan(base, '.');
    const byFile = Object.fromEntries(json.errors.map((e) => [e.file, e.message]));
    assert.match(byFile['cfg.yaml'], /UTF-16/);
    assert.match(byFile['nobom.json'], /UTF-16/);
    assert.match(byFile['bin.py'], /binary/);
  });
});


