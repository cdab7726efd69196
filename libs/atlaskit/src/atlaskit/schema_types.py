"""GraphQL types several subgraphs declare identically (value types shared by federation)."""

from __future__ import annotations

import strawberry

from atlaskit.coding import CodeSystem

CodeSystemType = strawberry.enum(CodeSystem, name="CodeSystem", description="A medical code set.")
