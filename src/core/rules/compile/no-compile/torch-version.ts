// compile/no-compile: torch.compile exists from PyTorch 2.0. A project whose declared dependencies (requirements,
// pyproject, setup.py, conda environment.yml — read by extract/deps.ts, nearest folder first) allow only PyTorch
// 1.x cannot follow the advice without an upgrade that is not the rule's to propose.
import { declaredVersion } from '../../../extract/deps';
import { parseRange, rangeWithin } from '../../../data/versions';
import type { RuleContext } from '../../rule';

const BEFORE_2 = parseRange('<2')!;

export function torchBefore2(ctx: RuleContext): boolean {
  const d = declaredVersion(ctx.workspace, ctx.doc.path, 'torch');
  return d !== undefined && rangeWithin(d.range, BEFORE_2);
}
