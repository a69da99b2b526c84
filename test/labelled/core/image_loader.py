import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

AUGMENT = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ColorJitter(0.4, 0.4, 0.4),
                              transforms.ToTensor()])


class Photos(Dataset):
    def __init__(self, files, labels):
        self.files, self.labels = files, labels

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return AUGMENT(Image.open(self.files[i]).convert("RGB")), self.labels[i]


def loaders(train_files, train_labels, val_files, val_labels):
    train = DataLoader(Photos(train_files, train_labels), batch_size=256, shuffle=True)  # expect: data/dataloader-workers
    val = DataLoader(Photos(val_files, val_labels), batch_size=256, num_workers=6)
    return train, val
