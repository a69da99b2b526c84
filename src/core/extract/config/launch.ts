// Shell launch lines → jobs: `accelerate launch`, `torchrun` / `python -m torch.distributed.run`, `deepspeed`,
// `python train.py --flags`, `vllm serve MODEL` / the OpenAI server module, `text-generation-launcher`.
// Launcher flags and the script's TrainingArguments-style flags become facts whose source is the flag on the
// line; `--deepspeed ds.json` and `accelerate launch --config_file x.yaml` pull in those files' facts (kept with
// their own source). Words with expansions (`$VAR`) are dynamic.
import type { ShellCommand, ShellWord } from '../../parse/shell';
import type { WorkspaceReader } from '../../settings';
import type { JobFacts, Precision, TextEdit } from '../../types';
import { extractHfArgs, mergeDeepSpeed, type ArgSource } from './args';
import { asNumber, asString, isDynamicValue, JobBuilder, lightningPrecision, precisionOfAccelerate, precisionOfDtype, precisionOfLightning, quantizationOf, type KeyValue } from './job';
import { LayeredConfig, readReferenced } from './layered';
import { extractAccelerate } from './training';
import type { ScalarValue } from './tree';

/** The text a command line lives in (a shell script, or a YAML file holding a container's command). */
export interface CommandSource {
  path: string;
  text: string;
}

interface Flag {
  name: string;
  flagWord: ShellWord;
  /** The word holding the value (the flag word itself for `--k=v`), absent for a bare boolean flag. */
  valueWord?: ShellWord;
  value: string | true;
  inline: boolean;
}

/** Flags of launchers that take no value. */
const BOOLEAN_FLAGS = new Set([
  'cpu', 'multi_gpu', 'use_deepspeed', 'use_fsdp', 'use_megatron_lm', 'tpu', 'debug', 'module', 'm', 'no_python', 'no-python',
  'quiet', 'standalone', 'run_path', 'run-path', 'no_local_rank', 'force_multi', 'bind_cores_to_rank', 'enable_each_rank_log',
  'trust-remote-code', 'trust_remote_code', 'enforce-eager', 'enforce_eager', 'sharded', 'disable-custom-kernels', 'u', 'O', 'B',
]);

function flagName(w: string): string | undefined {
  if (!w.startsWith('-') || w === '-' || w === '--') return undefined;
  const bare = w.replace(/^--?/, '');
  const eq = bare.indexOf('=');
  return eq >= 0 ? bare.slice(0, eq) : bare;
}

/** Reads `--k v`, `--k=v` and bare flags from words[start..] until the first positional (when `stopAtPositional`). */
function readFlags(words: ShellWord[], start: number, stopAtPositional: boolean, launcher: boolean): { flags: Flag[]; rest: number; positionals: ShellWord[] } {
  const flags: Flag[] = [];
  const positionals: ShellWord[] = [];
  let i = start;
  while (i < words.length) {
    const w = words[i];
    const name = flagName(w.value);
    if (name === undefined) {
      if (stopAtPositional) break;
      positionals.push(w);
      i++;
      continue;
    }
    const eq = w.value.indexOf('=');
    if (eq >= 0 && w.value.startsWith('-')) {
      flags.push({ name, flagWord: w, valueWord: w, value: w.value.slice(eq + 1), inline: true });
      i++;
      continue;
    }
    const next = words[i + 1];
    const takesValue = launcher ? !BOOLEAN_FLAGS.has(name) : next !== undefined && !next.value.startsWith('--');
    if (takesValue && next && !(launcher && next.value.startsWith('--'))) {
      flags.push({ name, flagWord: w, valueWord: next, value: next.value, inline: false });
      i += 2;
    } else {
      flags.push({ name, flagWord: w, value: true, inline: false });
      i++;
    }
  }
  return { flags, rest: i, positionals };
}

