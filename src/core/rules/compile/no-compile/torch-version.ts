// compile/no-compile: torch.compile exists from PyTorch 2.0 (the shared library-defaults table, rows
// torch/compile-unavailable and torch/compile-available, with their sources). A project whose declared dependencies
// (requirements, pyproject, setup.py, conda environment.yml — read by extract/deps.ts, nearest folder first) allow
// only PyTorch 1.x cannot follow the advice without an upgrade that is not the rule's to propose. Used by the config
// and the training-loop checks alike.
import { declaredVersion } from '../../../extract/deps';
import { resolveDefault } from '../../../data/library-defaults';
import type { RuleContext } from '../../rule';

export function torchBefore2(ctx: RuleContext): boolean {
  const d = declaredVersion(ctx.workspace, ctx.doc.path, 'torch');
  if (!d) return false;
  const r = resolveDefault('torch.compile', 'available', d.range);
  return r.kind === 'known' && r.row.value === false;
}
