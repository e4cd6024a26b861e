"""Django REST framework without the optional libraries redress does not use.

DRF's `compat` module imports requests (for its test client `RequestsClient`) and Pygments (for the
browsable API's highlighting) whenever they are installed; redress answers JSON only and its tests use
DRF's `APIClient`. Importing `compat` with those two hidden keeps them (requests with urllib3, idna and
charset_normalizer) out of the gunicorn master, whose memory every worker maps (bench/README.md, "Web worker
memory"). They stay importable: what needs requests (single sign-on) imports it on first use.
"""

from __future__ import annotations

import importlib
import sys

UNUSED_EXTRAS = ("requests", "pygments")


def import_without_unused_extras() -> None:
    if "rest_framework.compat" in sys.modules:
        return
    hidden = [name for name in UNUSED_EXTRAS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError meanwhile
    try:
        importlib.import_module("rest_framework.compat")
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