function flagKV(file: string, text: string, f: Flag | undefined): KeyValue | undefined {
  if (!f) return undefined;
  const vw = f.valueWord;
  const dynamic = vw?.expands === true;
  const ref = { file, span: { start: f.flagWord.span.start, end: (vw ?? f.flagWord).span.end } };
  const set = (v: ScalarValue): TextEdit[] | undefined => {
    if (!vw) return undefined;
    const old = f.value === true ? '' : f.value;
    let nv = typeof v === 'boolean' ? (old === old.toLowerCase() ? String(v) : v ? 'True' : 'False') : String(v ?? '');
    if (/[^A-Za-z0-9_.\-/:]/.test(nv)) nv = `'${nv}'`;
    if (f.inline) {
      const raw = text.slice(vw.span.start, vw.span.end);
      const eq = raw.indexOf('=');
      if (raw.slice(0, eq) === f.flagWord.value.slice(0, eq) && raw.slice(eq + 1) === f.value) {
        return [{ file, span: { start: vw.span.start + eq + 1, end: vw.span.end }, newText: nv }];
      }
      return [{ file, span: vw.span, newText: `${f.flagWord.value.slice(0, f.flagWord.value.indexOf('='))}=${nv}` }];
    }
    return [{ file, span: vw.span, newText: nv }];
  };
  const replace = (key: string, v: ScalarValue): TextEdit[] | undefined => {
    const old = f.value === true ? '' : f.value;
    const nv = typeof v === 'boolean' ? (old === old.toLowerCase() ? String(v) : v ? 'True' : 'False') : String(v ?? '');
    const dashes = f.flagWord.value.startsWith('--') ? '--' : '-';
    return [{ file, span: ref.span, newText: f.inline ? `${dashes}${key}=${nv}` : `${dashes}${key} ${nv}` }];
  };
  return { value: f.value, ref, dynamic, set, replace: vw && !dynamic ? replace : undefined };
}

function flagSource(file: string, text: string, flags: Flag[]): ArgSource {
  const byName = (k: string) => {
    const alt = k.includes('_') ? k.replace(/_/g, '-') : k.replace(/-/g, '_');
    for (let i = flags.length - 1; i >= 0; i--) if (flags[i].name === k || flags[i].name === alt) return flags[i];
    return undefined;
  };
  return { file, get: (k) => flagKV(file, text, byName(k)) };
}

const TRAINING_FLAGS = ['per_device_train_batch_size', 'num_train_epochs', 'gradient_accumulation_steps', 'bf16', 'fp16', 'deepspeed', 'max_steps', 'learning_rate', 'output_dir', 'gradient_checkpointing', 'do_train'];

const base = (w: ShellWord | undefined) => (w ? w.value.slice(w.value.lastIndexOf('/') + 1) : '');

export function extractLaunchJobs(doc: CommandSource & { commands: ShellCommand[] }, workspace: WorkspaceReader): JobFacts[] {
  const jobs: JobFacts[] = [];
  for (const cmd of doc.commands) {
    const job = commandJob(doc, cmd, jobs.length, workspace);
    if (job) jobs.push(job);
  }
  return jobs;
}

