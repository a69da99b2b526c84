import glob

import torch
from PIL import Image
from transformers import BlipForConditionalGeneration, BlipProcessor

processor = BlipProcessor.from_pretrained("Salesforce/blip-image-captioning-base")
model = BlipForConditionalGeneration.from_pretrained("Salesforce/blip-image-captioning-base", torch_dtype=torch.float16).to("cuda")

captions = {}
for path in sorted(glob.glob("photos/*.jpg")):
    inputs = processor(Image.open(path).convert("RGB"), return_tensors="pt").to("cuda", torch.float16)
    out = model.generate(**inputs, max_new_tokens=30)  # expect: batching/unbatched-inference
    captions[path] = processor.decode(out[0], skip_special_tokens=True)
