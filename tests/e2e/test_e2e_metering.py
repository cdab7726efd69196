"""Metered code pages through the gateway: guests, free and pro accounts, concurrency over
two gateway processes, a subgraph asked directly, Redis flushed and Redis down."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
import redis
from e2e_client import GRAPHQL_RESPONSE, Accounts, GatewayClient

from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, service_viewer, sign_viewer
from catalog.settings import CatalogSettings
from devstack.clients import FREE_LOCKED, GUEST_LOCKED
from devstack.infra import start_redis
from devstack.processes import ProcessGroup, free_port, port_open, wait_until
from devstack.stack import RunningStack, gateway_command, uvicorn_command, wait_ready

pytestmark = pytest.mark.e2e

PAGE = """query Page($code: String!) { code(system: HCPCS, code: $code) {
  code title access { locked reason errorCode viewsRemaining } hcpcs { coverage } } }"""
USED = "{ viewer { plan quota { used limit remaining } } }"


@dataclass(frozen=True)
class Opened:
    """What one code page request showed."""

    title: str | None
    full: bool  # the gated section came back
    errors: list[dict[str, Any]]

    @property
    def refusal(self) -> tuple[str, str] | None:
        """The locked section's (extensions.code, message), if it was locked."""
        for error in self.errors:
            if error.get("path") == ["code", "hcpcs"]:
                return error["extensions"]["code"], error["message"]
        return None


def _opened(body: dict[str, Any]) -> Opened:
    page = (body.get("data") or {}).get("code") or {}
    return Opened(page.get("title"), page.get("hcpcs") is not None, body.get("errors", []))


def _open(client: GatewayClient, code: str, headers: dict[str, str] | None = None) -> Opened:
    status, body = client.post(PAGE, {"code": code}, headers)
    assert status == 200, body
    return _opened(body)


def _used(client: GatewayClient, headers: dict[str, str] | None = None) -> dict[str, Any]:
    status, body = client.post(USED, headers=headers)
    assert status == 200 and "errors" not in body, body
    quota: dict[str, Any] = body["data"]["viewer"]["quota"]
    return quota


@pytest.fixture(scope="module")
def hcpcs_codes(stack: RunningStack) -> list[str]:
    """Distinct real HCPCS codes, from the catalog's own database."""

    async def fetch() -> list[str]:
        connection = await asyncpg.connect(CatalogSettings().dsn)
        try:
            rows = await connection.fetch(
                "SELECT code FROM codes WHERE system = 'HCPCS' ORDER BY code LIMIT 600"
            )
        finally:
            await connection.close()
        return [row["code"] for row in rows]

    codes = asyncio.run(fetch())
    assert len(codes) == 600
    return codes


