// Hovers: on a flagged range, the finding, the job's estimate, what the fix would save and the assumptions;
// on a suppression comment, the documentation of the rules it names. Reads LintResults only.
import * as vscode from 'vscode';
import { ruleById } from '../core/rules';
import { LineIndex } from '../core/text/lines';
import { toRange } from './convert';
import { findingRange, findingUri } from './diagnostics';
import { ruleDocsMarkdown } from './docs';
import { estimateMarkdown, savingMarkdown } from './format';
import type { FindingStore, LintResult } from './store';

export class WattlintHover implements vscode.HoverProvider {
  constructor(private readonly store: FindingStore, private readonly resultFor: (doc: vscode.TextDocument) => LintResult | undefined) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const result = this.resultFor(doc);
    if (!result) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    let range: vscode.Range | undefined;
    for (const f of result.analysis.findings) {
      if (findingUri(result, f).toString() !== doc.uri.toString() || !f.range) continue;
      const r = findingRange(result, f);
      if (!r.contains(pos)) continue;
      range = range ? range.union(r) : r;
      md.appendMarkdown(`**Wattlint** \`${f.rule}\`${f.fix ? ` · fix: ${f.fix.safety}` : ''}\n\n${f.message}\n\n`);
      const est = f.jobId ? result.analysis.estimates[f.jobId] : undefined;
      if (est) md.appendMarkdown(`**The job** (${est.phase}):\n\n${estimateMarkdown(est).join('\n')}\n\n`);
      if (f.saving) md.appendMarkdown(`**The fix:**\n\n${savingMarkdown(f.saving).join('\n')}\n\n`);
      md.appendMarkdown(`[Documentation](command:wattlint.showRuleDocs?${encodeURIComponent(JSON.stringify([f.rule]))})\n\n---\n\n`);
    }
    if (range) {
      md.isTrusted = { enabledCommands: ['wattlint.showRuleDocs'] };
      return new vscode.Hover(md, range);
    }
    return this.directiveHover(result, doc, pos);
  }

  /** A `wattlint: ignore[...]` comment: the docs of the rules it silences. */
  private directiveHover(result: LintResult, doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (result.notebook) return undefined; // directive spans are in the joined cells' coordinates
    const li = new LineIndex(result.text);
    for (const d of result.analysis.directives) {
      const r = toRange(li.range(d.span));
      if (!r.contains(pos)) continue;
      const md = new vscode.MarkdownString();
      const ids = d.rules.length ? d.rules : ['(every rule)'];
      md.appendMarkdown(`**Wattlint ${d.kind}** for ${ids.map((i) => `\`${i}\``).join(', ')}${d.reason ? ` — ${d.reason}` : ''}\n\n`);
      for (const id of d.rules) {
        const docs = ruleDocsMarkdown(id);
        md.appendMarkdown(docs ? `${docs}\n\n---\n\n` : `_Unknown rule id \`${id}\`: it silences nothing._\n\n`);
        if (!ruleById(id)) continue;
      }
      return new vscode.Hover(md, r);
    }
    return undefined;
  }
}
