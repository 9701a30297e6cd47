"""An act no role may perform is refused saying so, not with an empty list of roles («…может только .»)."""

from __future__ import annotations

import pytest

from domain.common import Actor, DomainError
from domain.people import Role


def test_an_act_with_no_allowed_role_says_nobody_may() -> None:
    actor = Actor(user_id="u1", full_name="Иванова И. И.", roles=frozenset({Role.SITE_DIRECTOR}))
    with pytest.raises(DomainError) as refused:
        actor.role_among((), "отправить отчет")
    assert refused.value.message == "Отправить отчет не может никто: регламент не называет, кто это делает."
    assert "может только ." not in refused.value.message


def test_an_act_with_allowed_roles_names_them() -> None:
    actor = Actor(user_id="u1", full_name="Иванова И. И.", roles=frozenset({Role.EXPERT}))
    with pytest.raises(DomainError, match="может только директор площадки"):
        actor.role_among((Role.SITE_DIRECTOR,), "отправить отчет")
