# The lesson's finite-difference cells ("Pendiente del error" and "¿Funcionaría si tenemos más parámetros?"),
# as written in the notebook, on its data; prints the values LessonStartsTest hard-codes.
# Run with numpy 1.24 (Debian 12's python3-numpy): /usr/bin/python3 lesson-starts.py
import numpy as np

np.random.seed(42)
x = np.linspace(-1, 1, 100)
y = x * 3 + (np.random.rand(*x.shape) - .5)


def lineal(x, w, b):
    return x * w + b


def mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def pendiente(y_true, x, w, b, delta=1e-6):
    pw = (mse(y_true, lineal(x, w + delta, b)) - mse(y_true, lineal(x, w, b))) / delta
    pb = (mse(y_true, lineal(x, w, b + delta)) - mse(y_true, lineal(x, w, b))) / delta
    return pw, pb


print('MSE of y = 3x:', repr(mse(y, lineal(x, 3, 0))))

# Slope on w alone from w = 0, b = 0: the error after each update, w after each update.
w, ws, errors = 0, [], []
for i in range(100):
    w = w - 0.1 * pendiente(y, x, w, 0)[0]
    ws.append(w)
    errors.append(mse(y, lineal(x, w, 0)))
for i in (0, 1, 9, 49, 99):
    print('w alone, step', i, 'w', repr(ws[i]), 'MSE after', repr(errors[i]))

# Slope on w and b from (0, 5): the error before each update.
w, b, errors = 0, 5, []
for i in range(100):
    pw, pb = pendiente(y, x, w, b)
    errors.append(mse(y, lineal(x, w, b)))
    w, b = w - 0.1 * pw, b - 0.1 * pb
for i in (0, 1, 9, 49, 99):
    print('w and b, step', i, 'MSE before', repr(errors[i]))
print('w and b, final', repr(w), repr(b))
