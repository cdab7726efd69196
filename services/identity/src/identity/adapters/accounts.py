"""The accounts table."""

from __future__ import annotations

import asyncpg

from identity.domain.accounts import Account, EmailTaken, GuestAlreadyRegistered

_COLUMNS = "id::text, email, plan, viewer_id::text, created_at"


def _account(row: asyncpg.Record) -> Account:
    return Account(row["id"], row["email"], row["plan"], row["viewer_id"], row["created_at"])


async def insert_account(conn: asyncpg.Connection, account: Account, password_hash: str) -> None:
    try:
        await conn.execute(
            "INSERT INTO accounts (id, email, password_hash, plan, viewer_id, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6)",
            account.id,
            account.email,
            password_hash,
            account.plan,
            account.viewer_id,
            account.created_at,
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "accounts_viewer_id_key":
            raise GuestAlreadyRegistered() from exc
        raise EmailTaken() from exc


async def account_with_password(
    conn: asyncpg.Connection | asyncpg.Pool, email: str
) -> tuple[Account, str] | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS}, password_hash FROM accounts WHERE email = $1", email
    )
    return None if row is None else (_account(row), row["password_hash"])


async def account_by_id(conn: asyncpg.Connection | asyncpg.Pool, account_id: str) -> Account | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM accounts WHERE id = $1", account_id)
    return None if row is None else _account(row)


async def account_by_email_for_update(conn: asyncpg.Connection, email: str) -> Account | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM accounts WHERE email = $1 FOR UPDATE", email)
    return None if row is None else _account(row)


async def set_plan(conn: asyncpg.Connection, account_id: str, plan: str) -> None:
    await conn.execute("UPDATE accounts SET plan = $2 WHERE id = $1", account_id, plan)
