# %% [markdown]
# # 15 Play with it
#
# One cell of settings, then the pictures they change. The notebook trains a
# network with your settings and, next to it, the guide's network with the
# guide's settings on the same data, so that every difference you see comes
# from what you changed. Edit the settings cell, then run all cells.

# %% [markdown] tags=["site-only"]
# <p><a class="md-button md-button--primary" href="play.ipynb" download>
# Download the notebook (.ipynb)</a></p>
#
# The `.ipynb` opens in Jupyter with the outputs of the run that made this
# page. Its figures are drawn in this page's light palette, by a set-up of the
# site's build that is not in the notebook: when you run the cells, matplotlib
# draws them in your default style, with the colours and text sizes that the
# notebook sets. The same notebook is also a plain Python script, <a
# href="play.py" download>play.py</a> (jupytext "percent" format). Both need
# the `micromlp` package of this guide's repository (`pip install -e .` in a
# clone). The notebook defines `show` and the plot colours (`BLUE`, `ORANGE`,
# `GREY` and `SHADES`) in a cell of its own, which this page does not show.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

import micromlp
from micromlp import MLP, guide

# %% [markdown]
# ## Settings

# %% [markdown]
# The values below are the guide's, except the batch size: 8 puts all eight
# training days of golf in one batch (one update per epoch, as scikit-learn
# does on this data) where the guide makes one update per day.

# %%
LAYER_SIZES = (2, 3, 2, 1)  # inputs, hidden layers..., 1 output
LEARNING_RATE = 0.1  # step size of each update
EPOCHS = 1000  # passes over the training data
BATCH_SIZE = 8  # examples per update: 1 = one at a time
SEED = 14  # initial weights; the same seed gives the same run
DATASET = "golf"  # "golf", or a made-up one: "xor", "circles", "blobs"
N_SAMPLES = 200  # made-up datasets: training points (as many to test)
NOISE = 0.25  # made-up datasets: how blurred the classes are

# %% [markdown] tags=["notebook-only"]
# `show(fig, alt, caption)` displays a figure as `plt.show()` does and
# stores with it a text description (alt text, for readers who cannot see
# the figure) and a caption. The guide's site shows both with the figure;
# JupyterLab and Jupyter Notebook keep them in the output but do not
# display them. The figures use the guide's colours: blue for class 1 (golf),
# orange for class 0 (no golf).


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
BLUE, ORANGE = "#0067a5", "#c24e00"  # class 1 (golf), class 0 (no golf)
GREY = "#767b86"  # the guide's run, beside yours
# orange fading out from 0 to 0.5, then blue growing to 1 (45% opaque at most)
SHADES = LinearSegmentedColormap.from_list(
    "class",
    [
        (0, ORANGE + "73"),
        (0.5, ORANGE + "00"),
        (0.5, BLUE + "00"),
        (1, BLUE + "73"),
    ],
)


# %%
yours = {
    "layer_sizes": tuple(LAYER_SIZES),
    "learning_rate": LEARNING_RATE,
    "epochs": EPOCHS,
    "batch_size": BATCH_SIZE,
    "seed": SEED,
}
guides = {
    "layer_sizes": guide.LAYER_SIZES,
    "learning_rate": guide.LEARNING_RATE,
    "epochs": guide.EPOCHS,
    "batch_size": guide.BATCH_SIZE,
    "seed": guide.SEED,
}
changed = [name for name in yours if yours[name] != guides[name]]
print(f"dataset: {DATASET}")
for name in changed:
    print(f"{name}: {yours[name]} (guide: {guides[name]})")
if not changed:
    print("Same settings as the guide: both runs below are identical.")

# %% [markdown]
# ## Training both networks

# %% [markdown]
# `run` builds a network from a settings dictionary, trains it, and keeps its
# weights after every epoch so that we can also measure the test accuracy
# epoch by epoch.

# %%
if DATASET == "golf":
    X_train, y_train, X_test, y_test = micromlp.golf_split()
else:
    made = {"kind": DATASET, "noise": NOISE}
    X_train, y_train = micromlp.make_dataset(N_SAMPLES, **made, seed=0)
    X_test, y_test = micromlp.make_dataset(N_SAMPLES, **made, seed=1)
print(f"{len(X_train)} training points, {len(X_test)} test points")


def run(settings):
    net = MLP(settings["layer_sizes"], seed=settings["seed"])
    net.fit(
        X_train,
        y_train,
        epochs=settings["epochs"],
        learning_rate=settings["learning_rate"],
        batch_size=settings["batch_size"],
        shuffle=True,
        seed=guide.SHUFFLE_SEED,
        record_weights=True,
    )
    copy = MLP(settings["layer_sizes"])
    net.test_accuracy = []
    for weights, biases in net.history["weights"]:
        copy.set_params(weights, biases)
        right = copy.predict(X_test) == y_test
        net.test_accuracy.append(float(np.mean(right)))
    return net


nets = {"yours": run(yours), "guide's": run(guides)}
for label, net in nets.items():
    loss = net.history["loss"]
    epochs = len(loss) - 1
    print(f"{label}: {epochs} epochs, final training loss {loss[-1]:.4f}")

# %% [markdown]
# ## Loss and accuracy

# %% [markdown]
# The training loss after each epoch (logarithmic axis), and the share of
# training and test points classified right. Things to look for: does the loss
# keep falling, or stall, or jump around? Does the test accuracy follow the
# training accuracy, or part from it?

