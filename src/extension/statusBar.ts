// The status bar item: the workspace's finding count and estimated energy from the server's report (training per
// run, serving per day, never added together); click opens the report.
import * as vscode from 'vscode';
import type { JsonReport } from '../core/report/json';
import { num } from '../core/report/format';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('wattlint.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Wattlint';
    this.item.command = 'wattlint.showReport';
    this.item.text = '$(zap) Wattlint';
    this.item.show();
  }

  update(json: JsonReport | undefined, findings: number, state: 'running' | 'starting' | 'stopped'): void {
    if (state !== 'running') {
      this.item.text = state === 'starting' ? '$(loading~spin) Wattlint' : '$(error) Wattlint';
      this.item.tooltip = state === 'starting' ? 'Wattlint: the language server is starting.' : 'Wattlint: the language server is not running. Click for the logs.';
      this.item.command = state === 'stopped' ? 'wattlint.showLogs' : 'wattlint.showReport';
      return;
    }
    this.item.command = 'wattlint.showReport';
    // Training energy is per run and serving energy per day: summed apart, never mixed.
    const sums = { training: { kwh: 0, jobs: 0 }, serving: { kwh: 0, jobs: 0 } };
    for (const j of json?.jobs ?? []) {
      const e = j.estimate?.energyKWh;
      if (!e) continue;
      const s = j.kind === 'training' ? sums.training : sums.serving;
      s.kwh += e.mid;
      s.jobs++;
    }
    const parts = [`$(zap) ${findings}`];
    if (sums.training.jobs) parts.push(`≈${num(sums.training.kwh)} kWh/run`);
    if (sums.serving.jobs) parts.push(`≈${num(sums.serving.kwh)} kWh/day`);
    this.item.text = parts.join(' · ');
    const lines = [`Wattlint: ${findings} finding${findings === 1 ? '' : 's'} in the workspace.`];
    if (sums.training.jobs) lines.push(`${sums.training.jobs} training job(s): ≈${num(sums.training.kwh)} kWh per run in total (point estimates).`);
    if (sums.serving.jobs) lines.push(`${sums.serving.jobs} inference/serving job(s): ≈${num(sums.serving.kwh)} kWh per day in total (point estimates).`);
    lines.push('Click for the report.');
    this.item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
