// A Markdown report of a scan, for pull-request comments, CI job summaries and the editor's "export report":
// the findings by rule and the largest savings first (what a summary shows), then the findings per file, the
// jobs with their estimates and what was not analysed. Pure.
import { ruleDocPath, RULE_DOCS_BASE } from '../rules/rule';
import { countBySeverity, sortFindings, type ScanReport } from './model';
import { estimateText, place, savingCosts, savingPhrase, savingText } from './format';
import type { Saving } from '../types';

export interface MarkdownOptions {
  title?: string;
  /** Base for rule links (default: the published docs). */
  docsBase?: string;
  /** List only this many of the largest savings (default: all). */
  topSavings?: number;
}

/**
 * Largest saving first, by the share of the job's energy (P50): the one measure every saving has, whether the
 * engine knew the job's total (per run, per day) or only a rate (per hour, per 1,000 requests); equal shares by
 * the amount when both have one of the same kind; fixes that cost energy last.
 */
function savingOrder(a: Saving, b: Saving): number {
  const costs = Number(savingCosts(a)) - Number(savingCosts(b));
  if (costs) return costs;
  const share = b.energyFraction.mid - a.energyFraction.mid;
  if (share) return share;
  const amount = (s: Saving) => (s.energyKWh ? `total:${s.per ?? 'run'}` : s.rate ? `rate:${s.rate.per}` : '');
  const kwh = (s: Saving) => s.energyKWh?.mid ?? s.rate?.energyKWh.mid ?? 0;
  return amount(a) && amount(a) === amount(b) ? kwh(b) - kwh(a) : 0;
}

/** Escapes text for a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function formatMarkdown(r: ScanReport, opts: MarkdownOptions = {}): string {
  const base = opts.docsBase ?? RULE_DOCS_BASE;
  const findings = sortFindings(r.findings);
  const c = countBySeverity(findings);
  const out: string[] = [`# ${opts.title ?? 'Wattlint report'}`];
  out.push(
    `${findings.length} finding${findings.length === 1 ? '' : 's'} (${c.error} error, ${c.warning} warning, ${c.info} info) ` +
      `in ${r.stats.files} file${r.stats.files === 1 ? '' : 's'}; ${r.jobs.length} job${r.jobs.length === 1 ? '' : 's'} found.` +
      (r.stats.suppressed ? ` ${r.stats.suppressed} suppressed.` : '') +
      (r.stats.baselined ? ` ${r.stats.baselined} in the baseline.` : ''),
  );

  if (findings.length) {
    out.push('## By rule');
    const byRule = new Map<string, typeof findings>();
    for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    const rows = [...byRule]
      .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
      .map(([rule, fs]) => {
        const levels = [...new Set(fs.map((f) => f.severity))].join(', ');
        const fixable = fs.filter((f) => f.fix && f.fix.safety !== 'manual' && f.fix.edits.length).length;
        const best = fs.filter((f) => f.saving && !savingCosts(f.saving)).sort((a, b) => savingOrder(a.saving!, b.saving!))[0];
        return `| [\`${rule}\`](${base}${ruleDocPath(rule)}) | ${fs.length} | ${levels} | ${fixable || ''} | ${best ? cell(savingPhrase(best.saving!)) : ''} |`;
      });
    out.push('| Rule | Findings | Severity | Fixable | Largest saving |\n|---|---|---|---|---|\n' + rows.join('\n'));
  }

  const savings = findings.filter((f) => f.saving).sort((a, b) => savingOrder(a.saving!, b.saving!));
  if (savings.length) {
    out.push('## Savings');
    const shown = savings.slice(0, opts.topSavings ?? savings.length);
    const more = savings.length - shown.length;
    out.push(
      shown.map((f) => `- \`${cell(place(f))}\` ${f.rule}: ${cell(savingText(f.saving!))}`).join('\n') +
        (more > 0 ? `\n- … and ${more} more in the findings below` : ''),
    );
  }

  if (findings.length) {
    out.push('## Findings');
    const byFile = new Map<string, typeof findings>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    for (const [file, fs] of byFile) {
      out.push(`### \`${file}\``);
      const rows = fs.map((f) => {
        const cellPart = f.cell !== undefined ? `cell ${f.cell + 1}, ` : '';
        const where = cellPart + (f.range ? `${f.range.startLine}:${f.range.startColumn}` : 'whole file');
        const fix = f.fix ? `${f.fix.safety}: ${f.fix.title}` : '';
        const saving = f.saving ? savingPhrase(f.saving) : '';
        return `| ${where} | [\`${f.rule}\`](${base}${ruleDocPath(f.rule)}) | ${f.severity} | ${cell(f.message)} | ${cell(fix)} | ${cell(saving)} |`;
      });
      out.push('| Where | Rule | Severity | Message | Fix | Saving |\n|---|---|---|---|---|---|\n' + rows.join('\n'));
    }
  }

  if (r.jobs.length) {
    out.push('## Jobs');
    const rows = r.jobs.map((j) => {
      const where = j.line ? `${j.job.file}:${j.line}` : j.job.file;
      return `| \`${cell(where)}\` | ${j.job.phase} | ${j.job.flavour} | ${cell(j.estimate ? estimateText(j.estimate) : '—')} |`;
    });
    out.push('| Job | Kind | Flavour | Estimate |\n|---|---|---|---|\n' + rows.join('\n'));
  }

  if (r.errors.length || r.skipped.length) {
    out.push('## Not analysed');
    out.push(
      [
        ...r.errors.map((e) => `- \`${e.file}${e.line ? `:${e.line}` : ''}\`: ${cell(e.message.split('\n')[0])}`),
        ...r.skipped.map((s) => `- \`${s.file}\`: ${cell(s.reason)}`),
      ].join('\n'),
    );
  }
  return out.join('\n\n') + '\n';
}
