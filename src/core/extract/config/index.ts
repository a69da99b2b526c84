// Config flavours (HF TrainingArguments, DeepSpeed, accelerate, Lightning/Hydra, Axolotl, LLaMA-Factory,
// torchtune, vLLM/TGI, Triton, SkyPilot, shell launch lines) → job facts. Flavours are recognised by their keys
// (and file names where keys are ambiguous); unknown YAML/JSON gives no job, silently.
import type { JsonDoc, PbtxtDoc, ShellDoc, YamlDoc } from '../../parse/document';
import { pbFields, type PbMessage } from '../../parse/pbtxt';
import { splitShell, type ShellWord } from '../../parse/shell';
import type { JobFacts } from '../../types';
import type { ExtractContext } from '../index';
import { configArgs, extractHfArgs } from './args';
import { ownArgumentsFor } from './consumer';
import { moduleAt } from '../python/modules';
import { nodesOfTypes } from '../python/ast';
import { constString } from '../python/consts';
import { extractDeepSpeed, isDeepSpeedConfig, isDeepSpeedInference } from './deepspeed';
import { lookupHardware, lookupRegion } from '../../data/lookup';
import { asNumber, hitRef, isDynamicValue, JobBuilder, kvOfHit } from './job';
import { commandJob, extractLaunchJobs, serveJob } from './launch';
import { LayeredConfig } from './layered';
import {
  extractAccelerate,
  extractAxolotl,
  extractLightning,
  extractLlamaFactory,
  extractOlmo,
  extractServe,
  extractTorchtune,
  looksLikeLightningTrainer,
  looksLikeOlmo,
  looksLikeSpeechBrainTraining,
  extractSpeechBrain,
  parseAccelerators,
} from './training';
import { shapeFromTree } from './shape';
import { ConfigTree, type CNode } from './tree';

/**
 * A DeepSpeed config whose file name says it runs a model rather than trains it (`zero3_for_eval.json`,
 * `ds_config_chatbot.json`, `ds_inference.json`): the project's evaluation or chat scripts load it for ZeRO-sharded
 * inference, so its batch and precision keys describe no training run.
 */
const INFERENCE_CONFIG_NAME = /(^|[_\-.])(eval|evaluation|infer|inference|chatbot|serve|serving)([_\-.]|$)/i;

export function extractConfigJobs(doc: YamlDoc | JsonDoc | PbtxtDoc | ShellDoc, ctx: ExtractContext): JobFacts[] {
  switch (doc.lang) {
    case 'pbtxt':
      return extractTriton(doc);
    case 'shell':
      return extractLaunchJobs(doc, ctx.workspace);
    default: {
      const tree = ConfigTree.of(doc);
      if (!tree?.root || tree.root.kind !== 'map') return [];
      if (tree.get(['services'])?.kind === 'map') return composeJobs(tree);
      return extractTreeJobs(tree, ctx);
    }
  }
}

const HF_KEYS = ['per_device_train_batch_size', 'gradient_accumulation_steps', 'num_train_epochs', 'learning_rate', 'output_dir', 'lr_scheduler_type', 'warmup_ratio', 'logging_steps', 'save_strategy', 'evaluation_strategy', 'eval_strategy'];
/** Keys only TrainingArguments uses (a custom script's config shares the generic ones). */
const HF_DISTINCT = ['per_device_eval_batch_size', 'eval_strategy', 'evaluation_strategy', 'save_strategy', 'lr_scheduler_type', 'warmup_ratio', 'logging_strategy', 'save_total_limit'];
const VLLM_KEYS = ['tensor-parallel-size', 'tensor_parallel_size', 'gpu-memory-utilization', 'gpu_memory_utilization', 'max-model-len', 'max_model_len', 'max-num-seqs', 'max_num_seqs', 'served-model-name', 'served_model_name', 'enforce-eager', 'kv-cache-dtype', 'max-num-batched-tokens'];
const TGI_KEYS = ['max-batch-prefill-tokens', 'max_batch_prefill_tokens', 'max-total-tokens', 'max_total_tokens', 'num-shard', 'num_shard', 'quantize', 'max-input-length', 'max-input-tokens', 'sharded'];

function hasAny(keys: Set<string>, list: string[], n = 1): boolean {
  return list.filter((k) => keys.has(k)).length >= n;
}

function containsTorchtuneComponent(n: CNode | undefined, depth = 0): boolean {
  if (!n || depth > 3) return false;
  for (const e of n.entries ?? []) {
    if (e.key === '_component_' && typeof e.node?.value === 'string' && e.node.value.startsWith('torchtune.')) return true;
    if (containsTorchtuneComponent(e.node, depth + 1)) return true;
  }
  return false;
}

