# %% [markdown]
# # 14 Train it yourself
#
# This notebook takes the guide's 2-3-2-1 network from its first forward pass
# to its predictions on the test days: the data, one training step worked by
# hand, a full training run, its loss curve, its decision boundary. Every
# number below is printed by the code above it; change a cell and run it again.

# %% [markdown] tags=["site-only"]
# <p><a class="md-button md-button--primary" href="train.ipynb" download>
# Download the notebook (.ipynb)</a></p>
#
# The `.ipynb` opens in Jupyter with the outputs of the run that made this
# page. Its figures are drawn in this page's light palette, by a set-up of the
# site's build that is not in the notebook: when you run the cells, matplotlib
# draws them in your default style, with the colours and text sizes that the
# notebook sets. The same notebook is also a plain Python script, <a
# href="train.py" download>train.py</a> (jupytext "percent" format). Both need
# the `micromlp` package of this guide's repository (`pip install -e .` in a
# clone). The notebook defines `show`, the plot colours (`GOLF`, `NO_GOLF`
# and `SHADES`) and the markers of each class (`CLASSES`), and sets the text
# sizes, in a cell of its own, which this page does not show.

# %%

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

import micromlp
from micromlp import binary_cross_entropy, guide, relu, sigmoid

np.set_printoptions(precision=4, suppress=True)

# %% [markdown] tags=["notebook-only"]
# `show(fig, alt, caption)` displays a figure as `plt.show()` does and
# stores with it a text description (alt text, for readers who cannot see
# the figure) and a caption. The guide's site shows both with the figure;
# JupyterLab and Jupyter Notebook keep them in the output but do not
# display them. The figures use the guide's colours: blue for golf, orange for
# no golf.


# %% tags=["notebook-only"]
def show(fig, alt, caption):
    from IPython.display import display

    display(fig, metadata={"alt": alt, "caption": caption})
    plt.close(fig)


plt.rcParams.update(
    {
        "font.size": 12,
        "axes.titlesize": 12,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
    }
)
GOLF, NO_GOLF = "#0067a5", "#c24e00"  # blue circles, orange squares
# orange fading out from 0 to 0.5, then blue growing to 1 (45% opaque at most)
SHADES = LinearSegmentedColormap.from_list(
    "golf",
    [
        (0, NO_GOLF + "73"),
        (0.5, NO_GOLF + "00"),
        (0.5, GOLF + "00"),
        (1, GOLF + "73"),
    ],
)
# class y: its marker, colour and name
CLASSES = {1: ("o", GOLF, "golf"), 0: ("s", NO_GOLF, "no golf")}


# %% [markdown]
# ## The data

# %% [markdown]
# Thirteen days, each with a temperature and a humidity from 0 to 3. The
# source labels them +1 (goes golfing) or -1; the cross-entropy wants a target
# $y$ of 1 or 0, so +1 becomes 1 and -1 becomes 0. Days 1-8 train the network,
# days 9-13 test it.

# %%
golf = micromlp.load_golf()
print(" ID  temp  humid  label  y  set")
days = zip(golf.ids, golf.X, golf.labels, golf.y, golf.train)
for i, (temp, humid), label, y, train in days:
    where = "train" if train else "test"
    print(f"{i:3d} {temp:5.0f} {humid:6.0f} {label:+6d} {y:2.0f}  {where}")

X_train, y_train, X_test, y_test = micromlp.golf_split()
print("X_train", X_train.shape, " X_test", X_test.shape)

# %% [markdown]
# ## The network

# %% [markdown]
# Two inputs, hidden layers of 3 and 2 ReLU units, one sigmoid output. Layer
# $l$ has a weight matrix $W^{[l]}$ of shape (inputs, outputs) and a bias
# vector $b^{[l]}$. In the code, `net.weights[0]` is $W^{[1]}$: Python counts
# from 0, the guide from 1. The initial values are drawn uniformly from
# $[-0.5, 0.5]$ with the guide's seed.

