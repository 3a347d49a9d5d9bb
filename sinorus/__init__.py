"""sinorus: open data, metrics and plotting helpers on China-Russia relations.

The bundled datasets load offline, validated and typed::

    >>> import sinorus
    >>> "trade" in sinorus.names()
    True

Submodules :mod:`sinorus.metrics` and :mod:`sinorus.plotting` load on first
use, so ``import sinorus`` costs little more than ``import pandas``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._citation import VERSION as __version__
from ._datasets import cite, data_dir, datasets, describe, descriptor, load, names, sources_used
from .errors import DataValidationError, DescriptorError, UnknownDatasetError

if TYPE_CHECKING:  # pragma: no cover
    from . import fx, metrics, plotting

__all__ = [
    "DataValidationError",
    "DescriptorError",
    "UnknownDatasetError",
    "__version__",
    "check_parameters",
    "cite",
    "data_dir",
    "datasets",
    "describe",
    "descriptor",
    "fx",
    "load",
    "metrics",
    "names",
    "plotting",
    "sources_used",
]

_LAZY = {"claims", "cli", "display", "fx", "metrics", "parameters", "plotting", "report", "units"}


def __getattr__(name: str) -> Any:
    if name == "check_parameters":
        return importlib.import_module(".parameters", __name__).check_parameters
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'sinorus' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY | {"check_parameters"})
