"""The console entry point (``rlist``): signal handlers first, then the CLI.

Loading the CLI and its libraries takes about a third of a second; the handlers are in
place before, so that Ctrl-C at any moment ends the run the same way (:mod:`signals`)."""

from __future__ import annotations


def main() -> None:
    from . import signals

    signals.install()
    from .cli import run

    run()


if __name__ == "__main__":  # pragma: no cover
    main()
