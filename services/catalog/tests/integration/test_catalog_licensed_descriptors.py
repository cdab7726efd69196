"""A licensed CPT descriptor file shows on CPT pages; without one, the page says why not.

The file here is synthetic: CodeAtlas never ships AMA text, and neither do its tests.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from catalog.adapters.cpt_files import read_licensed_descriptors
from catalog.app import MIGRATIONS, create_app
from catalog.domain.hcpcs import LayoutError
from catalog.imports import import_cpt
from catalog.settings import CatalogSettings
from catalog.table_imports import LICENSED_DESCRIPTORS, import_table_release
from devstack.asgi import serving
from devstack.infra import Infrastructure
from quota.app import create_app as create_quota_app

pytestmark = pytest.mark.integration

PAGE = """{ code(system: CPT, code: "99213") {
  officialDescriptor(dateOfService: "2026-01-15") { text licensed notice } } }"""


def _synthetic(folder: Path) -> Path:
    path = folder / "synthetic_cpt_descriptors_2026_jan.txt"
    path.write_text(
        "99213\tSynthetic descriptor number one, for tests only\n"
        "95870\tSynthetic descriptor number two, for tests only\n",
        encoding="utf-8",
    )
    return path


async def test_descriptors_appear_only_once_a_licensed_file_is_loaded(
    infra: Infrastructure, tmp_path: Path
) -> None:
    settings = CatalogSettings()
    settings.database_prefix += f"_ama{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn)
    try:
        rvus = settings.data_dir / "cms" / "rvu25d_PPRRVU2025_Oct_nodesc.csv"
        await import_cpt(pool, settings, rvus, date(2025, 10, 1))
        # The descriptor is a gated section: a pro viewer, metered by a real quota service.
        quota = create_quota_app()
        catalog = create_app(settings, quota_transport=httpx.ASGITransport(app=quota))
        viewer = Viewer(f"descriptor-reader-{uuid.uuid4()}", ViewerKind.ACCOUNT, "pro")
        signed = sign_viewer(settings.viewer_context_secret, viewer, datetime.now(UTC))
        async with serving(quota), serving(catalog) as client:
            headers = {VIEWER_HEADER: signed}
            before = (await client.post("/graphql", json={"query": PAGE}, headers=headers)).json()
            report = await import_table_release(
                pool, settings, LICENSED_DESCRIPTORS, _synthetic(tmp_path), date(2026, 1, 1)
            )
            after = (await client.post("/graphql", json={"query": PAGE}, headers=headers)).json()
    finally:
        await pool.close()
        await drop_database(settings.dsn)
    unlicensed = before["data"]["code"]["officialDescriptor"]
    assert unlicensed["text"] is None and unlicensed["licensed"] is False
    assert "license" in unlicensed["notice"]
    assert report.rows == 2
    assert after["data"]["code"]["officialDescriptor"] == {
        "text": "Synthetic descriptor number one, for tests only",
        "licensed": True,
        "notice": None,
    }


def test_a_descriptor_row_without_a_tab_names_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "descriptors.txt"
    broken.write_text("99213\tfine\n99214 no tab here\n", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"descriptors\.txt, line 2: expected code<TAB>"):
        list(read_licensed_descriptors(broken))
