// A real headless Neovim (Debian's `neovim`, 0.7.2 here; `.ci/run` installs it) as the LSP client of
// `wattlint server`, through test/neovim/init.lua: the diagnostics it shows for the examples are the CLI's, a hover
// answers with what the fix saves, the code actions are offered and the quick fix leaves the file as `wattlint fix`
// would, and the server stops when Neovim stops it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { JsonReport } from '../../src/core/report/json';
import { repoRoot } from './lsp-client';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
}

interface NvimResult {
  error?: string;
  version?: { major: number; minor: number };
  files: Record<string, { published: boolean; diagnostics: NvimDiagnostic[] }>;
  hover?: string;
  actions: string[];
  fix_title?: string;
  fixed_text: string;
  after_fix: NvimDiagnostic[];
  stopped: boolean;
}

function nvimAvailable(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

async function cli(cwd: string, ...argv: string[]): Promise<string> {
  let out = '';
  await main(argv, { cwd, out: (t) => void (out += t), err: () => undefined });
  return out;
}

describe('wattlint server in a headless Neovim', function () {
  this.timeout(180000);
  let ws: string;

  before(function () {
    if (!nvimAvailable()) {
      // .ci/run installs Debian's neovim and sets WATTLINT_REQUIRE_NVIM, so CI fails rather than skip the test;
      // elsewhere a machine without nvim skips it.
      assert.ok(!process.env.WATTLINT_REQUIRE_NVIM, 'nvim is not installed, and WATTLINT_REQUIRE_NVIM says this run needs it');
      console.log('    (nvim is not installed: `apt-get install neovim` to run the Neovim test)');
      this.skip();
    }
    ws = mkdtempSync(join(tmpdir(), 'wattlint-nvim-'));
    cpSync(join(repoRoot, 'examples'), ws, { recursive: true });
  });

  after(() => {
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it("shows the CLI's diagnostics, answers hover and code actions, and applies the quick fix", async () => {
    const report = JSON.parse(await cli(ws, 'scan', '.', '--format', 'json')) as JsonReport;
    const files = [...new Set(report.findings.map((f) => f.file))].filter((f) => !f.endsWith('.ipynb') && /\.(py|ya?ml|json|sh)$/.test(f));
    files.push('clean/train_bf16.py'); // a file with no findings: an empty list arrives
    const actionFile = 'configs/accelerate_fsdp.yaml';
    const outFile = join(ws, '.nvim-result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', join(repoRoot, 'test', 'neovim', 'init.lua')], {
      cwd: ws,
      encoding: 'utf8',
      timeout: 150000,
      env: {
        ...process.env,
        WATTLINT_CMD: JSON.stringify([process.execPath, join(repoRoot, 'out', 'src', 'cli', 'main.js'), 'server', '--stdio']),
        WATTLINT_ROOT: ws,
        WATTLINT_FILES: JSON.stringify(files),
        WATTLINT_ACTION_FILE: actionFile,
        WATTLINT_OUT: outFile,
        XDG_STATE_HOME: join(ws, '.nvim-state'),
        XDG_DATA_HOME: join(ws, '.nvim-data'),
      },
    });
    let result: NvimResult;
    try {
      result = JSON.parse(readFileSync(outFile, 'utf8')) as NvimResult;
    } catch {
      throw new Error(`Neovim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    }
    assert.equal(result.error, undefined, result.error);
    console.log(`    Neovim ${result.version?.major}.${result.version?.minor}: ${files.length} files`);

    const severity = { error: 1, warning: 2, info: 3 } as const;
    for (const file of files) {
      const got = result.files[file];
      assert.ok(got?.published, `${file}: diagnostics published`);
      const text = readFileSync(join(ws, file), 'utf8');
      const firstLine = text.split(/\r?\n/, 1)[0].length;
      const want = report.findings
        .filter((f) => f.file === file)
        .map((f) => ({
          lnum: f.line === null ? 0 : f.line - 1,
          col: f.line === null ? 0 : f.column! - 1,
          end_lnum: f.line === null ? 0 : f.endLine! - 1,
          end_col: f.line === null ? firstLine : f.endColumn! - 1,
          severity: severity[f.severity],
          message: f.message,
          source: 'wattlint',
          code: f.rule,
        }));
      const key = (d: NvimDiagnostic) => `${d.lnum}:${d.col}:${d.code}`;
      assert.deepEqual([...got.diagnostics].sort((a, b) => key(a).localeCompare(key(b))), [...want].sort((a, b) => key(a).localeCompare(key(b))), file);
    }

    const finding = report.findings.find((f) => f.file === actionFile)!;
    // an unsafe fix (this one replaces the `'no'` written in the file) is offered for review, its safety in the title
    assert.ok(result.actions.some((t) => t.startsWith(finding.fix!.title)), result.actions.join(' | '));
    assert.ok(result.actions.includes(`Ignore ${finding.rule} on this line`), result.actions.join(' | '));
    assert.ok(result.hover?.includes(`docs/rules/${finding.rule.replace('/', '-')}.md`), result.hover);
    assert.ok(result.fix_title?.startsWith(finding.fix!.title), result.fix_title);
    // The quick fix leaves the buffer as `wattlint fix --unsafe` leaves the file (it has one fix).
    const other = mkdtempSync(join(tmpdir(), 'wattlint-nvim-fix-'));
    try {
      cpSync(ws, other, { recursive: true });
      await cli(other, 'fix', '--unsafe', actionFile);
      assert.equal(`${result.fixed_text}\n`, readFileSync(join(other, actionFile), 'utf8'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    assert.equal(result.after_fix.filter((d) => d.code === finding.rule).length, 0, 'the fixed finding is gone');
    assert.ok(result.stopped, 'the server stopped');
  });
});
