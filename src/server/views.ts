// What the VS Code extension's views ask the server for: every finding held (the findings tree and status bar),
// the CLI's JSON report of a workspace folder with the region comparison (the report view), and the hardware and
// region names the bundled tables know (pickers). Every number is the core's; nothing is computed here but paths.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { estimateJob } from '../core/engine';
import { place } from '../core/report/format';
import { toJsonReport } from '../core/report/json';
import { emptyReport, mergeReports, rebaseReport, type ScanReport } from '../core/report/model';
import { acceleratorTable, regionTable } from '../core/data/tables';
import type { AnalysisSettings } from '../core/settings';
import { toPosix } from '../cli/files';
import type { Analyser, Analysed } from './analyse';
import { findingPlace } from './convert';
import type { ReadFile } from './actions';
import type { FindingItem, NamesResult, ReportResult } from './protocol';
import { settingKeys, type FileSettings } from './settings';

/** The packaged rule documentation (docs/rules beside dist/ or out/), else this checkout's. */
export function docsFolder(): string {
  let d = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = join(d, 'docs', 'rules');
    if (existsSync(join(d, 'package.json')) && existsSync(p)) return p;
    d = dirname(d);
  }
  return join(__dirname, '..', 'docs', 'rules');
}

export function findingItems(analyses: readonly Analysed[]): FindingItem[] {
  const out: FindingItem[] = [];
  for (const a of analyses) {
    for (const f of a.analysis?.findings ?? []) {
      const p = findingPlace(a, f);
      out.push({
        uri: p.uri,
        fileUri: a.uri,
        path: a.fs.path,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...(f.cell !== undefined ? { cell: f.cell } : {}),
        range: p.range,
        place: place(f),
      });
    }
  }
  return out.sort((x, y) => x.path.localeCompare(y.path) || x.range.start.line - y.range.start.line || x.rule.localeCompare(y.rule));
}

/** Regions to compare a job across: low- to high-carbon grids from the bundled intensity table. */
export const COMPARE_REGIONS = ['gcp:europe-north1', 'FR', 'gcp:us-west1', 'azure:westeurope', 'aws:us-east-1', 'gcp:us-central1', 'gcp:asia-east1', 'PL'];

/** The same job's carbon in other regions: the engine re-run with each region. */
export function regionComparison(report: ScanReport, settings: AnalysisSettings, jobId?: string): ReportResult['regions'] {
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

function inside(dir: string, p: string): boolean {
  const r = toPosix(relative(dir, p));
  return r === '' || (!r.startsWith('../') && r !== '..' && !r.startsWith('/'));
}

export interface ReportInput {
  analyser: Analyser;
  /** Absolute workspace folder (undefined: no folder open). */
  folder?: string;
  /** The folder's own settings (its root config and the editor's settings). */
  fs?: FileSettings;
  jobId?: string;
  scanning: boolean;
  read: ReadFile;
  /** Files and folders the last scan's walk left out, relative to the folder. */
  skipped?: { file: string; reason: string }[];
  /** Files the last scan could not read, relative to the folder. */
  errors?: { file: string; message: string }[];
}

/**
 * `wattlint scan FOLDER --format json` run in FOLDER, from the files the server holds (the last scan and open
 * documents): each file's report, its paths made relative to the folder, merged in the CLI's order (the folder's
 * own group first, then groups under nested configs, each in path order).
 */
export function workspaceReport(input: ReportInput): ReportResult {
  const merged = mergedReport(input);
  const { folder } = input;
  const s = input.fs?.settings;
  const assumptions: ReportResult['assumptions'] = {
    hardware: s?.hardware,
    region: s?.region,
    pue: s?.pue,
    pricePerGpuHour: s?.pricePerDeviceHour,
    requestsPerDay: s?.requestsPerDay,
  };
  const locked = (['hardware', 'region', 'pue', 'pricePerGpuHour', 'requestsPerDay'] as const).filter((n) => input.fs?.repoKeys.includes(settingKeys[n]));
  return {
    json: toJsonReport(merged),
    regions: s ? regionComparison(merged, s, input.jobId) : null,
    assumptions,
    locked,
    configFile: input.fs?.configFile && folder ? toPosix(relative(folder, input.fs.configFile)) : undefined,
    scanning: input.scanning,
    root: folder ?? '',
  };
}

/** The folder's ScanReport, paths relative to the folder (what `wattlint scan FOLDER` run in FOLDER reports). */
export function mergedReport(input: ReportInput): ScanReport {
  const { folder } = input;
  const merged = emptyReport();
  const files = input.analyser
    .all()
    .filter((a) => a.fs.root && folder && inside(folder, join(a.fs.root, a.fs.path)))
    .sort((a, b) => {
      const ga = a.fs.root === input.fs?.root ? 0 : 1;
      const gb = b.fs.root === input.fs?.root ? 0 : 1;
      return ga - gb || (a.fs.root < b.fs.root ? -1 : a.fs.root > b.fs.root ? 1 : 0) || (a.fs.path < b.fs.path ? -1 : a.fs.path > b.fs.path ? 1 : 0);
    });
  for (const a of files) {
    const r = input.analyser.reportOf(a);
    if (!r) continue;
    const toFolder = (p: string) => toPosix(relative(folder!, join(a.fs.root, p)));
    mergeReports(merged, rebaseReport(r, toFolder));
  }
  merged.skipped.push(...(input.skipped ?? []));
  merged.errors.push(...(input.errors ?? []));
  return merged;
}

/** Hardware and region names for pickers: each accelerator's name, each region's key (latest year) and place. */
export function hardwareAndRegions(): NamesResult {
  const hardware = acceleratorTable().accelerators.map((a) => ({ name: a.name, detail: `${a.vendor} ${a.generation}, ${a.year}, ${a.tdpW} W` }));
  const latest = new Map<string, { name: string; detail: string; year: number }>();
  for (const r of regionTable().regions) {
    const cur = latest.get(r.key);
    if (!cur || (r.year ?? 0) > cur.year) latest.set(r.key, { name: r.key, detail: `${r.location ?? ''}${r.location ? ', ' : ''}${r.gCO2PerKWh} gCO2e/kWh (${r.year ?? 'year not stated'})`, year: r.year ?? 0 });
  }
  const regions = [...latest.values()].map(({ name, detail }) => ({ name, detail })).sort((a, b) => a.name.localeCompare(b.name));
  return { hardware, regions };
}
