"""The events the catalog publishes, built from domain changes."""

from __future__ import annotations

from atlaskit.events import Envelope
from atlaskit.events.topics import CODE_CHANGED, RELEASE_IMPORTED
from catalog.domain.codes import CodeChange, ReleaseCounts
from catalog.domain.releases import Release

SOURCE = "catalog"


def code_changed(change: CodeChange, release_id: str) -> Envelope:
    code = change.code
    return Envelope(
        type=CODE_CHANGED,
        source=SOURCE,
        subject=code.key,
        schema_version=2,
        data={
            "system": code.system.value,
            "code": code.code,
            "change": change.kind.value,
            "shortTitle": code.short_title,
            "title": code.title,
            "status": code.status.value,
            "billable": code.billable,
            "effectiveDate": code.effective_date.isoformat() if code.effective_date else None,
            "terminationDate": (
                code.termination_date.isoformat() if code.termination_date else None
            ),
            "terms": list(code.search_terms),
            "releaseId": release_id,
        },
    )


def release_imported(release: Release, counts: ReleaseCounts) -> Envelope:
    return Envelope(
        type=RELEASE_IMPORTED,
        source=SOURCE,
        subject=release.id,
        schema_version=2,
        data={
            "releaseId": release.id,
            "dataset": release.dataset.value,
            "system": release.system.value if release.system else None,
            "name": release.name,
            "effectiveDate": release.effective_date.isoformat(),
            "sourceFile": release.source_file,
            "counts": counts.as_dict(),
        },
    )
