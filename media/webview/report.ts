// The report webview's script (bundled by scripts/build.mjs into dist/webview.js, chart.js included; no remote
// code). Renders the CLI's JSON report sent by the extension, validates every message with the shared zod
// schemas, and posts back only the messages in src/extension/report/messages.ts. Theme colours come from
// VS Code's CSS variables, so light, dark and high-contrast themes all work.
import '../../src/extension/zod-setup';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { num, percent } from '../../src/core/report/format';
import { assumptionNames, fromWebview, reportMessage, type AssumptionName, type FromWebview, type ReportMessage } from '../../src/extension/report/messages';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const charts: Chart[] = [];

function post(m: FromWebview): void {
  // Validate our own messages too: a bug here must not reach the extension as a malformed message.
  const ok = fromWebview.safeParse(m);
  if (ok.success) vscode.postMessage(ok.data);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A number shown to the user, tagged so the extension (and tests) can read back exactly what is displayed. */
function figure(key: string, value: number, text = num(value)): HTMLElement {
  return el('span', { 'data-figure': key, 'data-value': String(value), class: 'num' }, text);
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const assumptionLabels: Record<AssumptionName, [string, 'text' | 'number', string]> = {
  hardware: ['Hardware', 'text', 'e.g. A100 80GB SXM'],
  region: ['Region', 'text', 'e.g. gcp:us-central1 or FR'],
  pue: ['PUE', 'number', 'e.g. 1.1'],
  pricePerGpuHour: ['Price per GPU-hour (USD)', 'number', 'price table'],
  requestsPerDay: ['Requests per day', 'number', '100000'],
};

function place(file: string, line: number | null, cell?: number): string {
  return `${file}${cell !== undefined ? `[cell ${cell + 1}]` : ''}${line ? `:${line}` : ''}`;
}

function link(file: string, line: number | null, cell?: number): HTMLElement {
  const a = el('a', { href: '#', class: 'place' }, place(file, line, cell));
  a.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'open', file, line, ...(cell !== undefined ? { cell } : {}) });
  });
  return a;
}

