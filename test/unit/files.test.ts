// The CLI's file walk: .gitignore (nested, negated, enclosing), folders always skipped, size limit, exclude globs.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toPosix, walkPaths } from '../../src/cli/files';
import { makeTree } from './tmp-tree';

describe('cli: file walk', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const walk = (opts: Partial<{ exclude: string[]; maxFileBytes: number }> = {}, paths = [root]) => {
    const r = walkPaths(paths, { root, maxFileBytes: opts.maxFileBytes ?? 1000, exclude: opts.exclude ?? [] });
    return { files: r.files.map((f) => toPosix(relative(root, f))), skipped: r.skipped.map((s) => [toPosix(relative(root, s.path)), s.reason]) };
  };

  it('reads the file types it knows and nothing else', () => {
    root = makeTree({ 'a.py': '', 'b.yaml': '', 'c.txt': '', 'd.ipynb': '{}', 'e.png': '', 'sub/f.json': '{}' });
    assert.deepEqual(walk().files, ['a.py', 'b.yaml', 'd.ipynb', 'sub/f.json']);
  });

  it('respects .gitignore, nested ones and negations', () => {
    root = makeTree({
      '.gitignore': 'build/\n*.log.py\nsecret.yaml\n',
      'build/x.py': '',
      'keep.py': '',
      'a.log.py': '',
      'secret.yaml': '',
      'sub/.gitignore': 'local.py\n!secret.yaml\n',
      'sub/local.py': '',
      'sub/secret.yaml': '',
      'sub/ok.py': '',
      'other/local.py': '',
    });
    assert.deepEqual(walk().files, ['keep.py', 'other/local.py', 'sub/ok.py', 'sub/secret.yaml']);
  });

  it('applies the .gitignore of enclosing folders when scanning a subfolder', () => {
    root = makeTree({ '.git/HEAD': '', '.gitignore': 'gen/\n', 'src/gen/x.py': '', 'src/y.py': '' });
    assert.deepEqual(walk({}, [join(root, 'src')]).files, ['src/y.py']);
  });

  it('scans a folder named explicitly even if an enclosing .gitignore excludes it', () => {
    root = makeTree({ '.git/HEAD': '', '.gitignore': 'corpus/\n', 'corpus/a.py': '', 'corpus/.gitignore': 'b.py\n', 'corpus/b.py': '' });
    assert.deepEqual(walk({}, [join(root, 'corpus')]).files, ['corpus/a.py']);
    assert.deepEqual(walk().files, []);
  });

  it('skips node_modules and virtualenvs and says so; skips caches quietly', () => {
    root = makeTree({
      'node_modules/p/index.js': '',
      '.venv/lib/x.py': '',
      'myenv/pyvenv.cfg': 'home = /usr',
      'myenv/lib/site.py': '',
      'lib/site-packages/torch/x.py': '',
      '__pycache__/a.py': '',
      '.git/hooks/x.sh': '',
      'train.py': '',
    });
    const r = walk();
    assert.deepEqual(r.files, ['train.py']);
    assert.deepEqual(r.skipped.map((s) => s[0]).sort(), ['.venv', 'lib/site-packages', 'myenv', 'node_modules']);
  });

  it('does not report folders that .gitignore already excludes', () => {
    root = makeTree({ '.gitignore': 'node_modules/\n.venv/\n', 'node_modules/p/a.js': '', '.venv/a.py': '', 'a.py': '' });
    assert.deepEqual(walk(), { files: ['a.py'], skipped: [] });
  });

  it('reports files over the size limit', () => {
    root = makeTree({ 'big.json': 'x'.repeat(2000), 'small.json': '{}' });
    const r = walk({ maxFileBytes: 1024 });
    assert.deepEqual(r.files, ['small.json']);
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0][0], 'big.json');
    assert.match(r.skipped[0][1], /larger than the 1 KB size limit/);
  });

  it('applies exclude globs to files and folders', () => {
    root = makeTree({ 'legacy/a.py': '', 'gen/b.py': '', 'c_test.py': '', 'd.py': '' });
    assert.deepEqual(walk({ exclude: ['legacy', 'gen/**', '*_test.py'] }).files, ['d.py']);
  });

  it('reads an explicitly named file even if ignored, and names unreadable types', () => {
    root = makeTree({ '.gitignore': 'x.py\n', 'x.py': '', 'notes.txt': '' });
    const r = walk({}, [join(root, 'x.py'), join(root, 'notes.txt')]);
    assert.deepEqual(r.files, ['x.py']);
    assert.deepEqual(r.skipped, [['notes.txt', 'not a file type Wattlint reads']]);
  });
});
