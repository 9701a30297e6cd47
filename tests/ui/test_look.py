"""The check every browser test leans on: `Visitor.look` refuses a page axe-core finds a serious or critical
violation on, also when axe is already in the document from an earlier look (an htmx swap keeps the document)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import Visitor

NO_TEXT_ALTERNATIVE = "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"


def test_look_refuses_a_violation_it_finds_after_an_earlier_look(visitor: Visitor) -> None:
    visitor.goto("/login")
    visitor.look("login")  # a clean page; axe is now in the document
    visitor.page.evaluate(
        "html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", NO_TEXT_ALTERNATIVE
    )
    with pytest.raises(AssertionError, match="image-alt"):
        visitor.look("login-broken")
