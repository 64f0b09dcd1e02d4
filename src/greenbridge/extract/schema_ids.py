"""Local entity id prefixes (p1, o2, v3, i4, t5) from the schema's entity types."""

from __future__ import annotations

from greenbridge.schema import entity_types

PREFIX = {name: kind.prefix for name, kind in entity_types().items()}
