// CodeLens above each job the core found: the engine's estimate ("≈ 410–620 kWh · 160 kg CO2e · $1.9k per
// run — label D"); clicking opens the report. Reads LintResults only.
import * as vscode from 'vscode';
import { spanRange } from './convert';
import { lensText } from './format';
import type { FindingStore, LintResult } from './store';

export class WattlintCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(store: FindingStore, private readonly resultFor: (doc: vscode.TextDocument) => LintResult | undefined) {
    store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const result = this.resultFor(doc);
    if (!result || !vscode.workspace.getConfiguration('wattlint', doc.uri).get<boolean>('codeLens', true)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const job of result.analysis.jobs) {
      if (job.file !== result.where.path) continue;
      let range = new vscode.Range(0, 0, 0, 0);
      if (job.anchor) {
        // In a notebook, the lens goes on the anchor's cell only.
        if (result.notebook && (job.anchor.cell === undefined || result.notebook.cellAt(job.anchor.cell).document !== doc)) continue;
        range = spanRange(result, job.anchor.file, job.anchor.cell, job.anchor.span) ?? range;
      } else if (result.notebook && result.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document !== doc) {
        continue;
      }
      const title = lensText(result.analysis.estimates[job.id], job, result.settings);
      lenses.push(new vscode.CodeLens(new vscode.Range(range.start, range.start), { title, command: 'wattlint.showReport', arguments: [job.id] }));
    }
    return lenses;
  }
}
