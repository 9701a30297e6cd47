"""Which products a person may see at all (D48, D52), and so which product files: the authoring site's people see
their products from the draft on; the council (its members, secretary and chair) sees a product once it is sent;
everybody signed in sees the registry. Here, below both the products and the files, because a file is read by
whoever may see the product it belongs to (``api.files.store``) and the products' pages store their files there."""

from __future__ import annotations

from sqlalchemy import and_, cast, exists, false, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import JSONPATH
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.access.principal import Principal
from api.tables import product_implementations, product_versions, products
from domain.people import Role, ScopeKind
from domain.product.model import ProductStatus

COUNCIL = (Role.EXPERT, Role.COUNCIL_SECRETARY, Role.COUNCIL_CHAIR)
SITE_PEOPLE = (
    Role.SITE_DIRECTOR,
    Role.SITE_RESPONSIBLE,
    Role.CURATOR,
    Role.RCRSO_DIRECTOR,
    Role.DEPARTMENT,
    Role.ADMIN,
)
UNSENT = (ProductStatus.DRAFT.value, ProductStatus.PILOTED.value)


def _scoped(principal: Principal, roles: tuple[Role, ...]) -> ColumnElement[bool]:
    """Products whose site falls in the scope of a grant of one of ``roles``."""
    arms: list[ColumnElement[bool]] = []
    for grant in principal.grants:
        if grant.role not in roles:
            continue
        match grant.scope_kind:
            case ScopeKind.GLOBAL:
                arms.append(true())
            case ScopeKind.REGION:
                arms.append(products.c.region_id == grant.scope_id)
            case ScopeKind.DIRECTION:
                arms.append(products.c.direction_id == grant.scope_id)
            case ScopeKind.SITE:
                arms.append(products.c.site_id == grant.scope_id)
            case ScopeKind.INSTITUTION:
                arms.append(products.c.institution_id == grant.scope_id)
    return or_(*arms) if arms else false()


def visible_products(principal: Principal) -> ColumnElement[bool]:
    """The products the caller may see at all."""
    return or_(
        products.c.registry_no.is_not(None),
        _scoped(principal, SITE_PEOPLE),
        and_(_scoped(principal, COUNCIL), products.c.status.not_in(UNSENT)),
    )


async def product_file_visible(conn: AsyncConnection, principal: Principal, file_id: str) -> bool:
    """Whether ``file_id`` is a file of a version or an implementation of a product the caller may see: the council
    reads the files of the products sent to it, everybody the files of the registry's products."""
    named = func.jsonb_path_exists
    path = cast(literal("$.* ? (@.file_id == $id)"), JSONPATH)
    ids = func.jsonb_build_object(literal("id"), literal(file_id))
    in_version = exists(
        select(product_versions.c.product_id).where(
            product_versions.c.product_id == products.c.product_id, named(product_versions.c.files, path, ids)
        )
    )
    in_implementation = exists(
        select(product_implementations.c.product_id).where(
            product_implementations.c.product_id == products.c.product_id,
            named(product_implementations.c.files, path, ids),
        )
    )
    query = select(products.c.product_id).where(visible_products(principal), or_(in_version, in_implementation))
    return (await conn.execute(query.limit(1))).first() is not None
