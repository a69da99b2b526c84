#!/usr/bin/env python3
"""Wattlint GPU energy bench: measures what the engine predicts, on a real CUDA GPU.

Random-weight decoder-only transformers built from a config (no downloads) run
  * training steps in fp32 and in bf16 autocast, and
  * greedy decoding with a KV cache at batch 1, 8 and 64, in bf16 and fp32,
reading the GPU's cumulative energy counter (NVML nvmlDeviceGetTotalEnergyConsumption, mJ) around each.
Writes one CSV row per measurement (columns: schema.json). Compare with the engine: node out/bench/gpu/compare.js CSV.

Usage:
  python3 bench/gpu/energy_bench.py --out bench/gpu/results-<gpu>.csv      # needs torch with CUDA and pynvml
  python3 bench/gpu/energy_bench.py --dry-run --out /tmp/plan.csv          # no torch: the plan and the CSV schema

The model (≈1.3B parameters by default: 24 layers, hidden 2048) is big enough that GEMMs, not launches, dominate.
"""
import argparse
import csv
import json
import math
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = json.load(open(os.path.join(HERE, 'schema.json')))
COLUMNS = [c['name'] for c in SCHEMA['columns']]

DEFAULT_CONFIG = dict(vocab=32000, hidden=2048, layers=24, heads=16, ffn=5504, seq_len=1024)


def plan(args):
    """Every measurement the bench makes, in order (the dry run writes exactly these rows)."""
    runs = []
    for precision in ('fp32', 'bf16'):
        runs.append(dict(phase='train', precision=precision, batch=args.train_batch, seq_len=args.seq_len, steps=args.train_steps))
    for precision in ('bf16', 'fp32'):
        for batch in (1, 8, 64):
            runs.append(dict(phase='decode', precision=precision, batch=batch, seq_len=args.prompt_len, steps=args.decode_tokens))
    return runs


def param_count(cfg):
    h, f, L, v = cfg['hidden'], cfg['ffn'], cfg['layers'], cfg['vocab']
    return L * (4 * h * h + 3 * h * f) + 2 * v * h


def row(run, cfg, gpu_name, measured):
    tokens = run['batch'] * run['steps'] * (run['seq_len'] if run['phase'] == 'train' else 1)
    energy = measured.get('energy_j', float('nan'))
    elapsed = measured.get('elapsed_s', float('nan'))
    return {
        'gpu_name': gpu_name,
        'phase': run['phase'],
        'precision': run['precision'],
        'batch': run['batch'],
        'seq_len': run['seq_len'],
        'steps': run['steps'],
        'tokens': tokens,
        'params': param_count(cfg),
        'layers': cfg['layers'],
        'hidden': cfg['hidden'],
        'elapsed_s': elapsed,
        'energy_j': energy,
        'energy_per_token_j': energy / tokens if tokens else float('nan'),
        'avg_power_w': energy / elapsed if elapsed and elapsed > 0 else float('nan'),
        'torch_version': measured.get('torch_version', ''),
        'timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    }


def build_model(torch, cfg, device, dtype=None):
    nn = torch.nn
    F = torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            h, f = cfg['hidden'], cfg['ffn']
            self.n1 = nn.LayerNorm(h)
            self.qkv = nn.Linear(h, 3 * h, bias=False)
            self.o = nn.Linear(h, h, bias=False)
            self.n2 = nn.LayerNorm(h)
            self.gate = nn.Linear(h, f, bias=False)
            self.up = nn.Linear(h, f, bias=False)
            self.down = nn.Linear(f, h, bias=False)

        def forward(self, x, cache=None):
            b, t, h = x.shape
            nh = cfg['heads']
            q, k, v = self.qkv(self.n1(x)).view(b, t, 3, nh, h // nh).unbind(2)
            q, k, v = (z.transpose(1, 2) for z in (q, k, v))
            if cache is not None:
                if cache.get('k') is not None:
                    k = torch.cat([cache['k'], k], dim=2)
                    v = torch.cat([cache['v'], v], dim=2)
                cache['k'], cache['v'] = k, v
            a = F.scaled_dot_product_attention(q, k, v, is_causal=cache is None or t > 1)
            x = x + self.o(a.transpose(1, 2).reshape(b, t, h))
            y = self.n2(x)
            return x + self.down(F.silu(self.gate(y)) * self.up(y))

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(cfg['vocab'], cfg['hidden'])
            self.blocks = nn.ModuleList(Block() for _ in range(cfg['layers']))
            self.norm = nn.LayerNorm(cfg['hidden'])
            self.head = nn.Linear(cfg['hidden'], cfg['vocab'], bias=False)

        def forward(self, ids, caches=None):
            x = self.emb(ids)
            for i, blk in enumerate(self.blocks):
                x = blk(x, None if caches is None else caches[i])
            return self.head(self.norm(x))

    m = Model().to(device)
    if dtype is not None:
        m = m.to(dtype)
    return m


class EnergyMeter:
    def __init__(self, index=0):
        import pynvml
        pynvml.nvmlInit()
        self.nvml = pynvml
        self.handle = pynvml.nvmlDeviceGetHandleByIndex(index)
        name = pynvml.nvmlDeviceGetName(self.handle)
        self.name = name.decode() if isinstance(name, bytes) else name

    def read_j(self):
        return self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle) / 1000.0


def measure(torch, meter, fn, warmup=2):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    e0, t0 = meter.read_j(), time.perf_counter()
    fn()
    torch.cuda.synchronize()
    return dict(energy_j=meter.read_j() - e0, elapsed_s=time.perf_counter() - t0, torch_version=torch.__version__)


def run_training(torch, cfg, run):
    # TF32 off for matmuls: PyTorch's default since 1.12, and what the engine's fp32 assumes.
    torch.backends.cuda.matmul.allow_tf32 = False
    model = build_model(torch, cfg, 'cuda')
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    ids = torch.randint(0, cfg['vocab'], (run['batch'], run['seq_len']), device='cuda')

    def steps():
        for _ in range(run['steps']):
            with torch.autocast('cuda', dtype=torch.bfloat16, enabled=run['precision'] == 'bf16'):
                logits = model(ids[:, :-1])
                loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, cfg['vocab']), ids[:, 1:].reshape(-1))
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)

    return steps


