"""What a client sees of errors: request errors keep their message, crashes are masked."""

from __future__ import annotations

from datetime import date

import pytest
import strawberry

from atlaskit.errors import NotFound, ProtectErrors

pytestmark = pytest.mark.unit


@strawberry.type
class Query:
    @strawberry.field
    def day(self, on: date) -> str:
        return on.isoformat()

    @strawberry.field
    def missing(self) -> str:
        raise NotFound("HCPCS code K9999 is not in the catalog.")

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("password=hunter2 at db.internal")


schema = strawberry.Schema(query=Query, extensions=[ProtectErrors])


async def test_a_bad_variable_is_bad_user_input_with_its_message() -> None:
    result = await schema.execute("query($d: Date!) { day(on: $d) }", {"d": "yesterday"})
    [error] = result.errors or []
    assert error.extensions == {"code": "BAD_USER_INPUT"}
    assert "yesterday" in error.message


async def test_an_unknown_field_is_a_validation_failure() -> None:
    result = await schema.execute("{ nope }")
    assert (result.errors or [])[0].extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}


async def test_expected_errors_keep_their_code_and_sentence() -> None:
    result = await schema.execute("{ missing }")
    [error] = result.errors or []
    assert (error.message, error.extensions) == (
        "HCPCS code K9999 is not in the catalog.",
        {"code": "NOT_FOUND"},
    )


async def test_a_crash_is_masked_and_leaks_nothing() -> None:
    result = await schema.execute("{ broken }")
    [error] = result.errors or []
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "hunter2" not in error.message
