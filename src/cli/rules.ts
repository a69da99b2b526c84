// `wattlint rules` lists the catalogue (id, severity, fix safety, title); `wattlint rules ID` prints its docs.
import { ruleDocMarkdown, ruleHelpUri } from '../core/report/rule-docs';
import { allRules, ruleById } from '../core/rules';
import { CliError, type CliIo } from './io';

export function runRules(io: CliIo, ids: readonly string[], format: 'text' | 'json' | 'markdown'): number {
  if (ids.length) {
    const docs = ids.map((id) => {
      const rule = ruleById(id);
      if (!rule) throw new CliError(`unknown rule "${id}"; run \`wattlint rules\` for the list`);
      return format === 'json' ? { ...rule.meta, docs: rule.docs, helpUri: ruleHelpUri(rule) } : ruleDocMarkdown(rule);
    });
    io.out(format === 'json' ? JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + '\n' : docs.join('\n'));
    return 0;
  }
  if (format === 'json') {
    io.out(JSON.stringify(allRules.map((r) => ({ ...r.meta, helpUri: ruleHelpUri(r) })), null, 2) + '\n');
    return 0;
  }
  const rows = allRules.map((r) => [r.meta.id, r.meta.severity + (r.meta.optIn ? ' (opt-in)' : ''), r.meta.fixSafety, r.meta.title]);
  const head = ['RULE', 'SEVERITY', 'FIX', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  io.out([line(head), ...rows.map(line)].join('\n') + '\n\nRun `wattlint rules ID` for a rule\'s documentation.\n');
  return 0;
}
