// Publishers' own accounting reproduced with the engine's unit conversions (src/core/engine/units.ts): each
// convention from its paper or model card, applied to the published accelerator-hours. Catches unit and PUE mistakes.
import { co2KgFromKWh, kWhFromDeviceHours } from '../../src/core/engine/units';
import { leadingNumber, parseCsv, readDataFile } from './csv';

export interface PublisherCheck {
  name: string;
  convention: string;
  quantity: string;
  published: number;
  reproduced: number;
  error: number;
}

interface Convention {
  convention: string;
  watts: number;
  pue: number;
  /** gCO2e/kWh. */
  intensity: number;
  /** Which published columns to compare. */
  energy: boolean;
}

/** LLaMA paper Table 15: GPU-h × 400 W × PUE 1.1, × 0.385 kg/kWh (US average). */
const LLAMA1: Convention = { convention: 'LLaMA-1 Table 15: GPU-h × 400 W × PUE 1.1 × 0.385 kg/kWh', watts: 400, pue: 1.1, intensity: 385, energy: true };
/** Llama 2 card: "peak power capacity per GPU device adjusted for power usage efficiency" = the same factors. */
const LLAMA2: Convention = { convention: 'Llama 2 card: GPU-h × 400 W × PUE 1.1 × 0.385 kg/kWh', watts: 400, pue: 1.1, intensity: 385, energy: false };
/** Llama 3 card: TDP-hours (700 W) × the location-based intensity its figures imply (0.4286 t/MWh; not stated in the table). */
const LLAMA3: Convention = { convention: 'Llama 3 card: GPU-h × 700 W TDP × 0.4286 kg/kWh (implied)', watts: 700, pue: 1, intensity: 428.6, energy: false };
/** BLOOM (Luccioni et al.): dynamic energy = GPU-h × 400 W TDP, French grid 57 g/kWh, no PUE. */
const BLOOM: Convention = { convention: 'BLOOM (Luccioni et al.): GPU-h × 400 W × 57 g/kWh, no PUE', watts: 400, pue: 1, intensity: 57, energy: true };

const CONVENTIONS: Record<string, Convention> = {
  'LLaMA-7B': LLAMA1,
  'LLaMA-13B': LLAMA1,
  'OPT-175B (LLaMA Table 15 recomputation)': LLAMA1,
  'BLOOM-176B (LLaMA Table 15 recomputation)': LLAMA1,
  'Llama 2 7B': LLAMA2,
  'Llama 2 13B': LLAMA2,
  'Llama 3 8B': LLAMA3,
  'BLOOM-176B (Luccioni et al. 2023)': BLOOM,
};

export function publisherChecks(): PublisherCheck[] {
  const out: PublisherCheck[] = [];
  for (const r of parseCsv(readDataFile('published_footprints.csv'))) {
    const c = CONVENTIONS[r.name];
    if (!c) continue;
    const hours = leadingNumber(r.accelerator_hours);
    const kWh = kWhFromDeviceHours(hours, c.watts, c.pue);
    const publishedMWh = Number(r.reported_energy_MWh);
    if (c.energy && publishedMWh > 0) {
      out.push({ name: r.name, convention: c.convention, quantity: 'MWh', published: publishedMWh, reproduced: kWh / 1000, error: kWh / 1000 / publishedMWh - 1 });
    }
    const publishedT = Number(r.reported_tCO2eq);
    if (publishedT > 0) {
      const t = co2KgFromKWh(kWh, c.intensity) / 1000;
      out.push({ name: r.name, convention: c.convention, quantity: 'tCO2e', published: publishedT, reproduced: t, error: t / publishedT - 1 });
    }
  }
  return out;
}
