#!/usr/bin/env python3
# Authoring source for src/core/data/accelerators.json (run: python3 scripts/data/accelerators.py).
# Numbers come from ../shared/data/hardware_specs.csv (its `source` kept per row) unless the row says otherwise.
# Peaks are DENSE TFLOP/s (no 2:4 sparsity). idleW: see IDLE_NOTE.
import json

HS = 'shared/data/hardware_specs.csv: '
IDLE_PRIOR = ('engine prior: 20 % of TDP for a dedicated accelerator with a model loaded and no work '
              '(BLOOM API deployment, bigscience-workshop/carbon-footprint: ~99 W mean per A100 40GB ≈ 25 % of TDP '
              'in idle-dominated serving); ±50 %')
def a(name, key, variants, vendor, generation, year, tdp, mem, bw, peaks, source, aliases=(), idle=None, idle_source=None, notes=None, verification=None):
    d = dict(name=name, key=key, variants=list(variants), aliases=list(aliases), vendor=vendor, generation=generation, year=year,
             tdpW=tdp, idleW=idle if idle is not None else round(0.2 * tdp),
             idleSource=idle_source or IDLE_PRIOR, memoryGB=mem, bandwidthGBps=bw,
             peakTFLOPs={k: v for k, v in peaks.items() if v is not None}, source=source)
    if notes: d['notes'] = notes
    if verification: d['verification'] = verification
    return d

