// Callee resolution (extract/python/resolve.ts): what a call really calls, through imports, aliases, scopes and
// the project's own modules. The shared mechanism behind "a safe fix applies only to the API it was written for".
import { strict as assert } from 'node:assert';
import { parsePython } from '../../src/core/parse/python';
import type { PythonDoc } from '../../src/core/parse/document';
import { analysisOf } from '../../src/core/extract/python/analysis';
import { callsLibrary, resolveCallee, type Callee } from '../../src/core/extract/python/resolve';
import { memoryWorkspace } from '../../src/node/workspace';

function calleeOf(src: string, marker: string, files: Record<string, string> = {}): Callee {
  const r = parsePython('pkg/train.py', src);
  assert.ok(r.ok);
  const a = analysisOf(r.doc as PythonDoc);
  const at = src.indexOf(marker);
  const call = a.calls.filter((c) => c.start <= at && c.end > at).sort((x, y) => x.end - x.start - (y.end - y.start))[0];
  assert.ok(call, marker);
  return resolveCallee(a, call, memoryWorkspace({ 'pkg/train.py': src, ...files }));
}

describe('python: callee resolution', () => {
  it('a library API through `from m import X`, `import m`, `import m as x` and an alias variable', () => {
    assert.deepEqual(calleeOf('from transformers import AutoModel\nm = AutoModel.from_pretrained("x")\n', 'from_pretrained'), { kind: 'library', library: 'transformers', qname: 'transformers.AutoModel.from_pretrained' });
    assert.equal((calleeOf('import transformers as tf\nm = tf.AutoModel.from_pretrained("x")\n', 'from_pretrained') as { qname: string }).qname, 'transformers.AutoModel.from_pretrained');
    assert.equal((calleeOf('from transformers import AutoModel\ncls = AutoModel\nm = cls.from_pretrained("x")\n', 'from_pretrained') as { qname: string }).qname, 'transformers.AutoModel.from_pretrained');
  });

  it("a project's own class: defined here, imported from its module, or relative", () => {
    const own = calleeOf('class GPT:\n    @classmethod\n    def from_pretrained(cls, name):\n        return cls()\n\nm = GPT.from_pretrained("gpt2")\n', 'GPT.from_pretrained("');
    assert.equal(own.kind, 'project');
    const imported = calleeOf('from model import GPT\nm = GPT.from_pretrained("gpt2")\n', 'from_pretrained', { 'pkg/model.py': 'class GPT:\n    pass\n' });
    assert.equal(imported.kind, 'project');
    assert.equal(calleeOf('from .model import GPT\nm = GPT.from_pretrained("gpt2")\n', 'from_pretrained').kind, 'project');
  });

  it('a subclass of a library class that does not define the method: the library method, via the subclass', () => {
    const c = calleeOf('from transformers import PreTrainedModel\nclass M(PreTrainedModel):\n    pass\nm = M.from_pretrained("x")\n', 'from_pretrained');
    assert.equal(c.kind, 'library');
    assert.ok(c.kind === 'library' && c.viaSubclass);
  });

  it('a parameter, a name bound twice, an unknown module: unknown', () => {
    assert.equal(calleeOf('def load(cls):\n    return cls.from_pretrained("x")\n', 'from_pretrained').kind, 'unknown');
    assert.equal(calleeOf('from transformers import AutoModel\nif x:\n    M = AutoModel\nelse:\n    M = Other\nm = M.from_pretrained("x")\n', 'from_pretrained').kind, 'unknown');
    assert.equal(calleeOf('from somelib import AutoModel\nm = AutoModel.from_pretrained("x")\n', 'from_pretrained').kind, 'unknown');
  });

  it('callsLibrary: the API pattern, not a look-alike', () => {
    const r = parsePython('t.py', 'from transformers import TrainingArguments\nfrom mylib import TrainingArguments as TA\na = TrainingArguments(output_dir="o")\nb = TA(output_dir="o")\n');
    assert.ok(r.ok);
    const a = analysisOf(r.doc as PythonDoc);
    const [first, second] = a.calls.filter((c) => /TrainingArguments|TA/.test(a.text.slice(c.start, c.end)));
    assert.equal(callsLibrary(a, first, /^transformers\.TrainingArguments$/), true);
    assert.equal(callsLibrary(a, second, /^transformers\.TrainingArguments$/), false);
  });
});
