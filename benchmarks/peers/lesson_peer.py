"""What softmax_numpy.py and softmax_torch.py share: the options, Fashion-MNIST from Debian's IDX files, the
initial parameters, the epoch permutations and the result line. Both peers draw the same initial parameters and
the same permutations from the seed, so they follow the same path and differ only in float arithmetic."""

import argparse
import ctypes
import gzip
import math
import os

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def options(description):
    """The lesson's softmax configuration as defaults; --epochs N changes the length of the run."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default=DATA, help="folder with the four IDX files (default: %(default)s)")
    p.add_argument("--epochs", type=int, default=100, help="passes over the training rows (default: %(default)s)")
    p.add_argument("--batch-size", type=int, default=500, help="rows per step (default: %(default)s)")
    p.add_argument("--lr", type=float, default=0.01, help="learning rate (default: %(default)s)")
    p.add_argument("--momentum", type=float, default=0.9, help="classical momentum mu (default: %(default)s)")
    p.add_argument("--seed", type=int, default=42, help="seeds the initial parameters and the shuffles")
    p.add_argument("--init", choices=["uniform", "normal"], default="uniform",
                   help="initial weights and biases: Uniform(-1, 1) or standard normal (default: %(default)s)")
    return p.parse_args()


def _idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, split):
    """Rows of pixels / 255 in float32 (one row per image) and the labels as int64, for 'train' or 't10k'."""
    images = _idx(os.path.join(folder, split + "-images-idx3-ubyte.gz"))
    labels = _idx(os.path.join(folder, split + "-labels-idx1-ubyte.gz"))
    x = images.reshape(images.shape[0], -1).astype(np.float32) / np.float32(255)
    return x, labels.astype(np.int64)


def one_hot(labels, classes=10):
    """The labels as float32 one-hot rows, gathered with each batch's rows."""
    y = np.zeros((labels.shape[0], classes), dtype=np.float32)
    y[np.arange(labels.shape[0]), labels] = 1
    return y


def initial(features, classes, init, seed):
    """Weights (features x classes) and biases (classes), float32, from the seed."""
    rng = np.random.default_rng(seed)
    draw = (lambda n: rng.uniform(-1, 1, n)) if init == "uniform" else rng.standard_normal
    w = draw(features * classes).astype(np.float32).reshape(features, classes)
    b = draw(classes).astype(np.float32)
    return w, b


def shuffles(rows, seed):
    """A generator of one fresh permutation of the rows per epoch."""
    rng = np.random.default_rng([seed, 1])
    while True:
        yield rng.permutation(rows)


def steps_per_epoch(rows, batch):
    return math.ceil(rows / batch)


def blas():
    """The OpenBLAS loaded in this process: version, kernel (core) and thread count, or 'not-openblas'."""
    for path in sorted({line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line}):
        lib = ctypes.CDLL(path)
        if hasattr(lib, "openblas_get_corename"):
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            version = lib.openblas_get_config().decode().split()[1]
            return "openblas-%s:%s:%d" % (version, lib.openblas_get_corename().decode(),
                                          lib.openblas_get_num_threads())
    return "not-openblas"


def report(peer, version, args, seconds, accuracy, steps, extra=""):
    """The one parseable result line."""
    print("peer=%s train_seconds=%.3f test_accuracy=%.4f epochs=%d steps=%d init=%s blas=%s version=%s%s"
          % (peer, seconds, accuracy, args.epochs, steps, args.init, blas(), version, extra), flush=True)
