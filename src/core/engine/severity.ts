// No saving, no warning: a finding at warning (or error) severity keeps it only when the engine's paired estimate
// of its fix saves energy — the P10 of the paired saving is above zero. Otherwise it becomes info and says why: what
// the change costs or trades, or that nothing could be priced.
import type { Finding } from '../types';
import { percentRange } from '../report/units';

/** Whether a finding's saving is one the engine stands behind (P10 of the paired difference above zero). */
export function savesEnergy(f: Pick<Finding, 'saving' | 'patch'>): boolean {
  const s = f.saving;
  if (!s) return false;
  if (s.energyFraction.low > 0) return true;
  // A region move saves carbon, not energy: it counts when its carbon saving is sure.
  const onlyRegion = f.patch !== undefined && Object.keys(f.patch).every((k) => k === 'region');
  const co2 = s.co2Kg ?? s.rate?.co2Kg;
  return onlyRegion && co2 !== undefined && co2.low > 0;
}

/** The reason a finding is info rather than a warning, in words. */
export function demotionReason(f: Pick<Finding, 'saving' | 'patch'>): string {
  const s = f.saving;
  if (!s) return f.patch ? 'the engine cannot estimate what this change saves for this job' : 'the engine has no saving to weigh for this change';
  const trade = s.trades ? `; it ${s.trades}` : '';
  if (s.energyFraction.high < 0) return `the engine's paired estimate says this change costs ${percentRange({ low: -s.energyFraction.high, mid: -s.energyFraction.mid, high: -s.energyFraction.low })} more energy${trade}`;
  if (s.energyFraction.mid <= 0 && s.energyFraction.high <= 0.005) return `the engine's paired estimate finds no energy saving for this job${trade}`;
  return `the engine's paired estimate is not sure it saves energy (${percentRange(s.energyFraction, true)})${trade}`;
}

/** Applies the rule to one finding (in place). */
export function gateSeverity(f: Finding): void {
  if (f.severity === 'info' || savesEnergy(f)) return;
  f.severity = 'info';
  f.message = `${f.message} (Info, not a warning: ${demotionReason(f)}.)`;
}

/**
 * Whether a finding's saving is too small to report: the engine totals it for the whole run (per run, not a rate or a
 * day of serving) and even its P90 is below `minKWh`. A region move is judged by carbon, so it is never immaterial
 * here; 0 keeps every finding.
 */
export function immaterial(f: Pick<Finding, 'saving' | 'patch'>, minKWh: number): boolean {
  const s = f.saving;
  if (!(minKWh > 0) || !s || !s.energyKWh || s.per === 'day') return false;
  if (f.patch && Object.keys(f.patch).every((k) => k === 'region')) return false;
  return s.energyKWh.high < minKWh;
}
