#!/bin/bash
export NCCL_DEBUG=INFO
deepspeed --num_gpus 8 pretrain.py --deepspeed_config configs/ds/zero1_legacy.json --epochs 3
