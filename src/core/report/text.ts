// `scan --format text`: for people. One line per finding (`file:line:col: severity rule-id message`), grouped
// by file, then the jobs with their estimates, notes on skipped files, and a summary line. Pure.
import { countBySeverity, sortFindings, type ScanReport } from './model';
import { estimateText, place, savingText } from './format';

export interface TextOptions {
  /** Show the fix title and saving under each finding (default true). */
  details?: boolean;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function formatText(r: ScanReport, opts: TextOptions = {}): string {
  const details = opts.details !== false;
  const out: string[] = [];
  const findings = sortFindings(r.findings);
  let lastFile: string | undefined;
  for (const f of findings) {
    if (lastFile !== undefined && f.file !== lastFile) out.push('');
    lastFile = f.file;
    out.push(`${place(f)}: ${f.severity} ${f.rule} ${f.message}`);
    if (!details) continue;
    if (f.fix && f.fix.safety !== 'manual' && f.fix.edits.length) out.push(`    fix (${f.fix.safety}): ${f.fix.title}`);
    else if (f.fix) out.push(`    suggestion: ${f.fix.title}`);
    if (f.saving) out.push(`    ${savingText(f.saving)}`);
  }

  if (r.errors.length) {
    if (out.length) out.push('');
    for (const e of r.errors) {
      const file = e.cell !== undefined ? `${e.file}[cell ${e.cell + 1}]` : e.file;
      const where = e.line ? `${file}:${e.line}${e.column ? `:${e.column}` : ''}` : file;
      out.push(`${where}: ${e.kind === 'reference' || e.kind === 'value' ? 'note' : 'could not analyse'}: ${e.message.split('\n')[0]}`);
    }
  }

  const withEstimate = r.jobs.filter((j) => j.estimate);
  if (withEstimate.length) {
    if (out.length) out.push('');
    out.push('Jobs:');
    for (const j of withEstimate) {
      const where = j.line ? `${j.job.file}:${j.line}` : j.job.file;
      out.push(`  ${where}: ${j.job.phase} (${j.job.flavour}): ${estimateText(j.estimate!)}`);
    }
  }

  if (r.skipped.length) {
    if (out.length) out.push('');
    for (const s of r.skipped) out.push(`note: skipped ${s.file}: ${s.reason}`);
  }

  const c = countBySeverity(findings);
  const fixable = findings.filter((f) => f.fix?.safety === 'safe' && f.fix.edits.length).length;
  const unsafe = findings.filter((f) => f.fix?.safety === 'unsafe' && f.fix.edits.length).length;
  const summary = [
    findings.length
      ? `${plural(findings.length, 'finding')} (${c.error} error, ${c.warning} warning, ${c.info} info)`
      : 'No findings',
    `in ${plural(r.stats.files, 'file')} scanned`,
  ].join(' ');
  const extras: string[] = [];
  if (r.jobs.length) extras.push(plural(r.jobs.length, 'job'));
  if (fixable) extras.push(`${fixable} fixable with \`wattlint fix\``);
  if (unsafe) extras.push(`${unsafe} more with \`wattlint fix --unsafe\``);
  if (r.stats.suppressed) extras.push(`${r.stats.suppressed} suppressed`);
  if (r.stats.baselined) extras.push(`${r.stats.baselined} in the baseline`);
  const broken = new Set(r.errors.filter((e) => e.kind !== 'reference' && e.kind !== 'value').map((e) => e.file)).size;
  if (broken) extras.push(`${plural(broken, 'file')} could not be analysed`);
  if (r.skipped.length) extras.push(`${r.skipped.length} skipped`);
  if (out.length) out.push('');
  out.push(summary + (extras.length ? `; ${extras.join(', ')}` : '') + '.');
  return out.join('\n') + '\n';
}
