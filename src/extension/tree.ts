// The activity-bar tree of findings, grouped by file or by rule (a toggle), fed by the server's `wattlint/findings`
// request. One count per group (the number of findings under it): file groups carry a file icon but no resource
// decoration, which would add the Problems panel's own, different count. Clicking a finding reveals it.
import * as vscode from 'vscode';
import type { FindingItem } from '../server/protocol';

type Node = { kind: 'group'; label: string; items: FindingItem[]; byFile: boolean } | { kind: 'finding'; item: FindingItem; groupedBy: 'file' | 'rule' };

const icons = { error: 'error', warning: 'warning', info: 'info' } as const;

export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  groupBy: 'file' | 'rule' = 'file';
  private items: FindingItem[] = [];

  setItems(items: FindingItem[]): void {
    this.items = items;
    this.changed.fire(undefined);
  }

  get count(): number {
    return this.items.length;
  }

  setGrouping(by: 'file' | 'rule'): void {
    this.groupBy = by;
    void vscode.commands.executeCommand('setContext', 'wattlint.groupBy', by);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'group') return node.items.map((item) => ({ kind: 'finding', item, groupedBy: this.groupBy }));
    if (node) return [];
    const groups = new Map<string, Node & { kind: 'group' }>();
    for (const item of this.items) {
      const key = this.groupBy === 'file' ? item.path : item.rule;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { kind: 'group', label: key, items: [], byFile: this.groupBy === 'file' }));
      g.items.push(item);
    }
    return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const n = node.items.length;
      item.description = `${n} finding${n === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(node.byFile ? 'file' : 'law');
      item.tooltip = node.byFile ? `${node.label}: ${item.description}` : `${node.label}: ${item.description} in ${new Set(node.items.map((i) => i.path)).size} file(s)`;
      item.contextValue = 'group';
      return item;
    }
    const f = node.item;
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.description = node.groupedBy === 'file' ? `${f.rule} [${f.cell !== undefined ? `cell ${f.cell + 1}, ` : ''}Ln ${f.range.start.line + 1}]` : f.place;
    item.tooltip = `${f.rule}: ${f.message}`;
    item.iconPath = new vscode.ThemeIcon(icons[f.severity]);
    item.contextValue = 'finding';
    const r = f.range;
    const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const uri = vscode.Uri.parse(f.uri);
    item.command = uri.scheme === 'vscode-notebook-cell'
      ? { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(f.fileUri)] }
      : { command: 'vscode.open', title: 'Open', arguments: [uri, { selection }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
