// Maps VS Code URIs to the core's workspace-relative paths (forward slashes) and back. The core names files by
// these paths in findings, edits and related locations; this module is the only place that converts them.
import * as vscode from 'vscode';

export interface Located {
  /** The workspace folder the file belongs to (undefined: a loose file or an untitled buffer). */
  folder?: vscode.WorkspaceFolder;
  /** The path the core sees: relative to the folder, or the file's base name outside any folder. */
  path: string;
}

const extByLanguage: Record<string, string> = {
  python: 'py', yaml: 'yaml', json: 'json', jsonc: 'json', toml: 'toml', shellscript: 'sh',
  javascript: 'js', typescript: 'ts', javascriptreact: 'jsx', typescriptreact: 'tsx',
};

export function locate(uri: vscode.Uri, languageId?: string): Located {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) {
    const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    return { folder, path: rel };
  }
  let name = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'untitled';
  // An untitled buffer has no extension: name it after its language so the core picks the parser.
  if (!name.includes('.') && languageId && extByLanguage[languageId]) name = `${name}.${extByLanguage[languageId]}`;
  return { path: name };
}

/** The URI of a core path seen from `near` (the file the analysis was of). */
export function uriOf(path: string, near: Located & { uri: vscode.Uri }): vscode.Uri {
  if (path === near.path) return near.uri;
  if (near.folder) return vscode.Uri.joinPath(near.folder.uri, ...path.split('/'));
  return vscode.Uri.joinPath(near.uri, '..', ...path.split('/'));
}
