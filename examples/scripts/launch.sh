#!/usr/bin/env bash
# Launch fine-tuning on all local GPUs.
set -euo pipefail
accelerate launch --multi_gpu --num_processes 8 --mixed_precision no \
  train.py --epochs 10 --batch-size 64
