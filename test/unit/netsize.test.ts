// The size of a network a file writes itself (extract/python/netsize.ts), read from its layers' constant sizes.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../src/core/parse';
import type { PythonDoc } from '../../src/core/parse/document';
import { analysisOf } from '../../src/core/extract/python/analysis';
import { textOf } from '../../src/core/extract/python/ast';
import { ownNetworkParams, tinyNetwork } from '../../src/core/extract/python/netsize';

/** The parameters of the network built by the call whose text starts with `call` (the last such call). */
function paramsOf(src: string, call: string): number | undefined {
  const r = parseDocument('m.py', src);
  assert.ok(r.ok && r.doc.lang === 'python');
  const a = analysisOf(r.doc as PythonDoc);
  const c = [...a.calls].reverse().find((n) => textOf(a.text, n).startsWith(call));
  assert.ok(c, `no call ${call}`);
  return ownNetworkParams(a, c);
}

const HEAD = 'import torch\nfrom torch import nn\n';

describe('network size from constant layer sizes', () => {
  it('counts dense layers, with bias, through __init__ parameters, defaults and module constants', () => {
    const src = `${HEAD}H = 64\nclass Net(nn.Module):\n    def __init__(self, n_in, n_out, hidden=H * 2):\n        super().__init__()\n        self.a = nn.Linear(n_in, hidden)\n        self.b = nn.Sequential(nn.ReLU(), nn.Dropout(0.1), nn.Linear(hidden, (n_out - 1), bias=False))\nm = Net(10, n_out=5)\n`;
    assert.equal(paramsOf(src, 'Net('), 10 * 128 + 128 + 128 * 4);
  });

  it('counts an LSTM by its gates and layers, and an embedding not at all', () => {
    const src = `${HEAD}class RNN(nn.Module):\n    def __init__(self, vocab, d, h):\n        super().__init__()\n        self.e = nn.Embedding(vocab, d)\n        self.r = nn.LSTM(d, h, num_layers=2, batch_first=True)\nm = RNN(len(v), 20, 64)\n`;
    assert.equal(paramsOf(src, 'RNN('), 4 * 64 * (20 + 64 + 2) + 4 * 64 * (64 + 64 + 2));
  });

  it('reads the class defined last before the call when a file defines it twice', () => {
    const src = `${HEAD}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(4096, 4096)\na = M()\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(8, 2)\nb = M()\n`;
    assert.equal(paramsOf(src, 'M()'), 18);
  });

  it('leaves unknown the size of a wrapper that calls a module it is handed', () => {
    // IP-Adapter's wrapper: `self.unet = unet` in __init__, `self.unet(...)` in forward; its own layers say nothing
    const wrap = `${HEAD}class Wrap(nn.Module):\n    def __init__(self, unet, hidden):\n        super().__init__()\n        self.unet = unet\n        self.hidden = hidden\n        self.proj = nn.Linear(8, 8)\n    def forward(self, x):\n        return self.proj(self.unet(x))\nm = Wrap(unet, 8)\n`;
    assert.equal(paramsOf(wrap, 'Wrap('), undefined);
    // a stored setting that is never called is no module: the class's own layers are its size
    const setting = wrap.replace('self.proj(self.unet(x))', 'self.proj(x) * self.hidden');
    assert.equal(paramsOf(setting, 'Wrap('), 72);
  });

  it('follows model = model.to(...) back to the call that built it', () => {
    const src = `${HEAD}model = nn.Sequential(nn.Linear(100, 10))\nmodel = model.to("cuda")\n`;
    assert.equal(paramsOf(src, 'model.to('), 1010);
  });

  it('is unknown for convolutions, layers built in a loop, sizes the code does not state and other libraries\' layers', () => {
    assert.equal(paramsOf(`${HEAD}m = nn.Sequential(nn.Conv2d(3, 16, 3), nn.Flatten(), nn.Linear(16, 2))\n`, 'nn.Sequential('), undefined);
    assert.equal(paramsOf(`${HEAD}class M(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n        self.ls = nn.ModuleList([nn.Linear(8, 8) for _ in range(n)])\nm = M(4)\n`, 'M('), undefined);
    assert.equal(paramsOf(`${HEAD}m = nn.Linear(k, 10)\n`, 'nn.Linear('), undefined);
    assert.equal(paramsOf(`${HEAD}from torch_geometric.nn import GCNConv\nclass G(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = GCNConv(16, 16)\n        self.l = nn.Linear(16, 2)\nm = G()\n`, 'G('), undefined);
  });

  it('calls a network of narrow layers tiny (one side at most 64 wide, the other not stated), with no exact count', () => {
    for (const [width, tiny] of [[64, true], [1, true], [65, false]] as const) {
      const src = `${HEAD}class T(nn.Module):\n    def __init__(self, ntags):\n        super().__init__()\n        self.e = nn.Embedding(len(vocab), ${width})\n        self.l = nn.Linear(${width}, ntags)\nm = T(len(tags))\n`;
      const r = parseDocument('m.py', src);
      assert.ok(r.ok);
      const a = analysisOf(r.doc as PythonDoc);
      const call = [...a.calls].reverse().find((c) => textOf(a.text, c).startsWith('T('))!;
      assert.equal(tinyNetwork(a, call), tiny, `width ${width}`);
      assert.equal(paramsOf(src, 'T('), undefined, `width ${width}: the count is not exact`);
    }
  });

  it('calls a network tiny up to 2M parameters', () => {
    for (const [width, tiny] of [[1024, true], [2048, false]] as const) {
      const r = parseDocument('m.py', `${HEAD}m = nn.Sequential(nn.Linear(${width}, ${width}), nn.Linear(${width}, 10))\n`);
      assert.ok(r.ok);
      const a = analysisOf(r.doc as PythonDoc);
      assert.equal(tinyNetwork(a, a.calls.find((c) => textOf(a.text, c).startsWith('nn.Sequential('))!), tiny, `width ${width}`);
    }
  });
});
