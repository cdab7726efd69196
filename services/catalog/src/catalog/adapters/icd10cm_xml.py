"""Reads the CDC ICD-10-CM tabular XML, as shipped in the ``simple-icd-10-cm`` package."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from catalog.domain.hcpcs import LayoutError
from catalog.domain.icd10cm import TABULAR_ROOT

PACKAGE = "simple_icd_10_cm"
TABULAR_FILE = Path("data") / "icd10c-tabular-April-1-2026.xml"


def default_tabular_path() -> Path:
    """The tabular XML inside the installed package, found without importing it.

    Importing ``simple_icd_10_cm`` builds its own tree of the whole file at import time;
    ``find_spec`` on a top-level package only locates it.
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the {PACKAGE} package, which ships the ICD-10-CM tabular XML, is not installed"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / TABULAR_FILE
    if not path.is_file():
        raise FileNotFoundError(f"the installed {PACKAGE} package has no {TABULAR_FILE}")
    return path


def read_icd10cm_tabular(path: Path | None = None) -> ET.Element:
    """The ``<ICD10CM.tabular>`` root of the file (the shipped one by default)."""
    source = path or default_tabular_path()
    try:
        root = ET.parse(source).getroot()
    except ET.ParseError as exc:
        line, _ = exc.position
        raise LayoutError(str(source), line, f"is not well-formed XML ({exc})") from exc
    if root.tag != TABULAR_ROOT:
        raise LayoutError(
            str(source),
            1,
            f"not the ICD-10-CM tabular XML: the root element is <{root.tag}>,"
            f" not <{TABULAR_ROOT}>",
        )
    if root.find("chapter") is None:
        raise LayoutError(str(source), 1, "not the ICD-10-CM tabular XML: it has no <chapter>")
    return root
