"""Charts of the report as static SVG, drawn by matplotlib.

Why matplotlib: it writes plain SVG that needs no script and no network to view, is
deterministic when told to be (a fixed hash salt, no date), and keeps its text as SVG
text (``svg.fonttype = none``), so the browser renders the Chinese labels in a CJK font
and the words stay searchable. Altair/Vega-Lite would need its JavaScript bundles inlined
(about 1 MB) and a script engine to show anything.
"""

from __future__ import annotations

import io
import warnings

import numpy as np

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "AR PL UMing CN", "Source Han Sans SC",
             "Microsoft YaHei", "PingFang SC", "SimHei", "DejaVu Sans"]


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "rlist-ingest", "font.family": "sans-serif",
                         "font.sans-serif": CJK_FONTS, "axes.unicode_minus": False, "font.size": 9})
    return plt


def _svg(fig) -> str:
    plt = _plt()
    buf = io.StringIO()
    with warnings.catch_warnings():  # a machine without CJK fonts: layout approximate, the browser's fonts render
        warnings.simplefilter("ignore")
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "rlist-ingest"})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: without the XML prolog and doctype


def heatmap(labels: list[str], values: np.ndarray, title: str) -> str:
    """A labelled heatmap of shares (0–1), the numbers printed in the cells as
    percentages (up to 40 rows; the report shows no more)."""
    plt = _plt()
    n = len(labels)
    size = max(4.0, 0.32 * n + 1.5)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    im = ax.imshow(values, cmap="YlOrRd", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(n), labels, rotation=90)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("B (其他地区 / other region)")
    ax.set_ylabel("A (本地区 / this region)")
    ax.set_title(title)
    if n <= 40:
        for i in range(n):
            for j in range(n):
                v = values[i, j]
                ax.text(j, i, f"{round(100 * v)}", ha="center", va="center", fontsize=6 if n > 20 else 7,
                        color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02, label="A 的文本中与 B 共有的比例 / share of A's text also in B")
    return _svg(fig)


def hbar(labels: list[str], values: list[float], title: str, xlabel: str) -> str:
    """Horizontal bars, one per label, the value printed at the bar's end."""
    plt = _plt()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7, max(1.5, 0.22 * n + 0.8)))
    y = np.arange(n)
    ax.barh(y, values, color="#4472C4")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    for i, v in enumerate(values):
        ax.text(v + 0.01, i, f"{v:.2f}", va="center", fontsize=7)
    return _svg(fig)
