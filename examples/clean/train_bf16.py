"""The same fine-tune done well: bf16 autocast, compiled model, workers decoding images."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms
from codecarbon import EmissionsTracker


def train(root, epochs=30):
    tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])
    loader = DataLoader(datasets.ImageFolder(root, tf), batch_size=128, shuffle=True, num_workers=8, pin_memory=True)
    model = torch.compile(models.resnet50(num_classes=120).cuda())
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss_fn = nn.CrossEntropyLoss()
    with EmissionsTracker(project_name="resnet50-photos"):
        for _ in range(epochs):
            for images, targets in loader:
                images, targets = images.cuda(non_blocking=True), targets.cuda(non_blocking=True)
                optimizer.zero_grad(set_to_none=True)
                with torch.autocast("cuda", dtype=torch.bfloat16):
                    loss = loss_fn(model(images), targets)
                loss.backward()
                optimizer.step()
    return model


@torch.inference_mode()
def evaluate(model, loader):
    model.eval()
    correct = 0
    for images, targets in loader:
        correct += (model(images.cuda()).argmax(-1) == targets.cuda()).sum().item()
    return correct
