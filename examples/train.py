"""Fine-tune a ResNet-50 on a folder of product photos."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from PIL import Image
from torchvision import models, transforms


class PhotoDataset(Dataset):
    def __init__(self, paths, labels):
        self.paths = paths
        self.labels = labels
        self.tf = transforms.Compose([
            transforms.RandomResizedCrop(224),
            transforms.RandomHorizontalFlip(),
            transforms.ToTensor(),
        ])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        image = Image.open(self.paths[i]).convert("RGB")
        return self.tf(image), self.labels[i]


def train(paths, labels, epochs=30):
    device = torch.device("cuda")
    model = models.resnet50(weights=None, num_classes=120).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(PhotoDataset(paths, labels), batch_size=128, shuffle=True)

    for epoch in range(epochs):
        model.train()
        for images, targets in loader:
            images, targets = images.to(device), targets.to(device)
            optimizer.zero_grad()
            logits = model(images)
            loss = loss_fn(logits, targets)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.3f}")
    return model


if __name__ == "__main__":
    import glob

    files = sorted(glob.glob("data/photos/*/*.jpg"))
    classes = sorted({f.split("/")[-2] for f in files})
    train(files, [classes.index(f.split("/")[-2]) for f in files])
