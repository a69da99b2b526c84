// A minimal LSP client over stdio for the tests and the bench: spawns `wattlint server --stdio` (the compiled CLI)
// and speaks JSON-RPC to it through vscode-languageserver-protocol, the protocol library VS Code's own client is
// built on. It answers workspace/configuration from `settings`, records pushed diagnostics and progress, and
// applies nothing itself (tests apply edits to their copies of the text).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = join(__dirname, '..', '..', '..');

/** A client that pulls diagnostics, resolves code actions and answers workspace/configuration, like VS Code's. */
export const pullCapabilities: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
    hover: { contentFormat: ['markdown'] },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  notebookDocument: { synchronization: {} },
};

/** A client that only takes pushed diagnostics and wants edits with its code actions (an older editor). */
export const pushCapabilities: ClientCapabilities = {
  workspace: { configuration: false, applyEdit: true },
  textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
};

export class LspClient {
  readonly pushed = new Map<string, Diagnostic[]>();
  readonly progress: unknown[] = [];
  readonly messages: string[] = [];
  readonly applied: { edit: { changes?: Record<string, TextEdit[]> } }[] = [];
  settings: Record<string, unknown> = {};
  private versions = new Map<string, number>();
  private waiters: (() => void)[] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {}

  static async start(opts: { folder?: string; capabilities?: ClientCapabilities; initializationOptions?: unknown; settings?: Record<string, unknown> } = {}): Promise<LspClient> {
    // WATTLINT_SERVER_NODE_ARGS: extra node flags for the server process (profiling the bench: `--cpu-prof`).
    const nodeArgs = (process.env.WATTLINT_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const proc = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'out', 'src', 'cli', 'main.js'), 'server', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const c = new LspClient(proc, conn);
    c.settings = opts.settings ?? {};
    proc.stderr!.on('data', (d: Buffer) => void c.messages.push(`stderr: ${d.toString()}`));
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      c.pushed.set(p.uri, p.diagnostics);
      c.wake();
    });
    conn.onNotification('$/progress', (p: unknown) => void c.progress.push(p));
    conn.onNotification('window/logMessage', (p: { message: string }) => void c.messages.push(p.message));
    conn.onNotification('window/showMessage', (p: { message: string }) => void c.messages.push(`show: ${p.message}`));
    conn.onNotification('$/logTrace', (p: { message: string }) => void c.messages.push(`trace: ${p.message}`));
    conn.onNotification('wattlint/didChangeFindings', () => c.wake());
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'wattlint' ? c.settings : null)));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => {
      c.wake();
      return null;
    });
    conn.onRequest('window/showDocument', () => ({ success: true }));
    conn.onRequest('workspace/applyEdit', (p: { edit: { changes?: Record<string, TextEdit[]> } }) => {
      c.applied.push(p);
      return { applied: true };
    });
    conn.listen();
    const folder = opts.folder;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? uriOf(folder) : null,
      workspaceFolders: folder ? [{ uri: uriOf(folder), name: 'ws' }] : null,
      capabilities: opts.capabilities ?? pullCapabilities,
      initializationOptions: opts.initializationOptions,
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until `test` holds, re-checking after every notification (and every 50 ms). */
  async until<T>(what: string, test: () => T | undefined | false, ms = 20000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = test();
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; server said:\n${this.messages.join('\n')}`);
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          ok();
        });
      });
    }
  }

  open(uri: string, languageId: string, text: string): void {
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one incremental change: replace [start, end) (line/character) with `text`. */
  change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** Sends the whole new text (a full-document change). */
  replace(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const r = await this.conn.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return r.items;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((ok) => this.proc.once('exit', (code) => ok(code)));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    const code = await exited;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    this.conn.dispose();
    this.proc.kill();
  }
}

export function uriOf(abs: string): string {
  return pathToFileURL(abs).href;
}

/** Applies LSP text edits of one document to its text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
