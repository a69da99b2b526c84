// Serving per day: busy time from the request rate (batch filled only as far as concurrency allows, by Little's law),
// plus the idle draw of dedicated accelerators for the rest of the day — usually the larger part at low rates.
import type { Range3 } from '../types';
import { inferencePoint, type InferenceInput, type InferencePoint } from './inference';

export interface ServingDay {
  /** The batch the request rate actually fills (≤ the configured batch). */
  effectiveBatch: number;
  replicas: number;
  busyFraction: number;
  activeJ: number;
  idleJ: number;
  /** Accelerator-counter energy per day, kWh. */
  acceleratorKWh: number;
  idleShare: number;
  point: InferencePoint;
}

const DAY_S = 86400;

export function servingDay(input: InferenceInput, requestsPerDay: number): ServingDay | undefined {
  const rate = requestsPerDay / DAY_S;
  let batch = 1;
  let point = inferencePoint({ ...input, batch });
  if (!point) return undefined;
  // Little's law: requests in flight = arrival rate × time each spends in the system.
  for (let i = 0; i < 4; i++) {
    const latencyS = input.outputTokens * point.step.stepS + point.prefillS;
    const next = Math.min(input.batch, Math.max(1, rate * latencyS));
    if (Math.abs(next - batch) < 0.01) break;
    batch = next;
    point = inferencePoint({ ...input, batch })!;
  }
  const busyS = requestsPerDay * point.deviceSecondsPerRequest;
  const replicas = Math.max(1, Math.ceil(busyS / DAY_S));
  const activeJ = requestsPerDay * point.energyPerRequestJ;
  const idleS = Math.max(0, replicas * DAY_S - busyS);
  const idleJ = input.devices * input.spec.idleW * idleS;
  const totalJ = activeJ + idleJ;
  return {
    effectiveBatch: batch,
    replicas,
    busyFraction: busyS / (replicas * DAY_S),
    activeJ,
    idleJ,
    acceleratorKWh: totalJ / 3.6e6,
    idleShare: totalJ > 0 ? idleJ / totalJ : 0,
    point,
  };
}

export type { Range3 };
