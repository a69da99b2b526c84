// CPU-only jobs: the engine models accelerators, so a CPU job gets a rate per hour from one CPU package's power
// (CPU_PACKAGE_W), the facility's PUE and the grid — never a total, which would need the job's duration.
import { lookupPue, lookupRegion, providerOf } from '../data/lookup';
import type { AnalysisSettings } from '../settings';
import type { JobFacts } from '../types';
import type { JobEstimate } from './index';
import { CPU_PACKAGE_W } from './priors';
import { fixed, propagate, range, sigRange, spread, type Uncertain } from './range';
import { factValues } from './resolve';
import { INTENSITY_VINTAGE_SPREAD } from './priors';

export function cpuEstimate(job: JobFacts, settings: AnalysisSettings): JobEstimate {
  const v = factValues(job);
  const notes: string[] = [`CPU job: one CPU package at ${CPU_PACKAGE_W.low}–${CPU_PACKAGE_W.high} W (${CPU_PACKAGE_W.source}); the engine's accelerator model does not apply`];
  const missing = ['hardware'];
  const regionName = v.region ?? settings.region;
  let region = regionName ? lookupRegion(regionName) : undefined;
  if (!region) {
    notes.push(regionName ? `unknown region "${regionName}": world average used` : 'no region stated: world-average grid intensity used');
    missing.push('region');
    region = lookupRegion('world')!;
  }
  const p = lookupPue(providerOf(region.key));
  const pue: Uncertain = settings.pue !== undefined ? fixed(settings.pue) : range(p.low, p.pue, p.high);
  const r = propagate(
    { watts: CPU_PACKAGE_W as Uncertain, pue, intensity: spread(region.gCO2PerKWh, INTENSITY_VINTAGE_SPREAD.low, INTENSITY_VINTAGE_SPREAD.high) },
    (x) => ({ kWh: (x.watts * x.pue) / 1000, co2: (x.watts * x.pue * x.intensity) / 1e6 }),
  );
  return {
    phase: job.phase,
    rate: {
      per: 'hour',
      energyKWh: sigRange(r.kWh),
      co2Kg: sigRange(r.co2),
      toTotal: "× the job's hours on the CPU",
    },
    audit: { carbonIntensityGPerKWh: region.gCO2PerKWh, carbonIntensityYear: region.year, region: region.key },
    assumptions: { hardware: 'CPU', powerW: CPU_PACKAGE_W.mid, pue: pue.mid, intensity: region.gCO2PerKWh, intensityYear: region.year, region: region.key, sources: [`CPU power: ${CPU_PACKAGE_W.source}`, `grid intensity ${region.key}: ${region.source}`, `PUE: ${settings.pue !== undefined ? 'settings' : p.source}`] },
    notes,
    missing,
  };
}
