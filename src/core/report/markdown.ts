// A Markdown report of a scan (findings, jobs with estimates, savings), for pull-request comments and the
// editor's "export report". Pure.
import { ruleDocPath, RULE_DOCS_BASE } from '../rules/rule';
import { countBySeverity, sortFindings, type ScanReport } from './model';
import { estimateText, place, savingPhrase } from './format';

export interface MarkdownOptions {
  title?: string;
  /** Base for rule links (default: the published docs). */
  docsBase?: string;
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

  const savings = findings.filter((f) => f.saving);
  if (savings.length) {
    out.push('## Savings');
    out.push(
      savings
        .map((f) => `- \`${cell(place(f))}\` ${f.rule}: ${savingPhrase(f.saving!)} of the job — ${cell(f.saving!.basis)}`)
        .join('\n'),
    );
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
