// schedule/no-carbon-awareness: the config-file check. A launch config for a flexible batch-training job that
// pins an explicit region on a high-carbon grid. The message names the cleanest region of the same provider in
// the bundled table (same continent where there is one). Advice only: data residency, quota and price differ.
import { lookupRegion } from '../../../data/lookup';
import { regionTable } from '../../../data/tables';
import { configJobs, localFact, makeFix, sourceText } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/**
 * gCO2/kWh at or above which a grid counts as high-intensity: about the world average (≈ 475 g/kWh in
 * codecarbon's table, from Ember / IEA data) less a margin; the cleanest cloud regions are below 100.
 */
export const HIGH_INTENSITY = 400;

function cleanerRegion(key: string): { key: string; g: number; location?: string } | undefined {
  const provider = key.includes(':') ? key.slice(0, key.indexOf(':')) : undefined;
  if (!provider || provider === 'country') return undefined;
  const name = key.slice(provider.length + 1);
  const continent = name.split('-')[0];
  let rows;
  try {
    rows = regionTable().regions.filter((r) => r.key.startsWith(`${provider}:`));
  } catch {
    return undefined;
  }
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const cur = latest.get(r.key);
    if (!cur || (r.year ?? 0) > (cur.year ?? 0)) latest.set(r.key, r);
  }
  const all = [...latest.values()];
  const near = all.filter((r) => r.key.slice(provider.length + 1).split('-')[0] === continent);
  const pool = near.length > 0 ? near : all;
  const best = pool.sort((a, b) => a.gCO2PerKWh - b.gCO2PerKWh)[0];
  return best && best.key !== key ? { key: best.key, g: best.gCO2PerKWh, location: best.location } : undefined;
}

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training') continue;
    const reg = localFact(ctx, job, 'region');
    if (!reg || !reg.span) continue;
    let info;
    try {
      info = lookupRegion(reg.fact.value);
    } catch {
      info = undefined;
    }
    if (!info || info.gCO2PerKWh < HIGH_INTENSITY) continue;
    const alt = cleanerRegion(info.key);
    const where = sourceText(ctx, reg.span) ?? reg.fact.value;
    const altText = alt
      ? `; ${alt.key.slice(alt.key.indexOf(':') + 1)}${alt.location ? ` (${alt.location})` : ''} runs at ${Math.round(alt.g)} g`
      : '';
    out.push({
      message: `\`${where}\` runs this batch training on a ${Math.round(info.gCO2PerKWh)} gCO2/kWh grid (${info.year})${altText}, or schedule it for low-carbon hours`,
      span: reg.span,
      fix: makeFix('manual', 'Choose a low-carbon region or time', []),
      jobId: job.id,
      patch: alt ? { region: alt.key } : undefined,
    });
  }
  return out;
}
