"""Path parameters the routes of several contexts share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

Year = Annotated[int, Path(ge=2000, le=2100, description="Год цикла")]
