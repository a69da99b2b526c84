// The activity-bar tree of findings, grouped by file or by rule (a toggle). Clicking a finding reveals it.
// Reads LintResults only.
import * as vscode from 'vscode';
import { place } from '../core/report/format';
import type { Finding } from '../core/types';
import { findingRange, findingUri } from './diagnostics';
import type { FindingStore, LintResult } from './store';

type Node =
  | { kind: 'group'; label: string; items: { result: LintResult; finding: Finding }[]; file?: vscode.Uri }
  | { kind: 'finding'; result: LintResult; finding: Finding; groupedBy: 'file' | 'rule' };

const icons = { error: 'error', warning: 'warning', info: 'info' } as const;

export class FindingsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  groupBy: 'file' | 'rule' = 'file';

  constructor(private readonly store: FindingStore) {
    store.onDidChange(() => this.changed.fire(undefined));
  }

  setGrouping(by: 'file' | 'rule'): void {
    this.groupBy = by;
    void vscode.commands.executeCommand('setContext', 'wattlint.groupBy', by);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'group') return node.items.map((i) => ({ kind: 'finding', ...i, groupedBy: this.groupBy }));
    if (node) return [];
    const groups = new Map<string, Node & { kind: 'group' }>();
    for (const result of this.store.all()) {
      for (const finding of result.analysis.findings) {
        const key = this.groupBy === 'file' ? result.where.path : finding.rule;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { kind: 'group', label: key, items: [], file: this.groupBy === 'file' ? result.uri : undefined }));
        g.items.push({ result, finding });
      }
    }
    return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.items.length}`;
      if (node.file) item.resourceUri = node.file;
      item.iconPath = node.file ? vscode.ThemeIcon.File : new vscode.ThemeIcon('law');
      item.contextValue = 'group';
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.description = node.groupedBy === 'file' ? `${f.rule} ${f.range ? `[${f.cell !== undefined ? `cell ${f.cell + 1}, ` : ''}Ln ${f.range.startLine}]` : ''}` : place(f);
    item.tooltip = `${f.rule}: ${f.message}`;
    item.iconPath = new vscode.ThemeIcon(icons[f.severity]);
    item.contextValue = 'finding';
    const uri = node.result.notebook ? node.result.uri : findingUri(node.result, f);
    const range = node.result.notebook || f.cell === undefined ? findingRange(node.result, f) : undefined;
    item.command = { command: 'vscode.open', title: 'Open', arguments: range ? [findingUri(node.result, f), { selection: range }] : [uri] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