# %%
net = guide.network()
print(net)
print("weights:", net.n_weights, " biases:", net.n_biases)
print("parameters:", net.n_params)
for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
    print(f"\nW[{l}] {W.shape}\n{W}\nb[{l}] {b.shape}\n{b}")

# %% [markdown]
# ## One step by hand

# %% [markdown]
# We follow one training day through forward pass, loss, backward pass and
# update, with plain numpy, then check each result against `micromlp`.

# %%
x, y = guide.day()
print(f"day {guide.DAY}: x = {x}, y = {y}")
W1, W2, W3 = net.weights
b1, b2, b3 = net.biases

# %% [markdown]
# ### Forward pass

# %% [markdown]
# Each layer takes a weighted sum of the previous layer's outputs plus a bias,
# then applies its activation:
#
# $$z^{[l]} = a^{[l-1]} W^{[l]} + b^{[l]}$$
#
# $$a^{[l]} = \mathrm{ReLU}(z^{[l]}) = \max(0, z^{[l]})$$
#
# with $a^{[0]} = x$. The output layer uses the sigmoid instead,
# $\hat y = a^{[3]} = \sigma(z^{[3]}) = 1 / (1 + e^{-z^{[3]}})$: a probability
# of going golfing.

# %%
a0 = x
z1 = a0 @ W1 + b1
a1 = relu(z1)
z2 = a1 @ W2 + b2
a2 = relu(z2)
z3 = a2 @ W3 + b3
y_hat = sigmoid(z3)
print(f"z[1] = {z1}\na[1] = {a1}")
print(f"z[2] = {z2}\na[2] = {a2}")
print(f"z[3] = {z3}\ny_hat = {y_hat}")

trace = net.forward(x)
print("same as net.forward:", np.allclose(trace.y_hat, y_hat))

# %% [markdown]
# ### Loss

# %% [markdown]
# The binary cross-entropy of one example is small when $\hat y$ is close to
# $y$ and grows without bound as it moves away:
#
# $$L = -\bigl(y \log \hat y + (1 - y) \log(1 - \hat y)\bigr)$$

# %%
p = y_hat[0, 0]
L = -(y[0] * np.log(p) + (1 - y[0]) * np.log(1 - p))
print(f"L = {L:.6f}")
print(f"micromlp: {binary_cross_entropy(y, trace.y_hat[:, 0]):.6f}")

# %% [markdown]
# ### Backward pass

# %% [markdown]
# The error of a layer is $\delta^{[l]} = \partial L / \partial z^{[l]}$. For a
# sigmoid output with the cross-entropy it is simply
# $\delta^{[3]} = \hat y - y$. Each hidden layer passes the error back through
# the weights and keeps it only where its ReLU was active:
#
# $$
# \delta^{[l]}
# = \bigl(\delta^{[l+1]} W^{[l+1]\top}\bigr) \odot \mathbf{1}(z^{[l]} > 0)
# $$
#
# and the gradients follow from the errors:
#
# $$\frac{\partial L}{\partial W^{[l]}} = a^{[l-1]\top} \delta^{[l]}$$
#
# $$\frac{\partial L}{\partial b^{[l]}} = \delta^{[l]}$$

# %%
delta3 = y_hat - y
delta2 = (delta3 @ W3.T) * (z2 > 0)
delta1 = (delta2 @ W2.T) * (z1 > 0)
print(f"delta[1] = {delta1}\ndelta[2] = {delta2}\ndelta[3] = {delta3}")

# dL/dW[l] = a[l-1]^T delta[l] and dL/db[l] = delta[l] (as a vector)
grad_weights = [a0.T @ delta1, a1.T @ delta2, a2.T @ delta3]
grad_biases = [delta1[0], delta2[0], delta3[0]]
for l in (1, 2, 3):
    print(f"\ndL/dW[{l}] =\n{grad_weights[l - 1]}")
    print(f"dL/db[{l}] = {grad_biases[l - 1]}")

