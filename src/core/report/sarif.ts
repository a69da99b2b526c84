// `scan --format sarif`: SARIF 2.1.0 for GitHub code scanning and SARIF viewers. The rule table carries each
// rule's metadata and help (text + Markdown) generated from its docs. Pure: takes a ScanReport.
import type * as Sarif from 'sarif';
import { allRules } from '../rules';
import type { Rule } from '../rules/rule';
import type { Finding, Severity, TextEdit } from '../types';
import { sortFindings, type ReportFinding, type ScanReport } from './model';
import { ruleDocMarkdown, ruleDocText, ruleHelpUri } from './rule-docs';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_URI = 'https://github.com/wattlint/wattlint';

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

/** "precision/fp32-training" → "Fp32Training" (SARIF's `name`: a readable identifier). */
function ruleName(id: string): string {
  const last = id.slice(id.indexOf('/') + 1);
  return last
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function sarifRule(rule: Rule): Sarif.ReportingDescriptor {
  const { meta, docs } = rule;
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: docs.whatItDoes.trim() },
    help: { text: ruleDocText(rule), markdown: ruleDocMarkdown(rule) },
    helpUri: ruleHelpUri(rule),
    defaultConfiguration: { level: sarifLevel(meta.severity), enabled: !meta.optIn },
    properties: {
      tags: ['efficiency', 'energy', meta.id.slice(0, meta.id.indexOf('/'))],
      precision: 'high',
      fixSafety: meta.fixSafety,
    },
  };
}

function region(f: ReportFinding): Sarif.Region {
  // A file-level finding (a missing key or block) is shown on the file's first line.
  if (!f.range) return { startLine: 1 };
  // Notebook positions are inside a cell; the file's own line is where that cell line sits in the JSON.
  if (f.cell !== undefined) return { startLine: f.notebookLine ?? 1 };
  return { startLine: f.range.startLine, startColumn: f.range.startColumn, endLine: f.range.endLine, endColumn: f.range.endColumn };
}

function artifact(file: string): Sarif.ArtifactLocation {
  return { uri: encodeURI(file), uriBaseId: '%SRCROOT%' };
}

function message(f: Finding): string {
  const where = f.cell !== undefined ? `[cell ${f.cell + 1}${f.range ? `, line ${f.range.startLine}` : ''}] ` : '';
  const level = f.range ? '' : ' (applies to the whole file)';
  return `${where}${f.message}${level}`;
}

/** SARIF fixes: only edits of plain files (notebook cell coordinates are not file lines). */
function fixes(f: Finding): Sarif.Fix[] | undefined {
  if (!f.fix || f.fix.safety === 'manual') return undefined;
  const edits = f.fix.edits.filter((e): e is TextEdit & { range: NonNullable<TextEdit['range']> } => e.cell === undefined && !!e.range);
  if (edits.length === 0 || edits.length !== f.fix.edits.length) return undefined;
  const byFile = new Map<string, typeof edits>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return [
    {
      description: { text: `${f.fix.title} (${f.fix.safety})` },
      artifactChanges: [...byFile].map(([file, es]) => ({
        artifactLocation: artifact(file),
        replacements: es.map((e) => ({
          deletedRegion: { startLine: e.range.startLine, startColumn: e.range.startColumn, endLine: e.range.endLine, endColumn: e.range.endColumn },
          insertedContent: { text: e.newText },
        })),
      })),
    },
  ];
}

export function toSarif(r: ScanReport, opts: { version?: string; rules?: readonly Rule[] } = {}): Sarif.Log {
  const rules = opts.rules ?? allRules;
  const index = new Map(rules.map((x, i) => [x.meta.id, i]));
  const results = sortFindings(r.findings).map((f: ReportFinding): Sarif.Result => {
    const res: Sarif.Result = {
      ruleId: f.rule,
      level: sarifLevel(f.severity),
      message: { text: message(f) },
      locations: [{ physicalLocation: { artifactLocation: artifact(f.file), region: region(f) } }],
    };
    const i = index.get(f.rule);
    if (i !== undefined) res.ruleIndex = i;
    if (f.fingerprint) res.partialFingerprints = { 'wattlint/v1': f.fingerprint };
    const fx = fixes(f);
    if (fx) res.fixes = fx;
    if (f.related?.length) {
      res.relatedLocations = f.related.map((x, id) => ({
        id,
        // a place in a plain file gets its region; a notebook cell's lines are not the .ipynb's lines
        physicalLocation: { artifactLocation: artifact(x.ref.file), ...(x.range && x.ref.cell === undefined ? { region: { startLine: x.range.startLine, startColumn: x.range.startColumn, endLine: x.range.endLine, endColumn: x.range.endColumn } } : {}) },
        message: { text: x.message },
      }));
    }
    const props: Record<string, unknown> = {};
    if (f.cell !== undefined) props.cell = f.cell;
    if (f.saving) props.saving = f.saving;
    if (Object.keys(props).length) res.properties = props;
    return res;
  });
  const notifications = r.errors.map((e): Sarif.Notification => ({
    level: 'error',
    message: { text: e.message },
    locations: [
      { physicalLocation: { artifactLocation: artifact(e.file), ...(e.line ? { region: { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } } : {}) } },
    ],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Wattlint',
            informationUri: TOOL_URI,
            ...(opts.version ? { version: opts.version, semanticVersion: opts.version } : {}),
            rules: rules.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

export function formatSarif(r: ScanReport, opts: { version?: string } = {}): string {
  return JSON.stringify(toSarif(r, opts), null, 2) + '\n';
}
