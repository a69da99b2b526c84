// The status bar item: the workspace's finding count and estimated energy (training per run, serving per day,
// never added together); click opens the report.
import * as vscode from 'vscode';
import { compact } from './format';
import type { FindingStore } from './store';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('wattlint.status', vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly store: FindingStore) {
    this.item.name = 'Wattlint';
    this.item.command = 'wattlint.showReport';
    store.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    let findings = 0;
    // Training energy is per run and serving energy per day: summed apart, never mixed.
    const sums = { training: { kwh: 0, jobs: 0 }, serving: { kwh: 0, jobs: 0 } };
    for (const r of this.store.all()) {
      if (!r.where.folder) continue;
      findings += r.analysis.findings.length;
      for (const e of Object.values(r.analysis.estimates)) {
        if (!e.energyKWh) continue;
        const s = e.phase === 'training' ? sums.training : sums.serving;
        s.kwh += e.energyKWh.mid;
        s.jobs++;
      }
    }
    const parts = [`$(zap) ${findings}`];
    if (sums.training.jobs) parts.push(`≈${compact(sums.training.kwh)} kWh/run`);
    if (sums.serving.jobs) parts.push(`≈${compact(sums.serving.kwh)} kWh/day`);
    this.item.text = parts.join(' · ');
    const lines = [`Wattlint: ${findings} finding${findings === 1 ? '' : 's'} in the workspace.`];
    if (sums.training.jobs) lines.push(`${sums.training.jobs} training job(s): ≈${compact(sums.training.kwh)} kWh per run in total (point estimates).`);
    if (sums.serving.jobs) lines.push(`${sums.serving.jobs} inference/serving job(s): ≈${compact(sums.serving.kwh)} kWh per day in total (point estimates).`);
    lines.push('Click for the report.');
    this.item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
