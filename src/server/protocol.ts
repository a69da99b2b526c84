// Wattlint's additions to the Language Server Protocol: the command ids the server executes and the requests the
// VS Code client sends for its views (findings tree, status bar, report). Names are fixed once published: editors'
// configurations call these commands (docs/editors.md). Types only and string constants: the extension imports this
// file without pulling in the server.
import type { JsonReport } from '../core/report/json';

/** `workspace/executeCommand` ids the server handles. */
export const Commands = {
  /** Scan every workspace folder (progress, cancellable). Returns a ScanSummary. */
  scanWorkspace: 'wattlint.scanWorkspace',
  /** Apply one finding's fix: [{ uri, rule, line, character }]. */
  applyFix: 'wattlint.applyFix',
  /** Apply every safe fix of a document: [uri]. */
  fixAll: 'wattlint.fixAll',
  /** Apply every safe fix of one rule in a document: [uri, rule]. */
  fixAllOfRule: 'wattlint.fixAllOfRule',
  /** Insert a suppression comment: [uri, rule, 'line' | 'file', line?]. */
  ignore: 'wattlint.ignore',
  /** Open a rule's documentation (window/showDocument): [rule]. */
  showRuleDocs: 'wattlint.showRuleDocs',
} as const;

export const COMMAND_IDS: string[] = Object.values(Commands);

export interface ScanSummary {
  files: number;
  findings: number;
  cancelled: boolean;
  ms: number;
}

/** What a diagnostic carries in `data`, so a code action can be resolved without searching again. */
export interface DiagnosticData {
  rule: string;
  /** The finding's index in its file's analysis, and that analysis' key (a stale key is looked up again). */
  index: number;
  key: string;
  fix?: { safety: string; title: string };
}

/** What an unresolved code action carries in `data`. */
export type ActionData =
  | { kind: 'fix'; uri: string; rule: string; index: number; key: string }
  | { kind: 'fixAll'; uri: string }
  | { kind: 'fixAllOfRule'; uri: string; rule: string }
  | { kind: 'ignore'; uri: string; rule: string; where: 'line' | 'file'; line?: number };

/** `wattlint/findings`: every finding the server holds (open documents and the last scan), for the findings tree. */
export const FindingsRequest = 'wattlint/findings';
export interface FindingItem {
  /** The document the diagnostic is on (a notebook cell's URI for an open notebook). */
  uri: string;
  /** The file (the .ipynb for a notebook), for grouping. */
  fileUri: string;
  /** Path relative to its workspace root, as the CLI prints it. */
  path: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  cell?: number;
  /** 0-based LSP range in `uri`. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** "file:line:col" as the CLI prints it. */
  place: string;
}

/** `wattlint/report`: the CLI's JSON document for a workspace folder, and what the report view shows besides. */
export const ReportRequest = 'wattlint/report';
export interface ReportParams {
  /** Workspace folder URI (default: the first). */
  folder?: string;
  /** The job whose carbon is compared across regions (default: the largest). */
  jobId?: string;
}
export interface ReportResult {
  /** `wattlint scan FOLDER --format json`, run in FOLDER, for the same files and settings. */
  json: JsonReport;
  regions: { jobId: string; rows: { region: string; co2Kg: number; intensity?: number }[] } | null;
  /** The assumptions in force (settings and the repository's config). */
  assumptions: { hardware?: string; region?: string; pue?: number; pricePerGpuHour?: number; requestsPerDay?: number };
  /** Assumption names (editor setting names) the repository's config sets: they win over the editor's settings. */
  locked: string[];
  configFile?: string;
  scanning: boolean;
  /** The folder's root URI, to resolve the report's paths. */
  root: string;
}

/** `wattlint/settingsProblems`: settings and config values that cannot be used, each naming the setting or key. */
export const SettingsProblemsRequest = 'wattlint/settingsProblems';

/** `wattlint/didChangeFindings` (server → client): findings changed; views that list them refresh. */
export const DidChangeFindingsNotification = 'wattlint/didChangeFindings';

/** `wattlint/hardwareAndRegions`: the names the bundled tables know, for pickers. */
export const NamesRequest = 'wattlint/names';
export interface NamesResult {
  hardware: { name: string; detail: string }[];
  regions: { name: string; detail: string }[];
}

/** initializationOptions the server reads (all optional). */
export interface InitializationOptions {
  /** Where rule documentation links point: a template with `{id}` and `{file}` (default: the packaged Markdown file). */
  ruleDocsUri?: string;
  /** Settings for clients without workspace/configuration (same shape as the `wattlint` settings section). */
  settings?: Record<string, unknown>;
}

/** `wattlint/export`: the report of a workspace folder in one of the CLI's formats (as `wattlint scan --format`). */
export const ExportRequest = 'wattlint/export';
export interface ExportParams {
  folder?: string;
  format: 'markdown' | 'json' | 'sarif';
}
