"""Renders a thumbnail for each prompt in prompts.txt."""
import torch
from diffusers import StableDiffusionPipeline

prompts = [line.strip() for line in open("prompts.txt") if line.strip()]

for i, prompt in enumerate(prompts):
    pipe = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5", torch_dtype=torch.float16).to("cuda")  # expect: model/reload-in-loop
    image = pipe(prompt, num_inference_steps=25).images[0]  # expect: batching/unbatched-inference
    image.save(f"thumb_{i:04d}.png")
