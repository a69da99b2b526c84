// Generates the benchmark corpora in memory or under bench/.corpus (git-ignored): ML-heavy Python built from
// the bundled examples and labelled files, non-ML source of the same size class, and a 10,000-file tree.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

function read(rel: string): string {
  return readFileSync(join(repoRoot, rel), 'utf8');
}

/** ML-heavy Python: the bundled training / eval scripts repeated with renamed functions to about `lines` lines. */
export function mlPython(lines: number): string {
  const parts = ['examples/train.py', 'examples/evaluate.py', 'examples/classify_tickets.py', 'test/labelled/core/eval_loop.py',
    'test/labelled/core/generate_each.py', 'test/labelled/core/train_raw_loop.py', 'test/labelled/core/image_loader.py'].map(read);
  let out = '';
  let n = 0;
  let i = 0;
  while (out.split('\n').length < lines) {
    const p = parts[i % parts.length].split('def ').join(`def v${n}_`).split('class ').join(`class V${n}`);
    out += `${p}\n`;
    i++;
    n++;
  }
  return out;
}

/** Python with no ML content (a web app's models and views), about `bytes` long. */
export function plainPython(bytes: number): string {
  const unit = `from django.db import models\n\n\nclass Order(models.Model):\n    customer = models.ForeignKey("Customer", on_delete=models.CASCADE)\n    total = models.DecimalField(max_digits=10, decimal_places=2)\n    created = models.DateTimeField(auto_now_add=True)\n\n    def __str__(self):\n        return f"Order {self.pk} for {self.customer}"\n\n\ndef order_totals(orders):\n    return sum(o.total for o in orders if o.total > 0)\n\n`;
  return unit.repeat(Math.ceil(bytes / unit.length));
}

/** Non-ML YAML (CI workflows, app settings). */
export function plainYaml(bytes: number): string {
  const unit = `name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make check\n`;
  return unit.repeat(Math.ceil(bytes / unit.length));
}

/** Writes a tree of `count` files (about 1 in 10 ML files) and returns its root. */
export function writeTree(count: number): string {
  const root = join(repoRoot, 'bench', '.corpus', `tree-${count}`);
  rmSync(root, { recursive: true, force: true });
  const ml = [read('examples/train.py'), read('examples/configs/accelerate_fsdp.yaml'), read('examples/configs/ds_zero2.json'),
    read('examples/evaluate.py'), read('test/labelled/core/vllm_405b.yaml')];
  const mlNames = ['train.py', 'accelerate.yaml', 'ds.json', 'evaluate.py', 'vllm.yaml'];
  const plain = [plainPython(1500), plainYaml(600), '{"name": "pkg", "version": "1.0.0", "scripts": {"build": "tsc"}}\n', '# Notes\n\nNothing here.\n'];
  const plainNames = ['views.py', 'ci.yaml', 'package.json', 'NOTES.md'];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `pkg${Math.floor(i / 100)}`, `mod${Math.floor(i / 10) % 10}`);
    if (i % 10 === 0) mkdirSync(dir, { recursive: true });
    const isMl = i % 10 === 3;
    const k = i % (isMl ? ml.length : plain.length);
    writeFileSync(join(dir, `${i}_${isMl ? mlNames[k] : plainNames[k]}`), isMl ? ml[k] : plain[k]);
  }
  return root;
}
