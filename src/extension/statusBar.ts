// The status bar item: the workspace's finding count and estimated energy; click opens the report.
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
    let kwh = 0;
    let jobs = 0;
    for (const r of this.store.all()) {
      findings += r.analysis.findings.length;
      for (const e of Object.values(r.analysis.estimates)) {
        if (e.energyKWh) {
          kwh += e.energyKWh.mid;
          jobs++;
        }
      }
    }
    const energy = jobs ? ` · ≈${compact(kwh)} kWh` : '';
    this.item.text = `$(zap) ${findings}${energy}`;
    this.item.tooltip = `Wattlint: ${findings} finding${findings === 1 ? '' : 's'}${jobs ? `; ${jobs} estimated job${jobs === 1 ? '' : 's'} use ≈${compact(kwh)} kWh (sum of the point estimates)` : ''}. Click for the report.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