grads = net.backward(trace, y)
ours = grad_weights + grad_biases
theirs = grads.dW + grads.db
same = all(np.allclose(g, h) for g, h in zip(ours, theirs))
print("\nsame as net.backward:", same)

# %% [markdown]
# Are these the true derivatives? Nudging each parameter by a tiny amount up
# and down and watching the loss gives a numerical estimate of every
# gradient; `gradcheck` prints the relative error between the two, per layer.

# %%
for name, error in micromlp.gradcheck(net, x, y).items():
    print(f"{name}: relative error {error:.1e}")

# %% [markdown]
# ### Update

# %% [markdown]
# Every parameter moves a small step against its gradient, the step size being
# the learning rate $\eta$:
#
# $$W^{[l]} \leftarrow W^{[l]} - \eta \frac{\partial L}{\partial W^{[l]}}$$
#
# $$b^{[l]} \leftarrow b^{[l]} - \eta \frac{\partial L}{\partial b^{[l]}}$$

# %%
print("learning rate:", guide.LEARNING_RATE)
loss_before = net.loss(x, y)
net.step(grads, guide.LEARNING_RATE)  # changes net.weights, net.biases
for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
    print(f"W[{l}] =\n{W}\nb[{l}] = {b}")
loss_after = net.loss(x, y)
print(f"\nloss on day {guide.DAY} before the step: {loss_before:.6f}")
print(f"loss on day {guide.DAY} after the step:  {loss_after:.6f}")

# %% [markdown]
# ## Training

# %% [markdown]
# Training repeats that step for every training day, in a new random order on
# each pass (an *epoch*), for many epochs. These are the guide's settings; we
# start again from the untrained network.

# %%
print(f"epochs {guide.EPOCHS}, learning rate {guide.LEARNING_RATE},")
print(f"batch size {guide.BATCH_SIZE}, shuffle seed {guide.SHUFFLE_SEED}")
net = guide.network().fit(
    X_train,
    y_train,
    epochs=guide.EPOCHS,
    learning_rate=guide.LEARNING_RATE,
    batch_size=guide.BATCH_SIZE,
    shuffle=True,
    seed=guide.SHUFFLE_SEED,
)
loss = net.history["loss"]
accuracy = net.history["accuracy"]
print(f"training loss: {loss[0]:.4f} before, {loss[-1]:.4f} after")
print(f"training accuracy: {accuracy[0]:.3f} before, ", end="")
print(f"{accuracy[-1]:.3f} after")

# %% [markdown]
# ### Loss curve

# %% [markdown]
# The loss on the eight training days after each epoch (epoch 0 is the
# untrained network), on a logarithmic axis so that the slow end of training
# stays visible, then the share of training days classified right. With one
# update per day the loss zigzags: each step helps one day, sometimes at the
# expense of the others.

# %%
fig, ax = plt.subplots(figsize=(4.4, 3.2), layout="constrained")
ax.plot(loss, color=GOLF, linewidth=0.8)
ax.set(yscale="log", xlabel="epoch", title="training loss (log scale)")
ax.grid(alpha=0.3)
show(
    fig,
    f"Line chart of the training loss over {guide.EPOCHS} epochs, on a log "
    f"scale: it goes from {loss[0]:.3f} to {loss[-1]:.3f}, zigzagging.",
    "Training loss of the guide's network, epoch by epoch.",
)

fig, ax = plt.subplots(figsize=(4.4, 3.2), layout="constrained")
ax.plot(accuracy, color=GOLF, linewidth=0.8)
ax.set(xlabel="epoch", title="training accuracy", ylim=(-0.05, 1.05))
ax.grid(alpha=0.3)
show(
    fig,
    f"Line chart of the training accuracy over {guide.EPOCHS} epochs: it "
    f"goes from {accuracy[0]:.2f} to {accuracy[-1]:.2f}.",
    "Share of the training days classified right, epoch by epoch.",
)

