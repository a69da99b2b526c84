// Model-API imports from the workspace's own modules (python-modules.ts): a module is parsed for its clients only
// when its text names a client constructor as a whole identifier, and for its constant strings only when the
// importing file makes an API call that reads one. These tests check what the importer sees either way.
import { strict as assert } from 'node:assert';
import { pythonApiUsage } from '../../src/core/extract/api/python-usage';
import { parsePythonText } from '../../src/core/parse/python';
import type { WorkspaceReader } from '../../src/core/settings';
import { memoryWorkspace } from '../../src/node/workspace';

/** The importer's API calls (provider, kind, the system prompt's value) and the workspace paths it read. */
function usage(main: string, files: Record<string, string>): { calls: string[]; reads: string[] } {
  const r = parsePythonText('app/main.py', main);
  assert.ok('doc' in r, 'the importer parses');
  const inner = memoryWorkspace(files);
  const reads: string[] = [];
  const ws: WorkspaceReader = {
    read: (p) => {
      reads.push(p);
      return inner.read(p);
    },
    list: inner.list,
  };
  const u = pythonApiUsage(r.doc, ws);
  return { calls: u.calls.map((c) => `${c.provider} ${c.kind} system=${c.system?.value ?? '-'}`), reads };
}

const call = (name: string) => `def f(q):\n    return ${name}.messages.create(model="claude-sonnet-4-20250514", max_tokens=10, system=SYSTEM, messages=[])\n`;

describe('workspace modules imported for model-API code', () => {
  it('finds a client built in the module, however the constructor is spelt', () => {
    const spellings = [
      'import anthropic\nclaude = anthropic.Anthropic()\n',
      'from anthropic import Anthropic as A\nclaude = A()\n',
      'from anthropic import Anthropic\nclaude = Anthropic()\n',
      'from anthropic import (Anthropic)\nif True:\n    claude = Anthropic()\n',
    ];
    for (const llm of spellings) {
      const u = usage(`from .llm import claude\nSYSTEM = "be brief"\n${call('claude')}`, { 'app/llm.py': llm });
      assert.deepEqual(u.calls, ['anthropic messages system=be brief'], llm);
    }
  });

  it('finds no client in a module whose constructor only contains the name (`VLLMClient`, `AnthropicX`)', () => {
    for (const llm of ['from x import VLLMClient\nclaude = VLLMClient()\n', 'from x import AnthropicX\nclaude = AnthropicX()\n', 'claude = make()  # Anthropic_\n']) {
      const u = usage(`from .llm import claude\nSYSTEM = "s"\n${call('claude')}`, { 'app/llm.py': llm });
      assert.deepEqual(u.calls, [], llm);
    }
  });

  it('reads an imported constant string where an API call uses it, the later import of a name winning', () => {
    const files = {
      'app/llm.py': 'import anthropic\nclaude = anthropic.Anthropic()\n',
      'app/prompts.py': 'SYSTEM = "from prompts"\n',
      'app/other.py': 'SYSTEM = "from other"\n',
    };
    assert.deepEqual(usage(`from .llm import claude\nfrom .prompts import SYSTEM\n${call('claude')}`, files).calls, ['anthropic messages system=from prompts']);
    assert.deepEqual(usage(`from .llm import claude\nfrom .prompts import SYSTEM\nfrom .other import SYSTEM\n${call('claude')}`, files).calls, [
      'anthropic messages system=from other',
    ]);
    // a module that does not parse offers nothing
    assert.deepEqual(usage(`from .llm import claude\nfrom .prompts import SYSTEM\n${call('claude')}`, { ...files, 'app/prompts.py': 'SYSTEM = (\n' }).calls, [
      'anthropic messages system=-',
    ]);
  });

  it('resolves relative and absolute module paths', () => {
    const u = usage('from .llm import claude\nfrom prompts import SYSTEM\nfrom app.missing import X\n' + call('claude'), {
      'app/llm.py': 'import anthropic\nclaude = anthropic.Anthropic()\n',
      'prompts.py': 'SYSTEM = "root"\n',
    });
    assert.deepEqual(u.calls, ['anthropic messages system=root']);
    assert.deepEqual(u.reads, ['app/llm.py', 'app/prompts.py', 'app/prompts/__init__.py', 'prompts.py', 'app/app/missing.py', 'app/app/missing/__init__.py', 'app/missing.py', 'app/missing/__init__.py']);
  });
});
