// The one call from the editor into the core, free of `vscode` so the bench can time exactly what an edit costs:
// the core's scanWorkspace over one file (the same path as `wattlint scan`), and the nbformat JSON of a notebook's
// current cells (the text the core reads for an open notebook).
import type { FileAnalysis } from '../core/analyze';
import type { ScanReport } from '../core/report/model';
import type { AnalysisSettings, WorkspaceReader } from '../core/settings';
import { scanWorkspace } from '../core/workspace-scan';

export interface FileResult {
  /** Undefined when the file was excluded or over the size limit (the report says which). */
  analysis?: FileAnalysis;
  report: ScanReport;
}

export function analyseFile(path: string, text: string, settings: AnalysisSettings, workspace: WorkspaceReader): FileResult {
  let analysis: FileAnalysis | undefined;
  const report = scanWorkspace([{ path, text }], { settings, workspace, onFile: (a) => (analysis = a) });
  return { analysis, report };
}

export interface CellText {
  kind: 'code' | 'markdown';
  source: string;
}

/** nbformat 4 JSON of cells (indices match `Finding.cell`). */
export function notebookJson(cells: readonly CellText[]): string {
  return JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.kind, metadata: {}, source: c.source, ...(c.kind === 'code' ? { execution_count: null, outputs: [] } : {}) })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}