@pytest.fixture(scope="module")
def second_gateway(stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another gateway process in front of the same subgraphs, as a second replica."""
    group = ProcessGroup(tmp_path_factory.mktemp("gateway-2") / "logs", env=stack.env)
    port = free_port()
    group.start("gateway-2", gateway_command(port, stack.subgraphs))
    try:
        wait_ready(group, "gateway-2", f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        group.stop_all()


def test_a_guest_gets_one_full_page_then_the_plans_sentence_and_reopening_is_free(
    gateway: GatewayClient, accounts: Accounts
) -> None:
    guest = {"x-guest-token": accounts.guest_token()}
    first = _open(gateway, "K0001", guest)
    assert first.full and first.errors == []
    second = _open(gateway, "K0002", guest)
    assert second.title and not second.full  # the public fields are still served
    assert second.refusal == ("CODE_PAGE_LOCKED", GUEST_LOCKED)
    again = _open(gateway, "K0001", guest)
    assert again.full and again.errors == []
    assert _used(gateway, guest) == {"used": 1, "limit": 1, "remaining": 0}


def test_a_registered_guest_gets_exactly_five_more_and_pro_is_never_locked(
    gateway: GatewayClient, accounts: Accounts, hcpcs_codes: list[str]
) -> None:
    token = accounts.guest_token()
    assert _open(gateway, hcpcs_codes[0], {"x-guest-token": token}).full
    signed_in = accounts.client(accounts.register(guest_token=token))
    opened = [_open(signed_in, code) for code in hcpcs_codes[1:10]]
    assert [page.full for page in opened] == [True] * 5 + [False] * 4
    assert {page.refusal for page in opened[5:]} == {("CODE_PAGE_LOCKED", FREE_LOCKED)}
    assert _open(signed_in, hcpcs_codes[0]).full  # the guest's view carried over, still free
    assert _used(signed_in) == {"used": 6, "limit": 6, "remaining": 0}

    pro = accounts.client(accounts.on_plan("pro"))
    assert all(_open(pro, code).full for code in hcpcs_codes[:12])
    assert _used(pro) == {"used": 12, "limit": None, "remaining": None}


# Answers that tell the client to try again in a moment: the gateway's subgraph timeout, or
# the catalog's wait for the quota service, outlasted by hundreds of pages at once.
TRY_AGAIN = {"SUBGRAPH_UNAVAILABLE", "METERING_UNAVAILABLE"}


def _timed_out(page: Opened) -> bool:
    return any(e["extensions"]["code"] in TRY_AGAIN for e in page.errors)


async def _open_concurrently(
    gateways: list[str], headers: dict[str, str], codes: list[str]
) -> list[Opened]:
    """Every code at once, spread over the gateways, each request its own operation.

    On two cores, hundreds of pages at once can outlast the gateway's subgraph timeout or
    the catalog's wait for the quota service; a client retries those, as their messages ask
    (reopening a granted page is free), so the count is checked over answers that were
    decided.
    """
    limits = httpx.Limits(max_connections=len(codes), max_keepalive_connections=0)
    clients = [httpx.AsyncClient(timeout=180, limits=limits) for _ in gateways]

    async def open_page(i: int, code: str) -> Opened:
        response = await clients[i % len(clients)].post(
            gateways[i % len(gateways)],
            json={"query": PAGE, "variables": {"code": code}},
            headers={"accept": GRAPHQL_RESPONSE, **headers},
        )
        assert response.status_code == 200, response.text
        return _opened(response.json())

    try:
        opened = await asyncio.gather(*(open_page(i, code) for i, code in enumerate(codes)))
        for _ in range(5):
            for i, code in enumerate(codes):
                if _timed_out(opened[i]):
                    opened[i] = await open_page(i, code)
    finally:
        for client in clients:
            await client.aclose()
    unexplained = [page.errors for page in opened if not page.full and page.refusal is None]
    assert unexplained == [], f"{len(unexplained)} pages neither opened nor locked"
    return opened


@pytest.mark.timeout(600)
def test_five_hundred_concurrent_pages_over_two_gateways_grant_exactly_the_plan(
    gateway: GatewayClient, accounts: Accounts, hcpcs_codes: list[str], second_gateway: str
) -> None:
    gateways = [gateway.url, second_gateway]
    guest = {"x-guest-token": accounts.guest_token()}
    opened = asyncio.run(_open_concurrently(gateways, guest, hcpcs_codes[:500]))
    assert sum(page.full for page in opened) == 1
    assert {page.refusal for page in opened if not page.full} == {
        ("CODE_PAGE_LOCKED", GUEST_LOCKED)
    }
    assert _used(gateway, guest)["used"] == 1

    free = accounts.register()
    opened = asyncio.run(_open_concurrently(gateways, free.bearer, hcpcs_codes[100:600]))
    assert sum(page.full for page in opened) == 6
    assert {page.refusal for page in opened if not page.full} == {("CODE_PAGE_LOCKED", FREE_LOCKED)}
    assert _used(gateway, free.bearer)["used"] == 6


def _twenty_aliases(codes: list[str]) -> str:
    fields = " ".join(
        f'p{i}: code(system: HCPCS, code: "{code}") {{ code hcpcs {{ coverage }} }}'
        for i, code in enumerate(codes)
    )
    return f"{{ {fields} }}"


def test_one_operation_asking_for_twenty_pages_counts_twenty(
    accounts: Accounts, hcpcs_codes: list[str]
) -> None:
    pro = accounts.client(accounts.on_plan("pro"))
    status, body = pro.post(_twenty_aliases(hcpcs_codes[200:220]))
    assert status == 200 and "errors" not in body, body
    assert all(page["hcpcs"] is not None for page in body["data"].values())
    assert _used(pro)["used"] == 20

    free = accounts.client(accounts.register())
    status, body = free.post(_twenty_aliases(hcpcs_codes[200:220]))
    assert status == 200, body
    assert sum(page["hcpcs"] is not None for page in body["data"].values()) == 6
    locked = [e for e in body["errors"] if e["extensions"]["code"] == "CODE_PAGE_LOCKED"]
    assert len(locked) == 14
    assert {error["message"] for error in locked} == {FREE_LOCKED}
    assert _used(free)["used"] == 6


def test_search_results_cost_nothing_and_their_gated_sections_are_metered_per_code(
    gateway: GatewayClient, accounts: Accounts
) -> None:
    guest = {"x-guest-token": accounts.guest_token()}
    titles = """{ search(query: "wheelchair", systems: [HCPCS], first: 5) {
      edges { node { code title } } } }"""
    status, body = gateway.post(titles, headers=guest)
    assert status == 200 and "errors" not in body, body
    assert len(body["data"]["search"]["edges"]) == 5
    assert _used(gateway, guest)["used"] == 0  # titles are public: no view is counted

    gated = titles.replace("code title", "code title hcpcs { coverage }")
    status, body = gateway.post(gated, headers=guest)
    assert status == 200, body
    nodes = [edge["node"] for edge in body["data"]["search"]["edges"]]
    assert sum(node["hcpcs"] is not None for node in nodes) == 1
    assert all(node["title"] for node in nodes)
    locked = [e for e in body["errors"] if e["extensions"]["code"] == "CODE_PAGE_LOCKED"]
    assert len(locked) == 4 and {e["message"] for e in locked} == {GUEST_LOCKED}
    assert _used(gateway, guest)["used"] == 1


def test_a_subgraph_asked_directly_without_a_valid_context_serves_nothing_gated(
    stack: RunningStack, gateway: GatewayClient
) -> None:
    pro_viewer = Viewer("someone-else", ViewerKind.ACCOUNT, "pro", account_id="a-1")
    forged = sign_viewer("not-the-gateway-secret", pro_viewer, datetime.now(UTC))
    catalog = GatewayClient(stack.subgraphs["catalog"])
    for headers in ({}, {VIEWER_HEADER: forged}, {VIEWER_HEADER: "v1.e30.bad"}):
        page = _open(catalog, "K0001", headers)
        assert page.title == "Standard wheelchair"  # public fields are served
        assert not page.full
        refusal = page.refusal
        assert refusal is not None and refusal[0] == "UNAUTHENTICATED"
        assert "ask through the CodeAtlas gateway" in refusal[1]
    # A client cannot hand the gateway a context of its own: it is replaced, not forwarded.
    through_gateway = _open(gateway, "K0001", {VIEWER_HEADER: forged})
    assert not through_gateway.full
    assert through_gateway.refusal is not None
    assert through_gateway.refusal[0] == "CODE_PAGE_LOCKED"
    assert "Continue as a guest" in through_gateway.refusal[1]


def test_the_assistants_service_context_opens_pages_and_a_client_cannot_borrow_it(
    stack: RunningStack, gateway: GatewayClient, accounts: Accounts
) -> None:
    """CasePilot reads gated sections as the service it is (questions are metered instead);
    the service kind is signed with the shared secret, never by the gateway for a client:
    sent through the gateway, it is replaced by the client's own context."""
    secret = CatalogSettings().viewer_context_secret
    signed = sign_viewer(secret, service_viewer("assistant"), datetime.now(UTC))
    catalog = GatewayClient(stack.subgraphs["catalog"])
    for code in ("K0001", "K0002", "K0003"):
        page = _open(catalog, code, {VIEWER_HEADER: signed})
        assert page.full and page.refusal is None
    guest = {"x-guest-token": accounts.guest_token(), VIEWER_HEADER: signed}
    assert _open(gateway, "K0001", guest).full
    locked = _open(gateway, "K0002", guest)
    assert not locked.full and locked.refusal is not None
    assert locked.refusal[0] == "CODE_PAGE_LOCKED"


@pytest.mark.timeout(300)
def test_a_redis_flushed_mid_run_gives_no_viewer_another_view(
    stack: RunningStack, gateway: GatewayClient, accounts: Accounts, hcpcs_codes: list[str]
) -> None:
    free = accounts.register()
    before = [_open(gateway, code, free.bearer) for code in hcpcs_codes[300:303]]
    assert all(page.full for page in before)
    guest = {"x-guest-token": accounts.guest_token()}
    assert _open(gateway, hcpcs_codes[300], guest).full

    redis.Redis.from_url(stack.infra.redis_url).flushdb()

    codes = hcpcs_codes[300:320]
    after = asyncio.run(_open_concurrently([gateway.url], free.bearer, codes))
    assert [page.full for page in after[:3]] == [True] * 3  # opened before: still free
    assert sum(page.full for page in after) == 6
    assert _used(gateway, free.bearer)["used"] == 6
    guest_after = asyncio.run(_open_concurrently([gateway.url], guest, codes))
    assert [page.full for page in guest_after] == [True] + [False] * 19
    assert _used(gateway, guest)["used"] == 1


@dataclass
class PrivateMetering:
    """A catalog, a quota service and a gateway of the test's own, metering on a Redis the
    test can stop; identity, search and CasePilot are the stack's."""

    gateway: GatewayClient
    group: ProcessGroup
    redis_url: str

    def stop_redis(self) -> None:
        next(p for p in self.group.started if p.name == "redis").stop()

    def start_redis_again(self) -> None:
        stopped = next(p for p in self.group.started if p.name == "redis")
        self.group.start("redis", cast(list[str], stopped.process.args))
        port = urlsplit(self.redis_url).port
        assert port is not None
        wait_until(lambda: port_open("127.0.0.1", port), 15, "Redis started again")


@pytest.fixture
def private_metering(stack: RunningStack, tmp_path: Path) -> Iterator[PrivateMetering]:
    group = ProcessGroup(tmp_path / "logs", env=stack.env)
    try:
        redis_url = start_redis(group, tmp_path)
        quota_port, catalog_port, gateway_port = free_port(), free_port(), free_port()
        quota_url = f"http://127.0.0.1:{quota_port}"
        group.start(
            "quota",
            uvicorn_command("quota.app:create_app", quota_port),
            env={"REDIS_URL": redis_url},
        )
        group.start(
            "catalog",
            uvicorn_command("catalog.app:create_app", catalog_port),
            env={"CATALOG_QUOTA_URL": quota_url},
        )
        wait_ready(group, "quota", f"{quota_url}/readyz")
        wait_ready(group, "catalog", f"http://127.0.0.1:{catalog_port}/readyz")
        subgraphs = {
            **stack.subgraphs,
            "catalog": f"http://127.0.0.1:{catalog_port}/graphql",
            "quota": f"{quota_url}/graphql",
        }
        group.start("gateway", gateway_command(gateway_port, subgraphs))
        wait_ready(group, "gateway", f"http://127.0.0.1:{gateway_port}/healthz")
        client = GatewayClient(f"http://127.0.0.1:{gateway_port}/graphql")
        yield PrivateMetering(client, group, redis_url)
    finally:
        group.stop_all()


@pytest.mark.timeout(300)
def test_redis_down_locks_gated_sections_as_unavailable_and_metering_resumes_without_restart(
    private_metering: PrivateMetering, accounts: Accounts
) -> None:
    gateway = private_metering.gateway
    guest = {"x-guest-token": accounts.guest_token()}
    assert _open(gateway, "K0001", guest).full
    private_metering.stop_redis()

    down = _open(gateway, "K0003", guest)
    assert down.title and not down.full  # the public fields are still served
    assert down.refusal is not None and down.refusal[0] == "METERING_UNAVAILABLE"
    assert "cannot be metered right now" in down.refusal[1]

    private_metering.start_redis_again()
    assert _open(gateway, "K0001", guest).full  # reopening stays free
    assert _open(gateway, "K0003", guest).refusal == ("CODE_PAGE_LOCKED", GUEST_LOCKED)
    assert _used(gateway, guest)["used"] == 1
