// The report webview, in two places: the Wattlint sidebar's view and a full editor tab ("Show Energy Report"),
// where the charts have room. A strict CSP with a nonce, local scripts only (dist/webview.js with chart.js
// bundled), theme colours through VS Code's CSS variables, and messages in both directions validated with zod
// (messages.ts). The content is the server's report (the CLI's JSON); changing an assumption writes the matching
// `wattlint.*` setting where the view said it would (workspace or user settings), so the settings stay the one
// source and every number is recomputed by the server.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { fromWebview, type ReportMessage } from './messages';

export interface ReportHost {
  message(jobId?: string): Promise<ReportMessage>;
  exportReport(format: 'markdown' | 'json' | 'sarif'): Promise<void>;
  open(file: string, line: number | null, cell?: number): Promise<void>;
  rescan(): void;
  setAssumption(name: string, value: string | number | undefined, target: 'workspace' | 'user'): Promise<void>;
}

export class ReportView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'wattlint.report';
  static readonly panelType = 'wattlint.reportPanel';
  private view?: vscode.WebviewView;
  private panel?: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private jobId?: string;
  /** The last figures a webview reported it shows (read from its DOM). */
  rendered?: Record<string, number | string>;
  private readonly renderedEvent = new vscode.EventEmitter<Record<string, number | string>>();
  readonly onDidRender = this.renderedEvent.event;
  /** Messages a webview sent that failed validation (dropped). */
  rejected = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: ReportHost,
  ) {}

  private setUp(webview: vscode.Webview, disposables: vscode.Disposable[]): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    webview.html = this.html(webview);
    disposables.push(webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.setUp(view.webview, this.disposables);
    this.disposables.push(
      view.onDidChangeVisibility(() => view.visible && void this.refresh()),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  /** Opens (or reveals) the report in an editor tab. */
  showPanel(jobId?: string): void {
    if (jobId) this.jobId = jobId;
    if (this.panel) {
      this.panel.reveal();
      void this.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ReportView.panelType, 'Wattlint Energy Report', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
    this.panel = panel;
    const subs: vscode.Disposable[] = [];
    this.setUp(panel.webview, subs);
    subs.push(panel.onDidChangeViewState(() => panel.visible && void this.refresh()));
    panel.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      this.panel = undefined;
    });
  }

  get visible(): boolean {
    return !!this.view?.visible || !!this.panel?.visible;
  }

  get hasPanel(): boolean {
    return !!this.panel;
  }

  async refresh(jobId?: string): Promise<void> {
    if (jobId) this.jobId = jobId;
    const targets = [this.view?.webview, this.panel?.webview].filter((w): w is vscode.Webview => !!w);
    if (!targets.length) return;
    const m = await this.host.message(this.jobId);
    await Promise.all(targets.map((w) => w.postMessage(m)));
  }

  /** Handles one message from a webview; anything that fails the zod schema is counted and dropped. */
  async receive(raw: unknown): Promise<void> {
    const parsed = fromWebview.safeParse(raw);
    if (!parsed.success) {
      this.rejected++;
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'rendered':
        this.rendered = m.figures;
        this.renderedEvent.fire(m.figures);
        return;
      case 'setAssumption':
        return this.host.setAssumption(m.name, m.value === '' || m.value === null ? undefined : m.value, m.target);
      case 'export':
        return this.host.exportReport(m.format);
      case 'open':
        return this.host.open(m.file, m.line, m.cell);
      case 'rescan':
        return this.host.rescan();
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'webview', 'report.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "font-src 'none'",
      "connect-src 'none'",
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Wattlint report</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Scanning the workspace…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.renderedEvent.dispose();
  }
}
