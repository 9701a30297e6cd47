"""An obligation's rule as its projection row keeps it (JSON), read back into the regulation model.

The rule is a frozen snapshot, written once when the obligation opens: it is parsed once per obligation and
process, not on every view, event or task of it."""

from __future__ import annotations

from typing import Any

from domain.regulations.model import Obligation

_RULES: dict[str, Obligation] = {}
_KEPT = 20000


def rule_of(row: Any) -> Obligation:
    """The rule of the obligation ``row`` (a row with ``obligation_id`` and ``rule``)."""
    rule = _RULES.get(row.obligation_id)
    if rule is None:
        if len(_RULES) >= _KEPT:
            _RULES.clear()
        rule = _RULES[row.obligation_id] = Obligation.model_validate(row.rule)
    return rule


def known_rule(obligation_id: str) -> Obligation | None:
    """The rule of the obligation if this process has read it already, without a query."""
    return _RULES.get(obligation_id)
