"""Fine-tune a ViT on a folder of product photos."""
import argparse

import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms
from transformers import ViTForImageClassification

TRAIN_TF = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.5] * 3, [0.5] * 3),
])


class ProductPhotos(Dataset):
    def __init__(self, rows, transform):
        self.rows = rows
        self.transform = transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        path, label = self.rows[idx]
        image = Image.open(path).convert("RGB")
        return self.transform(image), label


def read_rows(csv_path):
    with open(csv_path) as f:
        return [(line.split(",")[0], int(line.split(",")[1])) for line in f.read().splitlines()[1:]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default="train.csv")
    parser.add_argument("--val", default="val.csv")
    args = parser.parse_args()

    device = torch.device("cuda")
    model = ViTForImageClassification.from_pretrained("google/vit-base-patch16-224", num_labels=12, ignore_mismatched_sizes=True)
    model.to(device)
    train_loader = DataLoader(ProductPhotos(read_rows(args.train), TRAIN_TF), batch_size=64, shuffle=True)  # expect: data/dataloader-workers
    val_loader = DataLoader(ProductPhotos(read_rows(args.val), TRAIN_TF), batch_size=64, num_workers=8)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)

    for epoch in range(5):  # expect: measure/no-energy-tracking
        model.train()
        for pixels, labels in train_loader:
            out = model(pixel_values=pixels.to(device), labels=labels.to(device))  # expect: precision/fp32-training, compile/no-compile
            out.loss.backward()
            optimizer.step()
            optimizer.zero_grad()

        model.eval()
        correct = 0
        for pixels, labels in val_loader:
            logits = model(pixel_values=pixels.to(device)).logits  # expect: grad/no-grad-inference
            correct += (logits.argmax(-1).cpu() == labels).sum().item()
        print(f"epoch {epoch}: val acc {correct / len(val_loader.dataset):.3f}")


if __name__ == "__main__":
    main()
