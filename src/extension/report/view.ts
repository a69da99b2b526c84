// The report webview view in the Wattlint sidebar: a strict CSP with a nonce, local scripts only
// (dist/webview.js with chart.js bundled), theme colours through VS Code's CSS variables, and messages in both
// directions validated with zod (messages.ts). Changing an assumption writes the matching `wattlint.*` setting,
// so the settings stay the one source and every number is recomputed by the core.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { fromWebview, type ReportMessage } from './messages';

export interface ReportHost {
  message(jobId?: string): Promise<ReportMessage>;
  exportReport(format: 'markdown' | 'json' | 'sarif'): Promise<void>;
  open(file: string, line: number | null, cell?: number): Promise<void>;
  rescan(): void;
}

export class ReportView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'wattlint.report';
  private view?: vscode.WebviewView;
  private readonly disposables: vscode.Disposable[] = [];
  private jobId?: string;
  /** The last figures the webview reported it shows (read from its DOM). */
  rendered?: Record<string, number | string>;
  private readonly renderedEvent = new vscode.EventEmitter<Record<string, number | string>>();
  readonly onDidRender = this.renderedEvent.event;
  /** Messages the webview sent that failed validation (dropped). */
  rejected = 0;

  constructor(private readonly extensionUri: vscode.Uri, private readonly host: ReportHost) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      view.onDidChangeVisibility(() => view.visible && void this.refresh()),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  async refresh(jobId?: string): Promise<void> {
    if (jobId) this.jobId = jobId;
    if (!this.view) return;
    await this.view.webview.postMessage(await this.host.message(this.jobId));
  }

  /** Handles one message from the webview; anything that fails the zod schema is counted and dropped. */
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
      case 'setAssumption': {
        const c = vscode.workspace.getConfiguration('wattlint');
        const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        await c.update(m.name, m.value === '' ? undefined : (m.value ?? undefined), target);
        return;
      }
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
    this.disposables.forEach((d) => d.dispose());
    this.renderedEvent.dispose();
  }
}
