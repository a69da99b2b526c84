#!/bin/sh
text-generation-launcher --model-id tiiuae/falcon-40b-instruct --num-shard 2 --port 8080  # expect: quant/no-quantization-inference
text-generation-launcher --model-id mistralai/Mistral-7B-Instruct-v0.2 --dtype bfloat16
