"""GraphQL types several subgraphs declare identically (value types shared by federation).

Importing ``CodeSystem`` from here (rather than from ``atlaskit.coding``) guarantees it is
registered with strawberry before a schema uses it as an argument or field type.
"""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from atlaskit.coding import CodeSystem

strawberry.enum(CodeSystem, name="CodeSystem", description="A medical code set.")

CodeSystemType: TypeAlias = CodeSystem

__all__ = ["CodeSystem", "CodeSystemType"]