def run_decode(torch, cfg, run):
    torch.backends.cuda.matmul.allow_tf32 = False
    dtype = torch.bfloat16 if run['precision'] == 'bf16' else torch.float32
    model = build_model(torch, cfg, 'cuda', dtype).eval()
    prompt = torch.randint(0, cfg['vocab'], (run['batch'], run['seq_len']), device='cuda')

    @torch.inference_mode()
    def decode():
        caches = [dict() for _ in range(cfg['layers'])]
        logits = model(prompt, caches)
        tok = logits[:, -1:].argmax(-1)
        for _ in range(run['steps']):
            tok = model(tok, caches)[:, -1:].argmax(-1)

    return decode


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True)
    p.add_argument('--dry-run', action='store_true', help='write the plan with empty measurements (no torch, no GPU)')
    p.add_argument('--layers', type=int, default=DEFAULT_CONFIG['layers'])
    p.add_argument('--hidden', type=int, default=DEFAULT_CONFIG['hidden'])
    p.add_argument('--seq-len', type=int, default=DEFAULT_CONFIG['seq_len'])
    p.add_argument('--train-batch', type=int, default=8)
    p.add_argument('--train-steps', type=int, default=10)
    p.add_argument('--prompt-len', type=int, default=128)
    p.add_argument('--decode-tokens', type=int, default=128)
    args = p.parse_args(argv)
    cfg = dict(DEFAULT_CONFIG, layers=args.layers, hidden=args.hidden, seq_len=args.seq_len)
    cfg['heads'] = max(1, cfg['hidden'] // 128)
    cfg['ffn'] = int(round(cfg['hidden'] * 8 / 3 / 64)) * 64
    rows = []
    if args.dry_run:
        gpu = 'dry-run (%s)' % platform.machine()
        for run in plan(args):
            rows.append(row(run, cfg, gpu, {}))
    else:
        import torch
        if not torch.cuda.is_available():
            sys.exit('energy_bench: no CUDA GPU (use --dry-run to check the plan and schema)')
        meter = EnergyMeter()
        for run in plan(args):
            fn = run_training(torch, cfg, run) if run['phase'] == 'train' else run_decode(torch, cfg, run)
            rows.append(row(run, cfg, meter.name, measure(torch, meter, fn)))
            print(json.dumps(rows[-1]), flush=True)
            torch.cuda.empty_cache()
    with open(args.out, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: ('' if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()})
    return 0


if __name__ == '__main__':
    sys.exit(main())
