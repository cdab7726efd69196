"""Errors a client sees: a stable ``extensions.code`` and a sentence a person understands."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

log = logging.getLogger(__name__)

NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


class AtlasError(GraphQLError):
    """An expected failure, told to the client as it is."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message, extensions={"code": code, **details})


class NotFound(AtlasError):
    def __init__(self, message: str) -> None:
        super().__init__(NOT_FOUND, message)


class BadUserInput(AtlasError):
    def __init__(self, message: str) -> None:
        super().__init__(BAD_USER_INPUT, message)


class Unauthenticated(AtlasError):
    def __init__(self, message: str) -> None:
        super().__init__(UNAUTHENTICATED, message)


class ProtectErrors(SchemaExtension):
    """Replaces unexpected exceptions by a generic message; logs them with the trace id."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        result.errors = [self._protect(error) for error in result.errors or []]

    @staticmethod
    def _protect(error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if error.path is None:
            # Not raised by a resolver: the request itself is wrong (validation, variables).
            request_code = (
                BAD_USER_INPUT if error.message.startswith("Variable '$") else VALIDATION_FAILED
            )
            error.extensions = {"code": request_code, **(error.extensions or {})}
            return error
        if original is None or isinstance(original, GraphQLError):
            if error.extensions is None or "code" not in error.extensions:
                code = VALIDATION_FAILED if original is None else INTERNAL_SERVER_ERROR
                error.extensions = {**(error.extensions or {}), "code": code}
            return error
        log.error("unexpected error in a resolver", exc_info=original)
        return GraphQLError(
            "Something went wrong on our side; the error has been logged.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": INTERNAL_SERVER_ERROR},
        )
