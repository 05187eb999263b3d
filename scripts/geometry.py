"""Geometry of the figures: simpler contour paths, axes laid out in inches.

Matplotlib places axes in fractions of the figure; the guide's figures are
designed in inches (text must stay readable on a phone), so these helpers
convert.
"""

import numpy as np
from matplotlib.path import Path


def slim(contours, tol=0.01):
    """Drop the contour vertices that lie within ``tol`` (data units) of a straight line.

    Contours follow the grid, so a straight edge of a region keeps a vertex
    in every grid cell it crosses; ``tol`` is well under a pixel, and the SVG
    gets several times smaller.
    """
    paths = []
    for path in contours.get_paths():
        parts = [rdp(v, tol) for v in path.to_polygons(closed_only=False)]
        parts = [v for v in parts if len(v) > 1]
        paths.append(Path.make_compound_path(*(Path(v) for v in parts)) if parts else path)
    contours.set_paths(paths)


def rdp(v, tol):
    """Ramer-Douglas-Peucker: the vertices of polyline ``v`` needed within ``tol``."""
    if len(v) < 3:
        return v
    a, b = v[0], v[-1]
    d = b - a
    norm = np.hypot(*d)
    rel = v[1:-1] - a
    if norm == 0:
        dist = np.hypot(rel[:, 0], rel[:, 1])
    else:
        dist = np.abs(d[0] * rel[:, 1] - d[1] * rel[:, 0]) / norm
    k = int(np.argmax(dist))
    if dist[k] <= tol:
        return np.array([a, b])
    return np.vstack([rdp(v[: k + 2], tol)[:-1], rdp(v[k + 1 :], tol)])


def stacked_axes(fig, n, *, top=0.08, bottom=0.55, left=0.7, right=0.15, gap=0.35):
    """``n`` axes stacked vertically, margins in inches."""
    W, H = fig.get_size_inches()
    h = (H - top - bottom - gap * (n - 1)) / n
    axes = []
    for k in range(n):
        y0 = H - top - (k + 1) * h - k * gap
        axes.append(fig.add_axes((left / W, y0 / H, (W - left - right) / W, h / H)))
    return axes


def wrap(fig, ax, pad=0.06):
    """Resize ``fig`` to what is drawn on ``ax`` (measured, not estimated), plus ``pad`` in."""
    bbox = ax.get_tightbbox(fig.canvas.get_renderer()).transformed(ax.transData.inverted())
    w, h = bbox.width + 2 * pad, bbox.height + 2 * pad
    fig.set_size_inches(w, h)
    ax.set_xlim(bbox.x0 - pad, bbox.x1 + pad)
    ax.set_ylim(bbox.y0 - pad, bbox.y1 + pad)
