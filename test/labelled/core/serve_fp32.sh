#!/usr/bin/env bash
set -e
MODEL=mistralai/Mistral-7B-Instruct-v0.3
vllm serve "$MODEL" --dtype float32 --port 8000  # expect: precision/fp32-inference
