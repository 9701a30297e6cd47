"""What the administrator sends to register or change a region or an organisation (the REST routes and the pages
read the same models, with the same Russian messages)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from domain.sites import OrganisationKind

REGION_ID = r"^[0-9]{2,3}$"
ORGANISATION_ID = r"^[a-z0-9][a-z0-9._-]{1,63}$"


class RegionFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=3, max_length=300, description="Название региона")
    timezone: str = Field(min_length=3, max_length=64, description="Часовой пояс по базе IANA, например Europe/Moscow")
    authority_id: str | None = Field(default=None, max_length=64, description="Орган власти (код организации)")


class NewRegion(RegionFields):
    id: str = Field(pattern=REGION_ID, description="Код региона (субъекта РФ), например 35")


class OrganisationFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: OrganisationKind = Field(description="Вид организации в иерархии")
    name: str = Field(min_length=3, max_length=500, description="Полное название")
    short_name: str = Field(min_length=2, max_length=200, description="Краткое название")
    city: str = Field(default="", max_length=200, description="Населенный пункт")
    parent_id: str | None = Field(default=None, max_length=64, description="Вышестоящая организация (код)")


class NewOrganisation(OrganisationFields):
    id: str = Field(pattern=ORGANISATION_ID, description="Код организации: строчные латинские буквы, цифры, . _ -")
    region_id: str = Field(pattern=REGION_ID, description="Регион")
