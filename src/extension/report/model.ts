// Builds what the report webview shows: the CLI's JSON document for the workspace (the core's toJsonReport over
// the merged per-file reports, the same builder `wattlint scan --format json` uses) plus the region comparison,
// which is the engine re-run with other regions. No number is computed here that the core does not compute.
import * as vscode from 'vscode';
import { estimateJob } from '../../core/engine';
import { toJsonReport } from '../../core/report/json';
import type { ScanReport } from '../../core/report/model';
import type { AnalysisSettings } from '../../core/settings';
import type { ResolvedSettings } from '../settings';
import { settingKeys } from '../settings';
import type { FindingStore } from '../store';
import { assumptionNames, type AssumptionName, type ReportMessage } from './messages';

/** Regions to compare a job across: low- to high-carbon grids from the bundled intensity table. */
export const COMPARE_REGIONS = ['gcp:europe-north1', 'FR', 'gcp:us-west1', 'azure:westeurope', 'aws:us-east-1', 'gcp:us-central1', 'gcp:asia-east1', 'PL'];

export function regionComparison(report: ScanReport, settings: AnalysisSettings, jobId?: string): ReportMessage['regions'] {
  const candidates = report.jobs.filter((j) => j.estimate?.co2Kg);
  const chosen = (jobId && candidates.find((j) => j.job.id === jobId)) || [...candidates].sort((a, b) => (b.estimate!.energyKWh?.mid ?? 0) - (a.estimate!.energyKWh?.mid ?? 0))[0];
  if (!chosen) return null;
  const rows: { region: string; co2Kg: number; intensity?: number }[] = [];
  for (const region of COMPARE_REGIONS) {
    try {
      const e = estimateJob(chosen.job, { ...settings, region });
      if (!e?.co2Kg) continue;
      const intensity = e.audit?.carbonIntensityGPerKWh;
      rows.push({ region, co2Kg: e.co2Kg.mid, ...(typeof intensity === 'number' ? { intensity } : {}) });
    } catch {
      // the engine could not place this region; leave it out
    }
  }
  return rows.length ? { jobId: chosen.job.id, rows } : null;
}

export function buildReportMessage(store: FindingStore, resolved: ResolvedSettings | undefined, repoKeys: string[], scanning: boolean, jobId?: string): ReportMessage {
  const report = store.workspaceReport();
  const json = toJsonReport(report) as unknown as ReportMessage['json'];
  const c = vscode.workspace.getConfiguration('wattlint');
  const s = resolved?.settings;
  const assumptions: ReportMessage['assumptions'] = {
    hardware: s?.hardware ?? c.get<string>('hardware') ?? undefined,
    region: s?.region ?? c.get<string>('region') ?? undefined,
    pue: s?.pue ?? c.get<number>('pue') ?? undefined,
    pricePerGpuHour: s?.pricePerDeviceHour ?? c.get<number>('pricePerGpuHour') ?? undefined,
    requestsPerDay: s?.requestsPerDay,
  };
  const locked = assumptionNames.filter((n: AssumptionName) => repoKeys.includes(settingKeys[n]));
  return {
    type: 'report',
    json,
    regions: s ? regionComparison(report, s, jobId) : null,
    assumptions,
    locked,
    configFile: resolved?.configFile,
    scanning,
  };
}