export function commandJob(doc: CommandSource, cmd: ShellCommand, index: number, workspace: WorkspaceReader): JobFacts | undefined {
  const w = cmd.words;
  const file = doc.path;
  const anchor = { file, span: cmd.span };
  for (let i = 0; i < w.length; i++) {
    // Only the command word (after env assignments and wrappers such as `nohup`, `srun -N 2`) can be a
    // launcher: `echo accelerate launch ...` launches nothing.
    if (i > 0 && !isPrefixWord(w, i - 1)) return undefined;
    const b = base(w[i]);
    const next = w[i + 1]?.value;
    if (b === 'accelerate' && next === 'launch') return accelerateJob(doc, cmd, i + 2, index, workspace);
    if (b === 'torchrun' || b === 'deepspeed') return launcherJob(doc, cmd, i + 1, index, workspace, b);
    if (b === 'vllm' && next === 'serve') return serveJob(doc, w, i + 2, index, 'vllm', w[i + 2]);
    if (b === 'text-generation-launcher') return serveJob(doc, w, i + 1, index, 'tgi');
    if (b === 'sky' && (next === 'launch' || next === 'exec' || (next === 'jobs' && w[i + 2]?.value === 'launch'))) {
      return skyJob(doc, cmd, next === 'jobs' ? i + 3 : i + 2, index);
    }
    if (/^python[0-9.]*$/.test(b)) {
      let j = i + 1;
      while (j < w.length && /^-[uOBESsIq]+$/.test(w[j].value)) j++;
      if (w[j]?.value === '-m') {
        const mod = w[j + 1]?.value ?? '';
        if (mod === 'torch.distributed.run' || mod === 'torch.distributed.launch') return launcherJob(doc, cmd, j + 2, index, workspace, 'torchrun');
        if (mod === 'accelerate.commands.launch') return accelerateJob(doc, cmd, j + 2, index, workspace);
        if (mod === 'vllm.entrypoints.openai.api_server') return serveJob(doc, w, j + 2, index, 'vllm');
        return scriptJob(doc, cmd, j + 2, index, workspace, undefined, false);
      }
      if (w[j] && w[j].value.endsWith('.py')) {
        const jb = new JobBuilder(file, index, 'pytorch', 'training', anchor);
        return scriptJob(doc, cmd, j + 1, index, workspace, jb, false);
      }
      return undefined;
    }
  }
  return undefined;
}

const WRAPPERS = new Set(['nohup', 'time', 'exec', 'env', 'srun', 'sudo', 'mpirun', 'nice', 'stdbuf', 'timeout', 'numactl', 'uv', 'poetry', 'pipenv', 'run', 'conda', 'taskset', 'ionice', 'singularity', 'apptainer']);

/** Whether words[i] may come before the command word: an assignment, a wrapper, or a wrapper's flag or its value. */
function isPrefixWord(w: ShellWord[], i: number): boolean {
  const v = w[i].value;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || WRAPPERS.has(base(w[i])) || v.startsWith('-')) return true;
  const prev = w[i - 1]?.value;
  return prev !== undefined && prev.startsWith('-') && !prev.includes('=');
}

/** The script's own flags (TrainingArguments style); a job only when they look like training, or a launcher ran it. */
function scriptJob(doc: CommandSource, cmd: ShellCommand, start: number, index: number, workspace: WorkspaceReader, given: JobBuilder | undefined, launched: boolean): JobFacts | undefined {
  const { flags, positionals } = readFlags(cmd.words, start, false, false);
  const overrides = hydraOverrides(positionals);
  const trainingLike = flags.some((f) => TRAINING_FLAGS.includes(f.name));
  if (!launched && !trainingLike && !overrides.has('trainer.precision')) return undefined;
  const jb = given ?? new JobBuilder(doc.path, index, 'pytorch', 'training', { file: doc.path, span: cmd.span });
  if (trainingLike) jb.job.flavour = jb.job.flavour === 'pytorch' ? 'hf-trainer' : jb.job.flavour;
  const src = flagSource(doc.path, doc.text, flags);
  extractHfArgs(jb, src, workspace, { complete: false });
  const prec = overrides.get('trainer.precision');
  if (prec) {
    if (jb.job.flavour === 'pytorch') jb.job.flavour = 'hydra';
    jb.fromKV('precision', overrideKV(doc, prec), precisionOfLightning, lightningPrecision);
    const acc = overrides.get('trainer.accelerator');
    if (acc && acc.value.slice(acc.value.indexOf('=') + 1).toLowerCase() === 'cpu') jb.explicit('device', 'cpu', { file: doc.path, span: acc.span });
  }
  const dsc = src.get('deepspeed_config');
  const dsPath = dsc ? asString(dsc.value) : undefined;
  if (dsc && dsPath && !dsc.dynamic && !isDynamicValue(dsPath)) mergeDeepSpeed(jb, doc.path, dsPath, workspace);
  if (!jb.has('device')) jb.default('device', 'gpu');
  return jb.job;
}