/** Keys that name the accelerator in cluster and cloud job configs (GKE node pools, Vertex, SageMaker, Ray). */
const HARDWARE_KEYS = new Set(['cloud.google.com/gke-accelerator', 'accelerator_type', 'accelerator-type', 'acceleratorType', 'gpu_type', 'gpu-type', 'gpuType', 'gpu_model', 'instance_type', 'instanceType', 'machine_type', 'machineType', 'ec2_instance_type', 'node_type', 'accelerators']);

/** The first hardware name a config gives under a known key, anywhere in its top levels, if the table knows it. */
function findHardware(n: CNode | undefined, tree: ConfigTree, depth = 0): { name: string; ref: ReturnType<typeof hitRef> } | undefined {
  if (!n || depth > 8) return undefined;
  if (n.kind === 'seq') {
    for (const i of n.items ?? []) {
      const found = findHardware(i, tree, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!n.entries) return undefined;
  for (const e of n.entries) {
    const v = e.node;
    if (HARDWARE_KEYS.has(e.key) && v?.kind === 'scalar' && typeof v.value === 'string' && !isDynamicValue(v.value)) {
      const name = parseAccelerators(v.value)?.name ?? v.value;
      if (knownHardware(name)) return { name, ref: { file: tree.file, span: e.span } };
    }
  }
  for (const e of n.entries) {
    const found = findHardware(e.node, tree, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function knownHardware(name: string): boolean {
  try {
    return lookupHardware(name) !== undefined;
  } catch {
    return false;
  }
}

const REGION_KEYS = new Set(['region', 'gcp_region', 'aws_region', 'azure_region', 'location', 'zone']);

/** The first cloud region a config names under a known key, if the bundled table knows it. */
function findRegion(n: CNode | undefined, tree: ConfigTree, depth = 0): { name: string; ref: ReturnType<typeof hitRef> } | undefined {
  if (!n?.entries || depth > 3) return undefined;
  for (const e of n.entries) {
    const v = e.node;
    if (REGION_KEYS.has(e.key) && v?.kind === 'scalar' && typeof v.value === 'string' && /^[a-z]+(-[a-z]+)+[0-9]+(-[a-z])?$/.test(v.value)) {
      let known = false;
      try {
        known = lookupRegion(v.value) !== undefined;
      } catch {
        known = false;
      }
      if (known) return { name: v.value, ref: { file: tree.file, span: e.span } };
    }
  }
  for (const e of n.entries) {
    const found = findRegion(e.node, tree, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Adds what decides a training job's batch shape from nested keys (context parallelism, RL blocks). */
function withShape(job: JobFacts | undefined, tree: ConfigTree): JobFacts | undefined {
  if (job?.phase === 'training') shapeFromTree(JobBuilder.of(job), tree);
  return job;
}

/** Adds the hardware and region a config names (outside the flavour's own keys) to its job. */
function withHardware(job: JobFacts | undefined, tree: ConfigTree): JobFacts | undefined {
  if (!job) return job;
  if (!job.facts.hardware && !job.dynamic.includes('hardware')) {
    const hw = findHardware(tree.root, tree);
    if (hw) job.facts.hardware = { value: hw.name, source: hw.ref, origin: 'explicit' };
  }
  if (!job.facts.region && !job.dynamic.includes('region')) {
    const r = findRegion(tree.root, tree);
    if (r) job.facts.region = { value: r.name, source: r.ref, origin: 'explicit' };
  }
  return job;
}

function extractTreeJobs(tree: ConfigTree, ctx: ExtractContext): JobFacts[] {
  const job = withHardware(withShape(flavourJob(tree, ctx), tree), tree);
  if (job) return [job];
  return containerJobs(tree, ctx).map((j) => withHardware(j, tree)!);
}

function flavourJob(tree: ConfigTree, ctx: ExtractContext): JobFacts | undefined {
  const keys = new Set(tree.root?.entries?.map((e) => e.key) ?? []);
  const file = tree.file;
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const cfg = new LayeredConfig(tree);
  const ws = ctx.workspace;
  const make = (flavour: JobFacts['flavour'], phase: JobFacts['phase'] = 'training') => new JobBuilder(file, 0, flavour, phase, null);

  if (tree.format === 'json' && isDeepSpeedConfig(tree)) {
    if (isDeepSpeedInference(tree) || INFERENCE_CONFIG_NAME.test(name)) return undefined;
    const jb = make('deepspeed');
    extractDeepSpeed(jb, tree, { asReference: false });
    return jb.job;
  }
  if (keys.has('compute_environment') || (keys.has('distributed_type') && keys.has('mixed_precision'))) {
    const jb = make('accelerate');
    extractAccelerate(jb, cfg, ws);
    return jb.job;
  }
  if (keys.has('resources') && (keys.has('run') || keys.has('setup') || keys.has('service') || keys.has('num_nodes'))) return skypilotJob(tree, cfg);
  if (keys.has('base_model') && hasAny(keys, ['micro_batch_size', 'sequence_len', 'datasets', 'adapter', 'num_epochs'])) {
    const jb = make('axolotl');
    extractAxolotl(jb, cfg, ws);
    return jb.job;
  }
  if (keys.has('stage') && (keys.has('finetuning_type') || keys.has('template')) && keys.has('model_name_or_path')) {
    const jb = make('llama-factory');
    extractLlamaFactory(jb, cfg, ws);
    return jb.job;
  }
  if (containsTorchtuneComponent(tree.root)) {
    const jb = make('torchtune');
    extractTorchtune(jb, cfg);
    return jb.job;
  }
  if ((keys.has('model') && (hasAny(keys, VLLM_KEYS) || name.includes('vllm'))) || (keys.has('model') && keys.has('dtype') && name.includes('serve'))) {
    const jb = make('vllm', 'serving');
    extractServe(jb, cfg, 'vllm');
    return jb.job;
  }
  if ((keys.has('model-id') || keys.has('model_id')) && (hasAny(keys, TGI_KEYS) || name.includes('tgi'))) {
    const jb = make('tgi', 'serving');
    extractServe(jb, cfg, 'tgi');
    return jb.job;
  }
  if (looksLikeOlmo(cfg)) {
    const jb = make('olmo');
    extractOlmo(jb, cfg);
    return jb.job;
  }
  if (keys.has('per_device_train_batch_size') || (hasAny(keys, HF_KEYS, 3) && hasAny(keys, HF_DISTINCT))) {
    const jb = make('hf-trainer');
    extractHfArgs(jb, configArgs(cfg), ws, { complete: true, microBatchDefault: 8 });
    // the project's own argument dataclass reads these keys: its script (and launcher) decides the precision, not
    // TrainingArguments' fp32 default
    if (jb.job.facts.precision?.origin === 'default' && ownArgumentsFor(ws, file, [...keys])) jb.dynamic('precision');
    return jb.job;
  }
  if (looksLikeSpeechBrainTraining(cfg)) {
    const jb = make('speechbrain');
    extractSpeechBrain(jb, cfg);
    return jb.job;
  }
  // Lightning / Hydra: a `trainer:` block, possibly composed from a Hydra defaults list.
  if (keys.has('defaults')) cfg.composeHydra(ws);
  const trainer = cfg.get(['trainer']);
  if (trainer?.node.kind === 'map' && looksLikeLightningTrainer(cfg.keysAt(['trainer'])) && !foreignTarget(cfg.get(['trainer', '_target_'])?.node.value)) {
    const jb = make(keys.has('defaults') ? 'hydra' : 'lightning');
    cfg.references.forEach((r) => jb.reference(r));
    extractLightning(jb, cfg, ['trainer']);
    return jb.job;
  }
  // A Hydra trainer group file (`configs/trainer/gpu.yaml`): the Trainer's arguments at the root.
  if (file.includes('trainer/') && looksLikeLightningTrainer([...keys]) && !foreignTarget(cfg.get(['_target_'])?.node.value)) {
    const jb = make('hydra');
    extractLightning(jb, cfg, []);
    return jb.job;
  }
  // A CompVis-style experiment config (`model: {target: ...}`, `data: {target: ...}`, an optional `lightning:
  // trainer:` block) that the project's own `main.py` builds a Lightning Trainer from.
  if (keys.has('model') && keys.has('data') && classPath(cfg.get(['model', 'target'])?.node.value) && classPath(cfg.get(['data', 'target'])?.node.value)) {
    // a toy dataset (MNIST, CIFAR) trains in minutes whatever the precision
    const toy = /(^|\.|_)(mnist|fashion_?mnist|cifar(10|100)?)(\.|_|$)/i.test(String(cfg.get(['data', 'target'])?.node.value ?? ''));
    const launcher = toy ? undefined : lightningLauncher(file, ws);
    const t = cfg.get(['lightning', 'trainer']);
    if (launcher && (t === undefined || t.node.kind === 'map')) {
      const jb = make('lightning');
      jb.reference(launcher);
      extractLightning(jb, cfg, ['lightning', 'trainer']);
      return jb.job;
    }
  }
  return undefined;
}

function classPath(v: unknown): boolean {
  return typeof v === 'string' && !isDynamicValue(v) && /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(v);
}

/**
 * The project's launcher that trains an experiment config with Lightning, CompVis-style: a `main.py` in the config's
 * folder or one above it that imports Lightning, calls its `Trainer` (or `Trainer.from_argparse_args`), and reads
 * the config's `"lightning"` section. Its path, or undefined.
 */
function lightningLauncher(file: string, ws: ExtractContext['workspace']): string | undefined {
  const parts = file.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    const path = [...parts.slice(0, i), 'main.py'].join('/');
    const a = moduleAt(ws, path);
    if (!a) continue;
    const lightning = [...a.imports.modules].some((m) => m === 'pytorch_lightning' || m === 'lightning' || m.startsWith('pytorch_lightning.') || m.startsWith('lightning.'));
    const trainer = [...a.byName.keys()].some((q) => /(^|\.)Trainer(\.from_argparse_args)?$/.test(q) && /^(pytorch_)?lightning\./.test(q));
    const section = nodesOfTypes(a.root, 'string').some((n) => constString(a.text, n) === 'lightning');
    if (lightning && trainer && section) return path;
  }
  return undefined;
}

/**
 * A Hydra `_target_` that instantiates a class outside Lightning (`myproj.engine.Trainer`): the block is that
 * trainer's arguments, not Lightning's, so Lightning's defaults (32-true precision) say nothing about it.
 */
function foreignTarget(v: unknown): boolean {
  if (typeof v !== 'string' || isDynamicValue(v)) return false;
  const root = v.split('.')[0];
  return !['lightning', 'pytorch_lightning', 'lightning_fabric', 'pl', 'L'].includes(root);
}

function skypilotJob(tree: ConfigTree, cfg: LayeredConfig): JobFacts | undefined {
  const res = cfg.get(['resources']);
  if (!res || res.node.kind !== 'map') return undefined;
  const serving = tree.get(['service']) !== undefined || runServes(tree);
  const jb = new JobBuilder(tree.file, 0, 'launcher', serving ? 'serving' : 'training', null);
  const acc = cfg.get(['resources', 'accelerators']);
  let hwName: string | undefined;
  let count: number | undefined;
  if (acc?.node.kind === 'scalar') {
    const a = parseAccelerators(acc.node.value);
    hwName = a?.name;
    count = a?.count;
  } else if (acc?.node.kind === 'map' && acc.node.entries?.length === 1) {
    hwName = acc.node.entries[0].key;
    count = asNumber(acc.node.entries[0].node?.value ?? null);
  }
  if (acc && hwName) {
    jb.explicit('hardware', hwName, hitRef(acc));
    const nodes = asNumber(tree.get(['num_nodes'])?.value ?? null) ?? 1;
    jb.set('devices', { value: (count ?? 1) * nodes, source: hitRef(acc), origin: 'explicit' });
    jb.default('device', 'gpu');
  }
  const cloud = tree.get(['resources', 'cloud'])?.value;
  const region = kvOfHit(cfg.get(['resources', 'region']));
  if (region) jb.fromKV('region', region, (v) => (typeof v === 'string' && v ? (typeof cloud === 'string' ? `${cloud.toLowerCase()}:${v}` : v) : undefined));
  return jb.job;
}

/** Whether a SkyPilot `run:` script starts a server (split into words, not searched as text). */
function runServes(tree: ConfigTree): boolean {
  const run = tree.get(['run']);
  if (run?.kind !== 'scalar' || typeof run.value !== 'string') return false;
  return splitShell(run.value).commands.some((c) =>
    c.words.some((w, i) => (w.value === 'vllm' && c.words[i + 1]?.value === 'serve') || w.value === 'text-generation-launcher' || w.value === 'vllm.entrypoints.openai.api_server'),
  );
}

// --- Triton config.pbtxt ----------------------------------------------------------------------

function extractTriton(doc: PbtxtDoc): JobFacts[] {
  const root: PbMessage = doc.root;
  if (root.fields.length === 0) return [];
  const jb = new JobBuilder(doc.path, 0, 'triton', 'serving', null);
  const mbs = pbFields(root, 'max_batch_size')[0];
  if (mbs && typeof mbs.value === 'string' && asNumber(mbs.value) !== undefined) {
    jb.explicit('inferenceBatch', asNumber(mbs.value)!, { file: doc.path, span: mbs.span });
  }
  const kinds = pbFields(root, 'instance_group').flatMap((g) => (typeof g.value === 'string' ? [] : pbFields(g.value, 'kind')));
  const cpu = kinds.length > 0 && kinds.every((k) => k.value === 'KIND_CPU');
  if (cpu) jb.explicit('device', 'cpu', { file: doc.path, span: kinds[0].span });
  else jb.default('device', 'gpu');
  return [jb.job];
}

// --- docker-compose services running vLLM / TGI images ------------------------------------------

/** A compose service's `command:` for a vLLM or TGI image is the server's argument list. */
function composeJobs(tree: ConfigTree): JobFacts[] {
  const jobs: JobFacts[] = [];
  for (const svc of tree.get(['services'])?.entries ?? []) {
    const image = svc.node?.entries?.find((e) => e.key === 'image')?.node?.value;
    if (typeof image !== 'string') continue;
    const flavour = image.includes('vllm') ? 'vllm' : image.includes('text-generation-inference') ? 'tgi' : undefined;
    if (!flavour) continue;
    const cmd = svc.node?.entries?.find((e) => e.key === 'command')?.node;
    if (!cmd) continue;
    const words = commandWords(tree, cmd);
    if (!words || words.length === 0) continue;
    // `vllm serve MODEL ...` as the command, or flags for the image's own entrypoint.
    const serve = words[0].value === 'vllm' && words[1]?.value === 'serve';
    const end = words[words.length - 1].span.end;
    const append = (args: string[]) => [
      { file: tree.file, span: { start: end, end }, newText: cmd.kind === 'seq' ? `, ${args.map((a) => JSON.stringify(a)).join(', ')}` : ` ${args.join(' ')}` },
    ];
    jobs.push(serveJob({ path: tree.file, text: tree.text }, words, serve ? 2 : 0, jobs.length, flavour, serve ? words[2] : undefined, append));
  }
  return jobs;
}

function commandWords(tree: ConfigTree, cmd: CNode): ShellWord[] | undefined {
  if (cmd.kind === 'seq') {
    const items = cmd.items ?? [];
    if (!items.every((i) => i.kind === 'scalar')) return undefined;
    return items.map((i) => ({ value: String(i.value ?? ''), span: i.span }));
  }
  if (cmd.kind === 'scalar' && typeof cmd.value === 'string') {
    const raw = tree.text.slice(cmd.span.start, cmd.span.end);
    // Only a one-line plain scalar maps word offsets back to the file exactly.
    if (cmd.quote !== 'plain' || raw !== cmd.value) return undefined;
    const parsed = splitShell(raw).commands[0];
    return parsed?.words.map((w) => ({ ...w, span: { start: w.span.start + cmd.span.start, end: w.span.end + cmd.span.start } }));
  }
  return undefined;
}

// --- Containers in Kubernetes / Kubeflow / Ray manifests ------------------------------------------

const MAX_CONTAINER_DEPTH = 10;

/** Maps with a `command` and/or `args` list (a container spec): their words form one launch line. */
function containerJobs(tree: ConfigTree, ctx: ExtractContext): JobFacts[] {
  const jobs: JobFacts[] = [];
  const visit = (n: CNode | undefined, depth: number) => {
    if (!n || depth > MAX_CONTAINER_DEPTH) return;
    if (n.kind === 'seq') n.items?.forEach((i) => visit(i, depth + 1));
    if (n.kind !== 'map') return;
    const command = n.entries?.find((e) => e.key === 'command')?.node;
    const args = n.entries?.find((e) => e.key === 'args')?.node;
    if (command || args) {
      const words = [...(command ? commandWords(tree, command) ?? [] : []), ...(args ? commandWords(tree, args) ?? [] : [])];
      if (words.length > 0) {
        // `["bash", "-c", "torchrun ..."]`: the script string is its own command line, but its offsets are not
        // the file's, so only a direct word list is read.
        const cmd = { words, span: { start: words[0].span.start, end: words[words.length - 1].span.end } };
        const job = commandJob({ path: tree.file, text: tree.text }, cmd, jobs.length, ctx.workspace);
        if (job) jobs.push(job);
      }
      return;
    }
    n.entries?.forEach((e) => visit(e.node, depth + 1));
  };
  visit(tree.root, 0);
  return jobs;
}