# %% [markdown]
# ### Decision boundary

# %% [markdown]
# The colour is the network's probability of golf at every point of the
# input square, from orange (no golf) to blue (golf); the lines mark
# where it crosses 0.5, the boundary between the two predictions. Blue
# circles are days with golf, orange squares days without; filled markers
# are training days, hollow ones test days (day 13 is the same point as
# day 5).


# %%
def plot_boundary(ax, net, golf):
    grid = np.linspace(-0.5, 3.5, 161)
    T, H = np.meshgrid(grid, grid)
    points = np.column_stack([T.ravel(), H.ravel()])
    P = net.predict_proba(points).reshape(T.shape)
    levels = np.linspace(0, 1, 11)
    shading = ax.contourf(T, H, P, levels=levels, cmap=SHADES)
    ax.contour(T, H, P, levels=[0.5], colors="black", linewidths=1.5)
    for cls, (marker, color, name) in CLASSES.items():
        temp, humid = golf.X[golf.train & (golf.y == cls)].T
        style = {"c": color, "edgecolors": "white", "zorder": 3}
        label = f"{name}, training"
        ax.scatter(temp, humid, s=70, marker=marker, label=label, **style)
        temp, humid = golf.X[golf.test & (golf.y == cls)].T
        style = {"facecolors": "none", "edgecolors": color, "linewidths": 2}
        label = f"{name}, test"
        ax.scatter(temp, humid, s=150, marker=marker, label=label, **style)
    labels = {}  # one label per point: days 5 and 13 are the same point
    for point, i in zip(map(tuple, golf.X), golf.ids):
        labels.setdefault(point, []).append(str(i))
    for point, ids in labels.items():
        text = ", ".join(ids)
        ax.annotate(text, point, xytext=(7, 6), textcoords="offset points")
    ax.set(xlabel="temperature", ylabel="humidity", aspect="equal")
    ax.set(xticks=range(4), yticks=range(4))
    return shading


fig, ax = plt.subplots(figsize=(4.4, 5.8), layout="constrained")
shading = plot_boundary(ax, net, golf)
bar = fig.colorbar(shading, ax=ax, location="bottom")
bar.set_label("probability of golf")
fig.legend(loc="outside lower center", ncols=2)
show(
    fig,
    "Map of the trained network's probability of golf over temperature and "
    "humidity, orange for no golf to blue for golf, with the 0.5 decision "
    "boundary drawn as lines and the 13 days marked by ID: blue circles for "
    "golf, orange squares for no golf, filled for training days, hollow for "
    "test days.",
    "The trained network's probability of golf, and the 13 days.",
)

# %% [markdown]
# ## Predictions on the test days

# %% [markdown]
# A day is predicted "golf" when its probability is above 0.5. The test days
# were never seen in training.

# %%
proba = net.predict_proba(X_test)
predicted = net.predict(X_test)
print(" ID  temp  humid  probability  predicted  actual")
days = zip(golf.ids[golf.test], X_test, proba, predicted, y_test)
for i, (temp, humid), p, guess, y in days:
    print(f"{i:3d} {temp:5.0f} {humid:6.0f} {p:12.4f} {guess:10.0f} {y:7.0f}")
right_days = int(np.sum(predicted == y_test))
accuracy_test = right_days / len(y_test)
print(f"\n{right_days} of {len(y_test)} test days right:", end=" ")
print(f"test accuracy {accuracy_test:.2f}")

# %% [markdown]
# Eight training days are very few, and the network fits them closely: look at
# where the test days fall relative to the boundary above to see which ones it
# gets wrong, and why a curve drawn through eight points says little about
# the rest of the square.

# %% [markdown] tags=["site-only"]
# Next: change the settings in [Play with it](../play/), or compare with
# scikit-learn in [From scratch versus scikit-learn](../versus_sklearn/).
