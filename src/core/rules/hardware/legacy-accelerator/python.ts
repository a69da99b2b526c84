// hardware/legacy-accelerator: the Python and notebook check. Launch code that pins the accelerator by name:
// Modal (`@app.function(gpu="T4")`, `gpu="V100:8"`) and SkyPilot (`sky.Resources(accelerators="V100:8")`). Same
// criteria as the config check: NVIDIA parts released before 2018 (V100 and older) for any job, Turing (T4) for
// training (the file trains: backward / optimizer step / a Trainer). Advice only; silent when the user marked the
// hardware as fixed or the name is dynamic or unknown.
import { callArgs, type PyNode } from '../../../extract/python/ast';
import { analysisOf, type PyAnalysis } from '../../../extract/python/analysis';
import { constString } from '../../../extract/python/consts';
import { fileTrains } from '../../../extract/python/index';
import { calleeLast } from '../../../extract/python/imports';
import { isPython } from '../../../extract/python/rulekit';
import { lookupHardware } from '../../../data/lookup';
import type { FindingDraft, RuleContext } from '../../rule';

const LEGACY_BEFORE_YEAR = 2018;

/** The accelerator-naming argument of a launch call, if this is one. */
function hardwareArg(a: PyAnalysis, call: PyNode): PyNode | undefined {
  const q = a.qname.get(call) ?? '';
  const kw = callArgs(a.text, call).keywords;
  if (q === 'sky.Resources') return kw.get('accelerators')?.value;
  const last = calleeLast(a.text, call);
  if ((last === 'function' || last === 'cls') && (a.imports.modules.has('modal') || q.startsWith('modal.'))) return kw.get('gpu')?.value;
  return undefined;
}

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc) || ctx.settings.hardwareFixed) return [];
  const a = analysisOf(ctx.doc);
  if (!a.imports.modules.has('modal') && !a.imports.modules.has('sky')) return [];
  const training = fileTrains(a);
  const out: FindingDraft[] = [];
  for (const call of a.calls) {
    const arg = hardwareArg(a, call);
    const value = arg ? constString(a.text, arg, a.consts) : undefined;
    if (!arg || !value) continue;
    const name = value.split(':')[0].trim();
    let hw;
    try {
      hw = lookupHardware(name);
    } catch {
      hw = undefined;
    }
    if (!hw || hw.vendor.toLowerCase() !== 'nvidia') continue;
    if (!(hw.year < LEGACY_BEFORE_YEAR || (training && hw.generation === 'Turing'))) continue;
    const instead = training ? 'an A100 or H100 (bf16 tensor cores)' : 'an L4 or A10G for serving';
    out.push({
      message: `\`${value}\` pins ${training ? 'training' : 'this job'} to ${hw.name} (${hw.generation}, ${hw.year}${hw.bf16 ? '' : ', no bf16'}); ${instead} does the same work for far less energy per step`,
      span: { start: arg.start, end: arg.end },
      fix: { safety: 'manual', title: `Move off ${hw.name}`, edits: [] },
      patch: { hardware: training ? 'A100 80GB SXM' : 'L4' },
    });
  }
  return out;
}