P = lambda fp32=None, tf32=None, fp16=None, bf16=None, fp8=None, int8=None, int4=None: dict(fp32=fp32, tf32=tf32, fp16=fp16, bf16=bf16, fp8=fp8, int8=int8, int4=int4)
acc = [
 a('K80', 'k80', [], 'NVIDIA', 'Kepler', 2014, 150, 12, 240, P(fp32=4.4, fp16=4.4),
   'NVIDIA Tesla K80 datasheet (per board: 300 W, 24 GB, 480 GB/s, 8.73 TFLOPS fp32 boost); one of the two GK210 GPUs per board, as clouds expose it',
   verification='datasheet values recalled, not re-read; halved per GPU'),
 a('P100 SXM2 16GB', 'p100', ['sxm2', 'sxm', '16gb'], 'NVIDIA', 'Pascal', 2016, 300, 16, 732, P(fp32=10.6, fp16=21.2),
   'NVIDIA Tesla P100 datasheet (SXM2: 300 W, 16 GB HBM2, 732 GB/s, 10.6 TFLOPS fp32, 21.2 fp16)', aliases=['tesla p100'],
   notes='PCIe variant: 250 W, 9.3 fp32 / 18.7 fp16', verification='datasheet values recalled, not re-read'),
 a('V100 SXM2 32GB', 'v100', ['sxm2', 'sxm', '32gb', '16gb'], 'NVIDIA', 'Volta', 2017, 300, 32, 900, P(fp32=15.7, fp16=125, int8=62),
   HS + 'NVIDIA V100 datasheet; llm-analysis v100-sxm-32gb.json; mlco2 gpus.csv', aliases=['tesla v100'],
   notes='no TF32/BF16; fp16 tensor cores only'),
 a('V100 PCIe 32GB', 'v100', ['pcie', '32gb', '16gb'], 'NVIDIA', 'Volta', 2017, 250, 32, 900, P(fp32=14, fp16=112, int8=62),
   HS + 'NVIDIA V100 datasheet; LLM-Viewer nvidia_V100', notes='sources disagree on PCIe TDP (250 W datasheet vs 300 W mlco2)'),
 a('T4', 't4', [], 'NVIDIA', 'Turing', 2018, 70, 16, 320, P(fp32=8.1, fp16=65, int8=130, int4=260),
   HS + 'NVIDIA T4 datasheet (via mlco2 gpus.csv); HF gpu_catalog excerpt (320 GB/s)', aliases=['tesla t4']),
 a('A10', 'a10', ['pcie'], 'NVIDIA', 'Ampere', 2021, 150, 24, 600, P(fp32=31.2, tf32=62.5, fp16=125, bf16=125, int8=250),
   HS + 'NVIDIA A10 datasheet', idle=18, idle_source='Cloud Carbon Footprint Appendix III (A10G: 18 W idle) applied to the A10', verification='datasheet value, not re-read'),
 a('A10G', 'a10g', [], 'NVIDIA', 'Ampere', 2021, 150, 24, 600, P(fp32=31.2, fp16=70, bf16=70, int8=140),
   HS + 'llm-analysis a10g-pcie-24gb.json; mlco2 gpus.csv; CCF Appendix III', idle=18,
   idle_source='Cloud Carbon Footprint Appendix III (A10G 18 W idle / 153 W at 100 %)', notes='AWS g5 variant; tensor fp16 ~70 dense is community-derived (uncertain)'),
 a('A100 40GB SXM', 'a100', ['40gb', 'sxm', 'sxm4'], 'NVIDIA', 'Ampere', 2020, 400, 40, 1555, P(fp32=19.5, tf32=156, fp16=312, bf16=312, int8=624),
   HS + 'NVIDIA A100 datasheet; llm-analysis a100-sxm-40gb.json; LLM-Viewer nvidia_A100_40G'),
 a('A100 40GB PCIe', 'a100', ['40gb', 'pcie'], 'NVIDIA', 'Ampere', 2020, 250, 40, 1555, P(fp32=19.5, tf32=156, fp16=312, bf16=312, int8=624),
   HS + 'A100 80GB PCIe row notes: A100 40GB PCIe 250 W, 1555 GB/s (Green Algorithms TDP_gpu.csv; mlco2)'),
 a('A100 80GB SXM', 'a100', ['80gb', 'sxm', 'sxm4'], 'NVIDIA', 'Ampere', 2020, 400, 80, 2039, P(fp32=19.5, tf32=156, fp16=312, bf16=312, int8=624),
   HS + 'NVIDIA A100 80GB datasheet; llm-analysis a100-sxm-80gb.json; mlco2 gpus.csv; LLaMA paper Table 15 (400 W)'),
 a('A100 80GB PCIe', 'a100', ['80gb', 'pcie'], 'NVIDIA', 'Ampere', 2020, 300, 80, 1935, P(fp32=19.5, tf32=156, fp16=312, bf16=312, int8=624),
   HS + 'NVIDIA A100 80GB PCIe product brief (Green Algorithms TDP_gpu.csv: 300 W); llm-analysis a100-pcie-80gb.json'),
 a('RTX A6000', 'a6000', ['rtx'], 'NVIDIA', 'Ampere', 2020, 300, 48, 768, P(fp32=38.7, tf32=77.4, fp16=154.8, bf16=154.8, int8=309.7),
   HS + 'LLM-Viewer hardware_params.py nvidia_A6000; mlco2 gpus.csv', notes='tf32 = half the fp16 tensor rate (Ampere ratio), derived'),
 a('GeForce RTX 4090', '4090', ['rtx', 'geforce'], 'NVIDIA', 'Ada Lovelace', 2022, 450, 24, 1008, P(fp32=82.6, tf32=82.6, fp16=165.2, bf16=165.2, fp8=330.3, int8=660.6),
   HS + 'NVIDIA Ada whitepaper v2.1 (via mlco2 gpus.csv); waredb spec page'),
 a('L4', 'l4', [], 'NVIDIA', 'Ada Lovelace', 2023, 72, 24, 300, P(fp32=30.3, tf32=60, fp16=121, bf16=121, fp8=242.5, int8=242.5),
   HS + 'NVIDIA L4 datasheet PB-11316-001 (dense = sparse/2)'),
 a('L40S', 'l40s', [], 'NVIDIA', 'Ada Lovelace', 2023, 350, 48, 864, P(fp32=91.6, tf32=183, fp16=362, bf16=362, fp8=733, int8=733),
   HS + 'NVIDIA L40S datasheet; mlco2 gpus.csv (dense = sparse/2)'),
 a('H100 SXM5 80GB', 'h100', ['sxm', 'sxm5', '80gb'], 'NVIDIA', 'Hopper', 2022, 700, 80, 3350, P(fp32=67, tf32=494.7, fp16=989.4, bf16=989.4, fp8=1978.9, int8=1978.9),
   HS + 'NVIDIA H100 datasheet; llm-analysis h100-sxm-80gb.json; Llama 3 model cards (700 W)'),
 a('H100 PCIe 80GB', 'h100', ['pcie', '80gb'], 'NVIDIA', 'Hopper', 2022, 350, 80, 2000, P(fp32=51, tf32=378, fp16=756, bf16=756, fp8=1513, int8=1513),
   HS + 'NVIDIA H100 PCIe product brief PB-11133-001; llm-analysis h100-pcie-80gb.json'),
 a('H100 NVL 94GB', 'h100', ['nvl', '94gb'], 'NVIDIA', 'Hopper', 2023, 400, 94, 3900, P(fp32=60, tf32=417.5, fp16=835, bf16=835, fp8=1670.5, int8=1670.5),
   HS + 'NVIDIA H100 datasheet (NVL column); mlco2 gpus.csv'),
 a('H200 SXM 141GB', 'h200', ['sxm', '141gb'], 'NVIDIA', 'Hopper', 2024, 700, 141, 4800, P(fp32=67, tf32=494.7, fp16=989.4, bf16=989.4, fp8=1978.9, int8=1978.9),
   HS + 'NVIDIA H200 product page/datasheet (archived spec pages)'),
 a('B200', 'b200', ['hgx', 'dgx'], 'NVIDIA', 'Blackwell', 2024, 1000, 180, 8000, P(fp32=80, tf32=1100, fp16=2250, bf16=2250, fp8=4500, int8=4500, int4=9000),
   HS + 'NVIDIA HGX/DGX B200 specs (glennklockwood.com/garden/processors/B200; docs.vultr.com HGX B200; ML.ENERGY AboutPage 1,000 W)',
   notes='int4 column holds the FP4 dense peak (9000)'),
 a('Instinct MI250X', 'mi250x', [], 'AMD', 'CDNA2', 2021, 500, 128, 3277, P(fp32=47.9, fp16=383, bf16=383, int8=383),
   HS + 'AMD Instinct MI250X datasheet; llm-analysis mi250x-128gb.json', notes='package of 2 GCDs (each exposed as a device: 64 GB, 191.5 TFLOPS)'),
 a('Instinct MI300X', 'mi300x', [], 'AMD', 'CDNA3', 2023, 750, 192, 5300, P(fp32=163.4, tf32=653.7, fp16=1307.4, bf16=1307.4, fp8=2614.9, int8=2614.9),
   HS + 'AMD Instinct MI300X datasheet (dense values)'),
 a('TPU v2', 'tpuv2', [], 'Google', 'TPU v2', 2017, 280, 16, 600, P(bf16=45, fp16=45),
   'Google Cloud TPU v2 docs (180 TFLOPS and 64 GB HBM per 4-chip board = 45 TFLOPS, 16 GB per chip); power: engine prior between TPU v3 measured (283 W) and v4 (192 W max)',
   verification='recalled, not re-read; power uncertain'),
 a('TPU v3', 'tpuv3', [], 'Google', 'TPU v3', 2018, 283, 32, 900, P(bf16=123, fp16=123),
   HS + 'LLMCarbon data/database.csv (Patterson et al. 2021); mlco2 gpus.csv TPUv3 283 W average', idle=90, idle_source='assumed equal to TPU v4 measured minimum (90 W, cloud.google.com/tpu/docs/v4)',
   notes='tdpW holds the measured average system power (incl. host share), not a TDP'),
 a('TPU v4', 'tpuv4', [], 'Google', 'TPU v4', 2021, 192, 32, 1200, P(bf16=275, fp16=275, int8=275),
   HS + 'cloud.google.com/tpu/docs/v4 (measured min/mean/max 90/170/192 W)', idle=90, idle_source='cloud.google.com/tpu/docs/v4 measured minimum power 90 W'),
 a('TPU v5e', 'tpuv5e', [], 'Google', 'TPU v5', 2023, 200, 16, 819, P(bf16=197, fp16=197, int8=393),
   HS + 'cloud.google.com/tpu/docs/v5e; power not published: engine prior 200 W', verification='power is a prior, not published'),
 a('TPU v5p', 'tpuv5p', [], 'Google', 'TPU v5', 2023, 350, 95, 2765, P(bf16=459, fp16=459, int8=918),
   HS + 'cloud.google.com/tpu/docs/v5p; power not published: engine prior 350 W', verification='power is a prior, not published'),
 a('Gaudi 2', 'gaudi2', [], 'Intel', 'Gaudi 2', 2022, 600, 96, 2460, P(bf16=432, fp16=432, fp8=865),
   HS + 'Intel Gaudi 3 Hot Chips 2024 slides (archived)'),
 a('Gaudi 3', 'gaudi3', ['oam'], 'Intel', 'Gaudi 3', 2024, 900, 128, 3670, P(bf16=1835, fp16=1835, fp8=1835),
   HS + 'Intel Gaudi 3 Hot Chips 2024 slides (archived)'),
 a('Apple M2 Ultra', 'm2ultra', ['apple'], 'Apple', 'Apple M2', 2023, 0, 192, 800, P(),
   HS + 'Apple M2 Ultra product page; no published TDP or TFLOPs (energy cannot be estimated from specs)'),
 a('Apple M3 Max', 'm3max', ['apple'], 'Apple', 'Apple M3', 2023, 0, 128, 400, P(),
   HS + 'Apple product pages; no published TDP or TFLOPs'),
 a('Apple M4 Max', 'm4max', ['apple'], 'Apple', 'Apple M4', 2024, 0, 128, 546, P(),
   HS + 'Apple product pages; no published TDP or TFLOPs'),
]
for x in acc:
    if x['tdpW'] == 0: x['idleW'] = 0