function accelerateJob(doc: CommandSource, cmd: ShellCommand, start: number, index: number, workspace: WorkspaceReader): JobFacts | undefined {
  const file = doc.path;
  const jb = new JobBuilder(file, index, 'accelerate', 'training', { file, span: cmd.span });
  const { flags, rest } = readFlags(cmd.words, start, true, true);
  const src = flagSource(file, doc.text, flags);
  const cfgFile = src.get('config_file');
  const cfgPath = cfgFile ? asString(cfgFile.value) : undefined;
  if (cfgFile && cfgPath && !cfgFile.dynamic) {
    const tree = readReferenced(workspace, file, cfgPath);
    if (tree) {
      jb.reference(tree.file);
      extractAccelerate(jb, new LayeredConfig(tree), workspace);
    }
  }
  const mp = src.get('mixed_precision');
  jb.fromKV('precision', mp, precisionOfAccelerate, (p: Precision) => (p === 'bf16' || p === 'fp16' || p === 'fp8' ? p : undefined));
  const cpu = flags.find((f) => f.name === 'cpu');
  if (cpu) jb.explicit('device', 'cpu', { file, span: cpu.flagWord.span });
  jb.fromKV('devices', src.get('num_processes'), asNumber);
  const ds = src.get('deepspeed_config_file');
  const dsPath = ds ? asString(ds.value) : undefined;
  if (ds && dsPath && !ds.dynamic) mergeDeepSpeed(jb, file, dsPath, workspace);
  const script = cmd.words[rest];
  const skip = script && (script.value === '-m' || script.value === '--module') ? 2 : 1;
  return scriptJob(doc, cmd, rest + skip, index, workspace, jb, true);
}

function launcherJob(doc: CommandSource, cmd: ShellCommand, start: number, index: number, workspace: WorkspaceReader, kind: 'torchrun' | 'deepspeed'): JobFacts | undefined {
  const file = doc.path;
  const jb = new JobBuilder(file, index, kind === 'deepspeed' ? 'deepspeed' : 'pytorch', 'training', { file, span: cmd.span });
  const { flags, rest } = readFlags(cmd.words, start, true, true);
  const src = flagSource(file, doc.text, flags);
  const per = asNumber(src.get(kind === 'torchrun' ? 'nproc_per_node' : 'num_gpus')?.value ?? null);
  const nodes = asNumber(src.get(kind === 'torchrun' ? 'nnodes' : 'num_nodes')?.value ?? null) ?? 1;
  if (per !== undefined) jb.set('devices', { value: per * nodes, source: src.get(kind === 'torchrun' ? 'nproc_per_node' : 'num_gpus')!.ref, origin: 'explicit' });
  const script = cmd.words[rest];
  const skip = script && (script.value === '-m' || script.value === '--module') ? 2 : 1;
  return scriptJob(doc, cmd, rest + skip, index, workspace, jb, true);
}

/** Builds the edits that add arguments at the end of a server's argument list. */
export type AppendArgs = (args: string[]) => TextEdit[] | undefined;

