// The file-system WorkspaceReader's fast paths give what the plain ones give: a path already in normal form is
// its own normal form, and a lookup answered from folder listings finds exactly the files a stat would.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../src/core/engine/range';
import { normalizeWorkspacePath, normalizeWorkspacePathGeneral } from '../../src/core/settings';
import { fsWorkspace } from '../../src/node/workspace';

/** The general case of normalizeWorkspacePath, as documented (the reference the fast path must agree with). */
const reference = normalizeWorkspacePathGeneral;

describe('workspace reader', () => {
  it('normalises paths as the general rule does, fast path or not', () => {
    const fixed = ['a/b.py', 'a//b', './a', 'a/./b', 'a/../b', '../a', 'a/', '/a', '~/a', 'C:/a', 'c:a', 'a\\b', 'a\0b', '.', '..', '', '.a/b', 'a/..b', 'a/b..', '~', 'ab:c', '1:x'];
    for (const p of fixed) assert.equal(normalizeWorkspacePath(p), reference(p), JSON.stringify(p));
    const rand = mulberry32(7);
    const alphabet = ['a', 'b', '.', '/', '\\', '~', ':', 'C', '_', '-', '\0', 'é'];
    for (let k = 0; k < 5000; k++) {
      let p = '';
      const n = Math.floor(rand() * 9);
      for (let i = 0; i < n; i++) p += alphabet[Math.floor(rand() * alphabet.length)];
      assert.equal(normalizeWorkspacePath(p), reference(p), JSON.stringify(p));
    }
  });

  it('finds every file a plain stat finds when it answers misses from folder listings', () => {
    const root = mkdtempSync(join(tmpdir(), 'wattlint-reader-'));
    try {
      mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
      writeFileSync(join(root, 'pkg', 'mod.py'), 'X = 1\n');
      writeFileSync(join(root, 'pkg', 'sub', '__init__.py'), 'Y = 2\n');
      writeFileSync(join(root, 'pkg', 'Upper.py'), 'Z = 3\n');
      writeFileSync(join(root, 'requirements.txt'), 'torch==2.1\n');
      writeFileSync(join(root, '.hidden.py'), 'H = 1\n');
      symlinkSync(join(root, 'pkg', 'mod.py'), join(root, 'pkg', 'link.py'));
      symlinkSync(join(root, 'nowhere.py'), join(root, 'pkg', 'dangling.py'));
      const paths = [
        'pkg/mod.py', 'pkg/sub/__init__.py', 'pkg/Upper.py', 'pkg/upper.py', 'requirements.txt', '.hidden.py', 'pkg/link.py',
        'pkg/dangling.py', 'pkg/missing.py', 'pkg/missing/__init__.py', 'nope/a/b/c.py', 'pkg/mod.py/x', 'pkg/sub', 'pkg/mod.py.',
        'pkg/mod.py ', './pkg/mod.py', 'pkg//mod.py', '../x.py', 'pkg/../requirements.txt',
      ];
      const listed = fsWorkspace(root, undefined, 1 << 20, { listings: true });
      const plain = fsWorkspace(root, undefined, 1 << 20);
      for (const p of paths) {
        assert.equal(listed.read(p), plain.read(p), p);
        assert.equal(listed.whyNot?.(p), plain.whyNot?.(p), p);
      }
      assert.equal(listed.read('pkg/mod.py'), 'X = 1\n');
      assert.equal(listed.read('pkg/sub/__init__.py'), 'Y = 2\n');
      assert.equal(listed.read('pkg/missing.py'), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
