"""CodeAtlas's guidance topics, read from a TOML file (``content/guidance.toml`` in the
package): ``[[topic]]`` tables of id, title, keywords, codes, paragraphs, compliance,
reviewed_by and source. A malformed file stops the service at start with the topic named."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from assistant.domain.guidance import GuidanceTopic

PACKAGED = Path(__file__).resolve().parents[1] / "content" / "guidance.toml"
_LISTS = ("keywords", "codes", "paragraphs", "compliance")


class GuidanceFileError(ValueError):
    pass


@cache
def guidance_topics(path: Path = PACKAGED) -> tuple[GuidanceTopic, ...]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GuidanceFileError(f"{path}: cannot read the guidance topics: {exc}") from exc
    topics = [_topic(entry, path, n) for n, entry in enumerate(raw.get("topic", []), start=1)]
    ids = [topic.id for topic in topics]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise GuidanceFileError(f"{path}: topic ids repeat: {', '.join(repeated)}")
    return tuple(topics)


def _topic(entry: dict[str, Any], path: Path, number: int) -> GuidanceTopic:
    where = f"{path}, topic {number} ({entry.get('id', 'no id')})"
    for key in ("id", "title", "reviewed_by"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise GuidanceFileError(f"{where}: {key} must be a non-empty string")
    for key in _LISTS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GuidanceFileError(f"{where}: {key} must be a list of strings")
    if not entry.get("keywords") or not entry.get("paragraphs"):
        raise GuidanceFileError(f"{where}: a topic needs keywords and paragraphs")
    return GuidanceTopic(
        id=entry["id"],
        title=entry["title"],
        keywords=tuple(k.lower() for k in entry["keywords"]),
        codes=tuple(entry.get("codes", [])),
        paragraphs=tuple(entry["paragraphs"]),
        compliance=tuple(entry.get("compliance", [])),
        reviewed_by=entry["reviewed_by"],
    )
