// Where a rule's documentation is: the Markdown page shipped inside the extension (docs/rules/, readable
// offline), or generated from the rule's metadata when that page is missing (a development checkout).
import * as vscode from 'vscode';
import { ruleDocMarkdown } from '../core/report/rule-docs';
import { ruleById } from '../core/rules';
import { ruleDocPath } from '../core/rules/rule';

let extensionUri: vscode.Uri | undefined;

export function initDocs(ctx: vscode.ExtensionContext): void {
  extensionUri = ctx.extensionUri;
}

/** The packaged page of a rule (the Problems panel links here). */
export function ruleDocUri(id: string): vscode.Uri {
  if (!extensionUri) throw new Error('docs not initialised');
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', ruleDocPath(id));
}

export function ruleDocsMarkdown(id: string): string | undefined {
  const rule = ruleById(id);
  return rule ? ruleDocMarkdown(rule) : undefined;
}

/** Opens a rule's page in the Markdown preview (generated text in an untitled editor when the page is missing). */
export async function showRuleDocs(id: string): Promise<void> {
  const uri = ruleDocUri(id);
  try {
    await vscode.workspace.fs.stat(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const md = ruleDocsMarkdown(id);
    if (!md) {
      void vscode.window.showWarningMessage(`Wattlint has no rule "${id}".`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