# %%
# the guide's run in thin grey, yours in blue on top
styles = {"yours": (BLUE, 1.5, 3), "guide's": (GREY, 0.8, 2)}
fig, (loss_ax, train_ax, test_ax) = plt.subplots(
    3, 1, figsize=(4.4, 6.6), sharex=True, layout="constrained"
)
for label, net in nets.items():
    color, width, layer = styles[label]
    style = {"color": color, "linewidth": width, "zorder": layer}
    loss_ax.plot(net.history["loss"], label=label, **style)
    train_ax.plot(net.history["accuracy"], **style)
    test_ax.plot(net.test_accuracy, **style)
loss_ax.set(yscale="log", title="training loss (log scale)")
train_ax.set(title="training accuracy", ylim=(-0.05, 1.05))
test_ax.set(title="test accuracy", ylim=(-0.05, 1.05), xlabel="epoch")
for ax in (loss_ax, train_ax, test_ax):
    ax.grid(alpha=0.3)
loss_ax.legend()
show(
    fig,
    "Three line charts against the epoch comparing your settings (blue) "
    "with the guide's (thin grey): training loss on a log scale, training "
    "accuracy, test accuracy.",
    "Your run and the guide's, epoch by epoch.",
)

# %% [markdown]
# ## Decision boundary

# %% [markdown]
# The colour is each network's probability of class 1 over the input plane,
# from orange (class 0) to blue (class 1), and black lines mark where it is
# 0.5 (there are none if the network predicts one class everywhere). Blue
# circles are class 1, orange squares class 0; filled markers are training
# points, hollow ones test points. On golf, class 1 is "golf".

# %%
both = np.vstack([X_train, X_test])
low, high = both.min(axis=0) - 0.5, both.max(axis=0) + 0.5
axis0 = np.linspace(low[0], high[0], 161)
axis1 = np.linspace(low[1], high[1], 161)
T, H = np.meshgrid(axis0, axis1)
grid = np.column_stack([T.ravel(), H.ravel()])
size = 70 if len(both) <= 20 else 12
classes = {1: ("o", BLUE), 0: ("s", ORANGE)}  # marker and colour of y


def decision_map(net, title):
    fig, ax = plt.subplots(figsize=(4.4, 5.6), layout="constrained")
    P = net.predict_proba(grid).reshape(T.shape)
    levels = np.linspace(0, 1, 11)
    shading = ax.contourf(T, H, P, levels=levels, cmap=SHADES)
    ax.contour(T, H, P, levels=[0.5], colors="black", linewidths=1.5)
    for cls, (marker, color) in classes.items():
        x0, x1 = X_train[y_train == cls].T
        style = {"c": color, "edgecolors": "white", "zorder": 3}
        label = f"class {cls}, training"
        ax.scatter(x0, x1, s=size, marker=marker, label=label, **style)
        x0, x1 = X_test[y_test == cls].T
        style = {"facecolors": "none", "edgecolors": color, "linewidths": 1.5}
        label = f"class {cls}, test"
        ax.scatter(x0, x1, s=2 * size, marker=marker, label=label, **style)
    ax.set(title=title, aspect="equal")
    ax.locator_params(nbins=5)  # fewer ticks: they stay legible
    bar = fig.colorbar(shading, ax=ax, location="bottom")
    bar.set_label("probability of class 1")
    fig.legend(loc="outside lower center", ncols=2)
    return fig


titles = {"yours": "your settings", "guide's": "the guide's settings"}
for label, net in nets.items():
    show(
        decision_map(net, titles[label]),
        "Map of the probability of class 1 over the input plane for the "
        f"network trained with {titles[label]}, orange for class 0 to blue "
        "for class 1, with black lines where it is 0.5, if anywhere. Blue "
        "circles are class 1, orange squares class 0; training points "
        "filled, test points hollow.",
        f"What the network trained with {titles[label]} predicts.",
    )


# %% [markdown]
# ## The numbers


# %%
def summary(settings, net):
    updates_per_epoch = math.ceil(len(X_train) / settings["batch_size"])
    return {
        "updates (weight changes)": settings["epochs"] * updates_per_epoch,
        "final training loss": f"{net.history['loss'][-1]:.4f}",
        "final training accuracy": f"{net.history['accuracy'][-1]:.3f}",
        "final test accuracy": f"{net.test_accuracy[-1]:.3f}",
    }


mine = summary(yours, nets["yours"])
theirs = summary(guides, nets["guide's"])
print(f"{'':26s}{'yours':>10s}{'guide':>10s}")
for name in mine:
    print(f"{name:26s}{mine[name]!s:>10s}{theirs[name]!s:>10s}")

# %% [markdown]
# ## Ideas to try

# %% [markdown]
# - Learning rate: try 1.0, then 0.01. Which one stalls, which one crawls?
# - Batch size: 1, 4 and 8 on golf. A bigger batch makes fewer updates per
#   epoch; does it need more epochs to reach the same loss?
# - Layer sizes: `(2, 8, 8, 1)` has many more weights. Does it fit golf
#   better, and does it do better on the test days?
# - Seed: the same settings with another seed. How much of the result was luck?
# - Dataset: `"circles"` with `(2, 3, 2, 1)`, then with `(2, 8, 8, 1)`. A
#   made-up dataset has `N_SAMPLES` points: with batch size 1, each epoch
#   makes that many updates, so lower the epochs first.