# Cloud instance types → accelerator and count per instance. Source: the providers' instance-type pages (recalled, not re-read).
INSTANCES = [
 ('p2', 'K80', None), ('p3', 'V100 SXM2 32GB', None), ('p3dn.24xlarge', 'V100 SXM2 32GB', 8), ('p3.2xlarge', 'V100 SXM2 32GB', 1), ('p3.8xlarge', 'V100 SXM2 32GB', 4), ('p3.16xlarge', 'V100 SXM2 32GB', 8),
 ('p4d.24xlarge', 'A100 40GB SXM', 8), ('p4de.24xlarge', 'A100 80GB SXM', 8), ('p5.48xlarge', 'H100 SXM5 80GB', 8), ('p5e.48xlarge', 'H200 SXM 141GB', 8), ('p5en.48xlarge', 'H200 SXM 141GB', 8),
 ('p6-b200.48xlarge', 'B200', 8), ('g4dn', 'T4', None), ('g4dn.xlarge', 'T4', 1), ('g4dn.12xlarge', 'T4', 4), ('g5', 'A10G', None), ('g5.xlarge', 'A10G', 1), ('g5.12xlarge', 'A10G', 4), ('g5.48xlarge', 'A10G', 8),
 ('g6', 'L4', None), ('g6.xlarge', 'L4', 1), ('g6.12xlarge', 'L4', 4), ('g6.48xlarge', 'L4', 8), ('g6e', 'L40S', None), ('g6e.xlarge', 'L40S', 1), ('g6e.48xlarge', 'L40S', 8),
 ('a2-highgpu-1g', 'A100 40GB SXM', 1), ('a2-highgpu-8g', 'A100 40GB SXM', 8), ('a2-ultragpu-1g', 'A100 80GB SXM', 1), ('a2-ultragpu-8g', 'A100 80GB SXM', 8),
 ('a3-highgpu-8g', 'H100 SXM5 80GB', 8), ('a3-megagpu-8g', 'H100 SXM5 80GB', 8), ('a3-ultragpu-8g', 'H200 SXM 141GB', 8), ('a4-highgpu-8g', 'B200', 8), ('g2-standard-4', 'L4', 1), ('g2-standard-96', 'L4', 8),
 ('standard_nd96asr_v4', 'A100 40GB SXM', 8), ('standard_nd96amsr_a100_v4', 'A100 80GB SXM', 8), ('standard_nd96isr_h100_v5', 'H100 SXM5 80GB', 8), ('standard_nd96isr_h200_v5', 'H200 SXM 141GB', 8),
 ('standard_nc24ads_a100_v4', 'A100 80GB PCIe', 1), ('standard_nc4as_t4_v3', 'T4', 1), ('standard_nc6s_v3', 'V100 PCIe 32GB', 1), ('standard_nc24s_v3', 'V100 PCIe 32GB', 4),
 ('standard_nd96isr_mi300x_v5', 'Instinct MI300X', 8),
]
out = {
  'version': 1,
  'description': 'Accelerators: TDP, idle power, memory, bandwidth and DENSE peak TFLOP/s per precision (no 2:4 sparsity).',
  'accelerators': acc,
  'instances': [{'name': n, 'accelerator': h, **({'count': c} if c else {})} for n, h, c in INSTANCES],
  'instancesSource': 'AWS EC2 accelerated-computing instance types, Google Cloud accelerator-optimized machine types, Azure GPU VM sizes (providers\' documentation; recalled, not re-read)',
}
json.dump(out, open('src/core/data/accelerators.json', 'w'), indent=1, ensure_ascii=False)
print(len(acc), 'accelerators')