export function serveJob(
  doc: { path: string; text: string },
  words: ShellWord[],
  start: number,
  index: number,
  flavour: 'vllm' | 'tgi',
  positionalModel?: ShellWord,
  append?: AppendArgs,
): JobFacts {
  const file = doc.path;
  const last = words[words.length - 1];
  const addArgs: AppendArgs = append ?? ((args) => [{ file, span: { start: last.span.end, end: last.span.end }, newText: ` ${args.join(' ')}` }]);
  const span = { start: words[0].span.start, end: words[words.length - 1].span.end };
  const jb = new JobBuilder(file, index, flavour, 'serving', { file, span });
  const modelWord = positionalModel && !positionalModel.value.startsWith('-') ? positionalModel : undefined;
  const { flags } = readFlags(words, modelWord ? start + 1 : start, false, false);
  const src = flagSource(file, doc.text, flags);
  const m = modelWord ? { value: modelWord.value, ref: { file, span: modelWord.span }, dynamic: modelWord.expands } : src.get(flavour === 'vllm' ? 'model' : 'model-id');
  if (m && (m.dynamic || typeof m.value !== 'string')) jb.dynamic('model');
  else if (m && typeof m.value === 'string') jb.model(m.value, m.ref);
  const toRaw = (p: Precision) => (p === 'bf16' ? 'bfloat16' : p === 'fp16' ? 'float16' : undefined);
  if (!jb.fromKV('precision', src.get('dtype'), precisionOfDtype, toRaw)) jb.default('precision', 'auto');
  const q = src.get(flavour === 'vllm' ? 'quantization' : 'quantize') ?? (flavour === 'vllm' ? src.get('q') : undefined);
  if (!jb.fromKV('quantization', q, quantizationOf) && !jb.has('quantization')) {
    const flag = flavour === 'vllm' ? '--quantization' : '--quantize';
    jb.default('quantization', 'none', (v) => (v === 'fp8' ? addArgs([flag, 'fp8']) : undefined));
  }
  const tp = flavour === 'vllm' ? src.get('tensor-parallel-size') ?? src.get('tp') : src.get('num-shard');
  jb.fromKV('devices', tp, asNumber);
  const dev = src.get('device');
  if (dev && String(dev.value).toLowerCase() === 'cpu') jb.explicit('device', 'cpu', dev.ref);
  else jb.default('device', 'gpu');
  return jb.job;
}

/** `sky launch --gpus V100:8 --cloud gcp --region asia-south1 task.yaml`: hardware and region of a batch job. */
function skyJob(doc: CommandSource, cmd: ShellCommand, start: number, index: number): JobFacts | undefined {
  const file = doc.path;
  const jb = new JobBuilder(file, index, 'launcher', 'training', { file, span: cmd.span });
  const { flags } = readFlags(cmd.words, start, false, false);
  const src = flagSource(file, doc.text, flags);
  const gpus = src.get('gpus');
  if (gpus && typeof gpus.value === 'string' && !gpus.dynamic) {
    const [name, count] = gpus.value.split(':');
    jb.explicit('hardware', name, gpus.ref);
    const n = Number(count ?? '1');
    if (Number.isFinite(n)) jb.explicit('devices', n, gpus.ref);
    jb.default('device', 'gpu');
  }
  const cloud = src.get('cloud')?.value;
  const region = src.get('region');
  jb.fromKV('region', region, (v) => (typeof v === 'string' && v ? (typeof cloud === 'string' ? `${cloud.toLowerCase()}:${v}` : v) : undefined));
  return Object.keys(jb.job.facts).length > 0 || jb.job.dynamic.length > 0 ? jb.job : undefined;
}

/** Hydra command-line overrides (`trainer.precision=32`, `+trainer.devices=4`, `++x=y`) by key. */
function hydraOverrides(words: ShellWord[]): Map<string, ShellWord> {
  const out = new Map<string, ShellWord>();
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq <= 0 || w.value.startsWith('-')) continue;
    const key = w.value.slice(0, eq).replace(/^[+~]+/, '');
    if (/^[A-Za-z_][\w.]*$/.test(key)) out.set(key, w);
  }
  return out;
}

function overrideKV(doc: CommandSource, w: ShellWord): KeyValue {
  const eq = w.value.indexOf('=');
  const value = w.value.slice(eq + 1);
  const raw = doc.text.slice(w.span.start, w.span.end);
  return {
    value,
    ref: { file: doc.path, span: w.span },
    dynamic: w.expands,
    // The value is written plainly after `=` in the source: replace just that part.
    set: raw === w.value ? (v) => [{ file: doc.path, span: { start: w.span.start + eq + 1, end: w.span.end }, newText: String(v) }] : undefined,
  };
}
