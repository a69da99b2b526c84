import torch
from diffusers import StableDiffusionPipeline

pipe = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5")  # expect: precision/fp32-inference
pipe = pipe.to("cuda")
prompts = ["a red bicycle", "a lighthouse at dusk", "a bowl of ramen"]
for i, p in enumerate(prompts):
    pipe(p, num_inference_steps=30).images[0].save(f"out_{i}.png")