function barChart(id: string, labels: string[], values: number[], label: string, colour: string): HTMLElement {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': label });
  const box = el('div', { class: 'chart' }, canvas);
  const fg = cssVar('--vscode-foreground', '#888');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  queueMicrotask(() => {
    charts.push(
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: colour, borderColor: colour }] },
        options: {
          indexAxis: 'y',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${num(Number(c.raw))} ${label}` } } },
          scales: { x: { ticks: { color: fg }, grid: { color: grid } }, y: { ticks: { color: fg }, grid: { display: false } } },
        },
      }),
    );
  });
  box.style.height = `${Math.max(80, 28 * labels.length + 40)}px`;
  return box;
}

function render(m: ReportMessage): void {
  charts.splice(0).forEach((c) => c.destroy());
  const { json } = m;
  const s = json.summary;
  const parts: HTMLElement[] = [];

  parts.push(
    el(
      'section',
      { class: 'summary' },
      el('h2', {}, 'Wattlint report'),
      el('p', {}, figure('summary.findings', s.findings), ` findings (`, figure('summary.error', s.error), ' errors, ', figure('summary.warning', s.warning), ' warnings, ', figure('summary.info', s.info), ' info) in ', figure('summary.files', s.files), ' files; ', figure('summary.suppressed', s.suppressed), ' suppressed.'),
      ...(m.scanning ? [el('p', { class: 'muted' }, 'Scanning…')] : []),
    ),
  );

  // Jobs and their audit figures.
  const jobs = json.jobs;
  // One card per job (the sidebar is narrow): where it is, what it is, then its audit figures.
  const jobCards = jobs.map((j) => {
    const e = j.estimate;
    const figs: (Node | string)[] = [];
    const add = (...parts: (Node | string)[]) => {
      if (figs.length) figs.push(' · ');
      figs.push(...parts);
    };
    if (e?.energyKWh) add('≈ ', figure(`job.${j.id}.energyKWh`, e.energyKWh.mid), ` kWh (${num(e.energyKWh.low)}–${num(e.energyKWh.high)}) ${j.kind === 'training' ? 'per run' : 'per day'}`);
    const perQuery = e?.audit?.energyPerQueryMJ;
    if (perQuery) add(figure(`job.${j.id}.mJPerQuery`, perQuery.mid), ' mJ/query');
    if (e?.co2Kg) add(figure(`job.${j.id}.co2Kg`, e.co2Kg.mid), ' kg CO2e');
    const intensity = e?.audit?.carbonIntensityGPerKWh;
    if (typeof intensity === 'number') add(figure(`job.${j.id}.intensity`, intensity), ' gCO2e/kWh');
    if (e?.costUSD) add('$', figure(`job.${j.id}.costUSD`, e.costUSD.mid));
    const label = e?.label ? el('span', { class: `label label-${e.label}`, 'data-figure': `job.${j.id}.label`, 'data-value': e.label, title: 'energy label' }, e.label) : '';
    return el(
      'li',
      { class: 'job' },
      el('div', { class: 'job-head' }, link(j.file, j.line, j.cell), ' ', el('span', { class: 'muted' }, `${j.kind} · ${j.flavour}`), ' ', label),
      el('div', { class: figs.length ? 'job-figs' : 'job-figs muted' }, ...(figs.length ? figs : ['no estimate yet'])),
    );
  });
  const withEnergy = jobs.filter((j) => j.estimate?.energyKWh).sort((a, b) => b.estimate!.energyKWh!.mid - a.estimate!.energyKWh!.mid).slice(0, 10);
  if (withEnergy.length) {
    parts.push(el('section', {}, el('h3', {}, withEnergy.length < jobs.filter((j) => j.estimate?.energyKWh).length ? 'Energy by job, top 10 (kWh per training run or per serving day)' : 'Energy by job (kWh per training run or per serving day)'), barChart('chart-energy', withEnergy.map((j) => place(j.file, j.line, j.cell)), withEnergy.map((j) => j.estimate!.energyKWh!.mid), 'kWh', cssVar('--vscode-charts-blue', '#3794ff'))));
  }

  // Savings ranked by size.
  const savings = json.findings.filter((f) => f.saving).sort((a, b) => (b.saving!.energyKWh?.mid ?? 0) - (a.saving!.energyKWh?.mid ?? 0) || b.saving!.energyFraction.mid - a.saving!.energyFraction.mid);
  parts.push(
    el(
      'section',
      {},
      el('h3', {}, 'Savings, largest first'),
      savings.length
        ? el(
            'ol',
            { class: 'savings' },
            ...savings.map((f, i) =>
              el(
                'li',
                {},
                el('code', {}, f.rule),
                ' ',
                link(f.file, f.line, f.cell),
                ': ',
                el('span', { 'data-figure': `saving.${i}.fraction`, 'data-value': String(f.saving!.energyFraction.mid) }, percent(f.saving!.energyFraction)),
                f.saving!.energyKWh ? el('span', {}, ' · ', figure(`saving.${i}.energyKWh`, f.saving!.energyKWh.mid), ' kWh') : '',
              ),
            ),
          )
        : el('p', { class: 'muted' }, `${json.findings.length} findings; no saving could be estimated for them yet.`),
    ),
  );
  const byRule = new Map<string, number>();
  for (const f of savings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + (f.saving!.energyKWh?.mid ?? 0));
  const ruleRows = [...byRule].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  if (ruleRows.length) parts.push(el('section', {}, el('h3', {}, 'Savings by rule (kWh)'), barChart('chart-rules', ruleRows.map((r) => r[0]), ruleRows.map((r) => r[1]), 'kWh', cssVar('--vscode-charts-green', '#89d185'))));
  if (m.regions) {
    const job = jobs.find((j) => j.id === m.regions!.jobId);
    parts.push(
      el(
        'section',
        {},
        el('h3', {}, `The same job across regions (kg CO2e): ${job ? place(job.file, job.line, job.cell) : m.regions.jobId}`),
        barChart('chart-regions', m.regions.rows.map((r) => r.region), m.regions.rows.map((r) => r.co2Kg), 'kg CO2e', cssVar('--vscode-charts-orange', '#d18616')),
      ),
    );
  }

  // Jobs: estimated ones by energy, largest first; the rest folded away.
  const order = jobs.map((j, i) => ({ i, kwh: j.estimate?.energyKWh?.mid ?? -1 })).sort((a, b) => b.kwh - a.kwh);
  const sortedCards = order.filter((o) => o.kwh >= 0).map((o) => jobCards[o.i]);
  const rest = order.filter((o) => o.kwh < 0).map((o) => jobCards[o.i]);
  parts.push(
    el(
      'section',
      {},
      el('h3', {}, `Jobs (`, figure('jobs.count', jobs.length), ')'),
      jobs.length ? el('ul', { class: 'jobs' }, ...sortedCards) : el('p', { class: 'muted' }, 'No training or inference job found yet.'),
      ...(rest.length ? [el('details', {}, el('summary', { class: 'muted' }, `${rest.length} job${rest.length === 1 ? '' : 's'} without an estimate (the engine lacked a fact it needs)`), el('ul', { class: 'jobs' }, ...rest))] : []),
    ),
  );

  // Assumptions: editing one writes the `wattlint.*` setting where the "Store in" choice says (named before anything
  // is written); the repo's config file wins where it sets one. Hardware and region offer the bundled names.
  const form = el('form', { class: 'assumptions' });
  const lists: Partial<Record<AssumptionName, string[]>> = { hardware: m.names.hardware, region: m.names.regions };
  const target = el('select', { id: 'a-target', name: 'target', title: 'Where a changed assumption is stored' });
  for (const t of m.targets) target.append(el('option', { value: t.id }, t.label));
  form.append(el('label', { for: 'a-target' }, 'Store changes in'), target);
  for (const name of assumptionNames) {
    const [label, type, placeholder] = assumptionLabels[name];
    const locked = m.locked.includes(name);
    const value = m.assumptions[name];
    const list = lists[name];
    const input = el('input', { id: `a-${name}`, name, type, placeholder, value: value === undefined ? '' : String(value), ...(type === 'number' ? { step: 'any' } : {}), ...(list ? { list: `names-${name}` } : {}) });
    if (locked) input.setAttribute('disabled', '');
    input.addEventListener('change', () => {
      const raw = input.value.trim();
      const where = (target.value === 'user' ? 'user' : 'workspace') as 'workspace' | 'user';
      post({ type: 'setAssumption', name, value: raw === '' ? null : type === 'number' ? Number(raw) : raw, target: where });
    });
    form.append(el('label', { for: `a-${name}` }, label, locked ? el('span', { class: 'muted' }, ` (set by ${m.configFile ?? 'the repo config'})`) : ''), input);
    if (list) form.append(el('datalist', { id: `names-${name}` }, ...list.map((n) => el('option', { value: n }))));
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  parts.push(el('section', {}, el('h3', {}, 'Assumptions'), form));

  const buttons = el('section', { class: 'buttons' });
  for (const [format, label] of [['markdown', 'Export Markdown'], ['json', 'Export JSON'], ['sarif', 'Export SARIF']] as const) {
    const b = el('button', { type: 'button' }, label);
    b.addEventListener('click', () => post({ type: 'export', format }));
    buttons.append(b);
  }
  const rescan = el('button', { type: 'button', class: 'secondary' }, 'Rescan');
  rescan.addEventListener('click', () => post({ type: 'rescan' }));
  buttons.append(rescan);
  parts.push(buttons);
  if (json.errors.length) parts.push(el('section', {}, el('h3', {}, 'Files that could not be read'), el('ul', {}, ...json.errors.map((e) => el('li', {}, `${e.file}: ${e.message}`)))));

  app.replaceChildren(...parts);
  // Read back what is displayed (the e2e test compares it with `wattlint scan --format json`).
  const figures: Record<string, number | string> = {};
  for (const n of app.querySelectorAll<HTMLElement>('[data-figure]')) {
    const v = n.dataset.value ?? '';
    figures[n.dataset.figure!] = v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  }
  post({ type: 'rendered', figures });
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = reportMessage.safeParse(e.data);
  if (m.success) render(m.data);
});
post({ type: 'ready' });
