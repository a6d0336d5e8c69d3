"""PyTorch baseline for bench/train/run.mjs: the same models, batches and optimizer on this CPU.

Prints one JSON object: samples/s for training steps (Adam, MSE) and inference, per model.
"""
import json
import os
import sys
import time

import torch
from torch import nn


def mlp():
    return nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 7))


class Cnn(nn.Module):
    def __init__(self, low_dim=9):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(3, 32, 8, 4), nn.ReLU(), nn.Conv2d(32, 64, 4, 2), nn.ReLU(), nn.Conv2d(64, 64, 3, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 64), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(64 + low_dim, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 7))

    def forward(self, image, low):
        return self.head(torch.cat([self.conv(image), low], dim=1))


def rate(fn, batch, seconds):
    fn()  # warm-up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        n += 1
    return n * batch / (time.perf_counter() - start)


def bench(model, inputs, target, batch, seconds):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train():
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(*inputs), target)
        loss.backward()
        opt.step()

    def infer():
        with torch.no_grad():
            model(*inputs)

    return {'train': rate(train, batch, seconds), 'infer': rate(infer, batch, seconds)}


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    mlp_batch = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    cnn_batch = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    torch.manual_seed(0)
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': {}}
    mlp_in = (torch.randn(mlp_batch, 64),)
    cnn_in = (torch.rand(cnn_batch, 3, 84, 84), torch.randn(cnn_batch, 9))
    # Default threads here may be 1 (OMP_NUM_THREADS); also measure all cores. tfjs wasm uses one thread.
    for threads in sorted({1, torch.get_num_threads(), os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        out['results'][threads] = {
            'mlp': bench(mlp(), mlp_in, torch.randn(mlp_batch, 7), mlp_batch, seconds),
            'cnn': bench(Cnn(), cnn_in, torch.randn(cnn_batch, 7), cnn_batch, seconds),
        }
    print(json.dumps(out))


if __name__ == '__main__':
    main()
