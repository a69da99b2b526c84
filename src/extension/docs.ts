// Rule documentation, rendered and read-only everywhere: the pages shipped in the extension (docs/rules/*.md) are
// served under a read-only `wattlint-docs:` file system, and that scheme opens in VS Code's Markdown preview
// (`workbench.editorAssociations` in package.json's configurationDefaults), so the rule id in the Problems panel,
// the link in a hover and the "Show documentation" code action all show the same rendered page, which cannot be
// edited by accident.
import * as vscode from 'vscode';

export const DOCS_SCHEME = 'wattlint-docs';

/** Where the server points documentation links: `{file}` is the page's name, e.g. precision-fp32-training.md. */
export const DOCS_URI_TEMPLATE = `${DOCS_SCHEME}:/{file}`;

export function ruleDocUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${id.replace('/', '-')}.md` });
}

/** A read-only file system over the extension's docs/rules folder. */
export class RuleDocsFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

  private source(uri: vscode.Uri): vscode.Uri {
    const name = uri.path.replace(/^\/+/, '');
    if (!/^[a-z0-9-]+\.md$/.test(name)) throw vscode.FileSystemError.FileNotFound(uri);
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', name);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/' || uri.path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const s = await vscode.workspace.fs.stat(this.source(uri));
    return { ...s, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Thenable<Uint8Array> {
    return vscode.workspace.fs.readFile(this.source(uri));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Wattlint rule documentation is read-only');
  }

  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('Wattlint rule documentation is read-only');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Wattlint rule documentation is read-only');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Wattlint rule documentation is read-only');
  }
}

export function registerRuleDocs(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(DOCS_SCHEME, new RuleDocsFileSystem(extensionUri), { isReadonly: true, isCaseSensitive: true });
}

/** Opens a rule's page in the Markdown preview. */
export async function showRuleDocs(id: string): Promise<void> {
  const uri = ruleDocUri(id);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(`Wattlint has no rule "${id}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
