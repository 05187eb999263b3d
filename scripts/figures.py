"""Every figure of the guide, by name: :data:`FIGURES` maps a name to a `registry.Figure`.

The figures live in modules by subject, each with its own registry:

- :mod:`scripts.figures_network`: the dataset, the structure, the forward pass, the loss;
- :mod:`scripts.figures_backprop`: the backward pass, the update, the training step;
- :mod:`scripts.figures_training`: training curves, batches, boundaries, predictions, seeds.

They draw with :mod:`scripts.draw` (the network diagram), :mod:`scripts.plane`
(the temperature-humidity square) and :mod:`scripts.geometry` (layout).
``scripts/generate.py`` saves each one in both themes as
``figures/NAME-light.svg`` and ``figures/NAME-dark.svg``. The functions only
plot: every number comes from ``runs.compute()``.
"""

from scripts import figures_backprop, figures_network, figures_training

FIGURES = {**figures_network.FIGURES, **figures_backprop.FIGURES, **figures_training.FIGURES}
