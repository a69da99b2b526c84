// The rule of thumb: a ~300M-parameter model serving 100,000 inferences a day on one GPU uses about 0.8–1.2 kWh a
// day, most of it idle power. The engine's figure for that case on common serving GPUs (encoder, one forward pass).
import { defaultSettings } from '../../src/core/settings';
import { estimateResolved } from '../../src/core/engine/estimate';
import { resolveJob } from '../../src/core/engine/resolve';

export const SERVING_GPUS = ['T4', 'L4', 'A10G', 'A100 40GB PCIe', 'V100 PCIe 32GB'];

export interface ServingCaseRow {
  hardware: string;
  acceleratorKWhPerDay: { low: number; mid: number; high: number };
  facilityKWhPerDay: { low: number; mid: number; high: number };
  idleShare: number;
  busyFraction: number;
  flagged: boolean;
}

export function servingCase(): ServingCaseRow[] {
  return SERVING_GPUS.map((hardware) => {
    const r = resolveJob(
      'serving',
      { model: 'bert-large-uncased', params: 300e6, hardware, devices: 1, inputTokens: 128, outputTokens: 0, requestsPerDay: 100_000, inferenceBatch: 1 },
      { ...defaultSettings },
    );
    if ('error' in r) throw new Error(r.error);
    const e = estimateResolved(r)!;
    return {
      hardware: r.spec.name,
      acceleratorKWhPerDay: e.perDay!.acceleratorEnergyKWh,
      facilityKWhPerDay: e.perDay!.energyKWh,
      idleShare: e.perDay!.idleShare,
      busyFraction: e.perDay!.busyFraction,
      flagged: e.notes.some((n) => n.startsWith('mostly idle')),
    };
  });
}
