"""The signed viewer context the gateway sends subgraphs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atlaskit.viewer import (
    InvalidViewerContext,
    Viewer,
    ViewerKind,
    service_viewer,
    sign_viewer,
    verify_viewer,
)

pytestmark = pytest.mark.unit

SECRET = "test-viewer-secret"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
GUEST = Viewer(
    "6f1c2a9e-4b7d-4c1e-9a53-0d2e8f7b6a41", ViewerKind.GUEST, "guest", address="10.0.0.7"
)


def test_a_signed_viewer_reads_back_the_same() -> None:
    assert verify_viewer(SECRET, sign_viewer(SECRET, GUEST, NOW), NOW) == GUEST


def test_a_service_reading_for_itself_is_a_viewer_of_its_own_kind() -> None:
    assistant = verify_viewer(SECRET, sign_viewer(SECRET, service_viewer("assistant"), NOW), NOW)
    assert (assistant.viewer_id, assistant.kind) == ("service:assistant", ViewerKind.SERVICE)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "no viewer context"),
        ("", "no viewer context"),
        ("Bearer abc", "not in the gateway's format"),
        ("v1." + "a" * 3000 + "." + "b" * 43, "not in the gateway's format"),
    ],
)
def test_a_missing_or_malformed_context_is_refused(header: str | None, message: str) -> None:
    with pytest.raises(InvalidViewerContext, match=message):
        verify_viewer(SECRET, header, NOW)


def test_a_context_signed_with_another_secret_or_altered_is_refused() -> None:
    with pytest.raises(InvalidViewerContext, match="signature does not match"):
        verify_viewer(SECRET, sign_viewer("someone-else", GUEST, NOW), NOW)
    pro = Viewer(GUEST.viewer_id, ViewerKind.ACCOUNT, "pro")
    version, _, signature = sign_viewer(SECRET, GUEST, NOW).split(".")
    forged_payload = sign_viewer(SECRET, pro, NOW).split(".")[1]
    with pytest.raises(InvalidViewerContext, match="signature does not match"):
        verify_viewer(SECRET, f"{version}.{forged_payload}.{signature}", NOW)


def test_a_context_expires_after_a_minute() -> None:
    header = sign_viewer(SECRET, GUEST, NOW)
    assert verify_viewer(SECRET, header, NOW + timedelta(seconds=59)) == GUEST
    with pytest.raises(InvalidViewerContext, match="expired"):
        verify_viewer(SECRET, header, NOW + timedelta(seconds=60))
