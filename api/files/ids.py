"""What a stored file's id looks like: a UUID. Shared by the file routes and every command that names files by
id, so that neither reaches into the other."""

from __future__ import annotations

import uuid


def is_uuid(value: str) -> bool:
    """Whether ``value`` can be a file id at all (anything else names no file, and is not sent to the database)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
