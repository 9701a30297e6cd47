from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from tests.support.client import Api

_years = itertools.count(2060)


@pytest.fixture
def open_cycle(api: Api) -> Callable[[str], int]:
    """Open a cycle of ``site_id`` in a year no other test uses (far ahead: no deadline fires); returns the year."""

    def _open(site_id: str) -> int:
        year = next(_years)
        response = api.open_cycle(site_id, year)
        assert response.status_code == 201, response.text
        return year

    return _open
