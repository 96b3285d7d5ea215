#!/usr/bin/python3
"""The lesson's softmax regression on Fashion-MNIST in numpy, float32, as Gradiente's trainer runs it: batch 500,
lr 0.01, classical momentum (v = mu*v - lr*g; w = w + v) on the gradient of the mean cross-entropy over the batch,
rows reshuffled every epoch and each batch's rows gathered, no loss pass over the training set between epochs.
Prints one line: peer=numpy train_seconds=... test_accuracy=... (the training loop only; loading excluded).
Threads: the caller sets OPENBLAS_NUM_THREADS (benchmarks/bin/lesson-softmax sets 2)."""

import time

import numpy as np

import lesson_peer


def main():
    args = lesson_peer.options(__doc__.splitlines()[0])
    x, labels = lesson_peer.load(args.data, "train")
    x_test, labels_test = lesson_peer.load(args.data, "t10k")
    y = lesson_peer.one_hot(labels)
    w, b = lesson_peer.initial(x.shape[1], y.shape[1], args.init, args.seed)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    lr, mu = np.float32(args.lr), np.float32(args.momentum)
    rows, batch = x.shape[0], args.batch_size
    steps = lesson_peer.steps_per_epoch(rows, batch)
    orders = lesson_peer.shuffles(rows, args.seed)

    start = time.perf_counter()
    for _ in range(args.epochs):
        order = next(orders)
        for s in range(steps):
            idx = order[s * batch:(s + 1) * batch]
            xb = x[idx]
            z = xb @ w + b
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            z -= y[idx]
            z /= np.float32(idx.shape[0])
            vw *= mu
            vw -= lr * (xb.T @ z)
            vb *= mu
            vb -= lr * z.sum(axis=0)
            w += vw
            b += vb
    seconds = time.perf_counter() - start

    accuracy = float(np.mean(np.argmax(x_test @ w + b, axis=1) == labels_test))
    lesson_peer.report("numpy", np.__version__, args, seconds, accuracy, args.epochs * steps)


if __name__ == "__main__":
    main()
