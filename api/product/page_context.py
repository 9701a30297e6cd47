"""What the product pages show besides the product itself (``api.product.views``): what the person may do with it
now, by their roles on its site and where it stands; the council's members to assign or to mark present; the years
whose quota the product may be counted in; the institutions that may implement it; the products of one's own sites
(drafts included); and the choices of the registry's search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.access.products import COUNCIL, visible_products
from api.product.views import council_rules, members, product_summary
from api.region.year import natural_key
from api.sites.service import load_site, sites_where, visible_sites
from api.tables import directions, institutions, obligations, products, sites
from domain.files import formats_ru
from domain.people import Role, ScopeKind
from domain.product import lifecycle
from domain.product.model import ProductStatus
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import ReviewCriterion
from domain.sites import Site

SITE_SIDE = {Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE}
IMPLEMENTERS = {Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.INSTITUTION_RESPONSIBLE, Role.COUNCIL_SECRETARY}
UNSENT = {ProductStatus.DRAFT.value, ProductStatus.PILOTED.value}
EDITABLE = {*UNSENT, ProductStatus.REWORK.value}
ASSIGNING = {ProductStatus.SENT.value, ProductStatus.UNDER_REVIEW.value}
POSITIVE = {ProductStatus.POSITIVE.value, ProductStatus.REGISTERED.value}
QUOTA = "product_quota"  # order 135-р 2.4.2: the yearly quota a product is counted in when sent

STATUS_COLOURS = {
    ProductStatus.DRAFT.value: "grey",
    ProductStatus.PILOTED.value: "blue",
    ProductStatus.SENT.value: "yellow",
    ProductStatus.UNDER_REVIEW.value: "yellow",
    ProductStatus.REVIEWS_IN.value: "purple",
    ProductStatus.REWORK.value: "orange",
    ProductStatus.POSITIVE.value: "green",
    ProductStatus.NEGATIVE.value: "red",
    ProductStatus.REGISTERED.value: "green",
    ProductStatus.WITHDRAWN.value: "grey",
}
ASSIGNMENT_COLOURS = {
    "invited": "blue",
    "accepted": "yellow",
    "submitted": "green",
    "declined": "grey",
    "expired": "red",
    "recused": "grey",
}
ACTIVE = ("invited", "accepted", "submitted")  # the assignments that hold a place among the experts a round needs
VERDICT_COLOURS = {"positive": "green", "rework": "orange", "negative": "red"}


@dataclass(frozen=True)
class May:
    """What the person may do with the product now (the service decides again when they do it)."""

    describe: bool = False
    add_version: bool = False
    pilot: bool = False
    send: bool = False
    resend: bool = False
    assign: bool = False
    register: bool = False
    order: bool = False
    implement: bool = False
    conclude: bool = False
    respond: int = 0  # the number of the person's own assignment awaiting their answer
    recuse: int = 0
    review: int = 0
    version_needed: bool = False  # the product waits for (another) version of its files
    assign_needed: bool = False  # the round has fewer experts at work than it needs

    @property
    def anything(self) -> bool:
        """Whether the person has a step of the product's way to take now (recording a pilot, an implementation or
        an edit of the description are possible along the way, not steps)."""
        return any(
            (
                self.send,
                self.resend,
                self.assign_needed,
                self.register,
                self.order,
                self.conclude,
                self.respond,
                self.review,
                self.version_needed,
            )
        )


def may_do(principal: Principal, site: Site, product: dict[str, Any]) -> May:
    roles = principal.roles_on(site)
    status = product["status"]
    site_side = bool(roles & SITE_SIDE)
    rounds = product["rounds"]
    last_round = rounds[-1] if rounds else None
    newer_version = bool(
        last_round and product["versions"] and product["versions"][-1]["version_no"] > last_round["version_no"]
    )
    own = [
        a
        for a in (last_round["assignments"] if last_round else [])
        if a["expert_id"] == principal.user_id and Role.EXPERT in roles
    ]
    unversioned = status in UNSENT and not product["versions"]
    working = [a for a in (last_round["assignments"] if last_round else []) if a["status"] in ACTIVE]
    short = last_round is not None and len(working) < last_round["experts_needed"]
    invited = next((a["assignment_no"] for a in own if a["status"] == "invited"), 0)
    accepted = next((a["assignment_no"] for a in own if a["status"] == "accepted"), 0)
    return May(
        version_needed=site_side and (unversioned or (status == ProductStatus.REWORK.value and not newer_version)),
        describe=site_side and status in EDITABLE,
        add_version=site_side and status in EDITABLE,
        pilot=site_side and not product["pilot"] and status not in {ProductStatus.WITHDRAWN.value},
        send=site_side and status in UNSENT and bool(product["versions"]),
        resend=site_side and status == ProductStatus.REWORK.value and newer_version,
        assign=Role.COUNCIL_SECRETARY in roles and status in ASSIGNING,
        assign_needed=Role.COUNCIL_SECRETARY in roles and status in ASSIGNING and short,
        register=Role.COUNCIL_SECRETARY in roles and status == ProductStatus.POSITIVE.value,
        order=bool(roles & {Role.DEPARTMENT, Role.COUNCIL_SECRETARY}) and status in POSITIVE and not product["order"],
        implement=bool(roles & IMPLEMENTERS) and bool(product["registry_no"]),
        conclude=Role.COUNCIL_CHAIR in roles and status == ProductStatus.REVIEWS_IN.value,
        respond=invited,
        recuse=invited or accepted,
        review=accepted,
    )


async def quota_years(conn: AsyncConnection, site_id: str) -> list[dict[str, Any]]:
    """The years whose quota of products is open on the site, latest first, with how much of it is done."""
    rows = (
        await conn.execute(
            select(obligations.c.year, obligations.c.status, obligations.c.progress, obligations.c.target)
            .where(
                obligations.c.site_id == site_id,
                obligations.c.key == QUOTA,
                obligations.c.status.in_(("in_progress", "approved")),
            )
            .order_by(obligations.c.year.desc())
        )
    ).all()
    return [{"year": r.year, "done": r.progress or 0, "target": r.target or 0} for r in rows]


async def region_institutions(conn: AsyncConnection, region_id: str) -> list[tuple[str, str]]:
    rows = (
        await conn.execute(
            select(institutions.c.id, institutions.c.name)
            .where(institutions.c.region_id == region_id)
            .order_by(institutions.c.name)
        )
    ).all()
    return [(r.id, r.name) for r in rows]


async def product_site(conn: AsyncConnection, site_id: str) -> Site:
    site = await load_site(conn, site_id)
    assert site is not None  # a product's site is a site of the reference data
    return site


def member_options(council: list[dict[str, Any]], product: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The members the secretary may assign, in two groups: those whose areas of expertise hold the product's
    direction, then the others. The council's experts only (the secretary and the chair sit on it without
    reviewing), those at work on the current round left out."""
    rounds = product["rounds"]
    busy = {a["expert_id"] for a in (rounds[-1]["assignments"] if rounds else []) if a["status"] in ACTIVE}
    free = [m for m in council if m["position"] == "member" and m["user_id"] not in busy]
    direction = product["direction_id"]
    groups = (
        (f"Направление продукта ({direction}) — в области экспертизы", [m for m in free if direction in m["areas"]]),
        ("Другие члены совета", [m for m in free if direction not in m["areas"]]),
    )
    return [
        (label, [(m["user_id"], f"{m['full_name']} — {m['organisation']}") for m in members_of])
        for label, members_of in groups
        if members_of
    ]


def _in_criteria_order(product: dict[str, Any], criteria: tuple[ReviewCriterion, ...]) -> None:
    """Each review's scores in the order of the regulation's criteria, as the expert gave them on the form."""
    order = {c.key: index for index, c in enumerate(criteria)}
    for round_view in product["rounds"]:
        for review in round_view["reviews"]:
            review["scores"].sort(key=lambda s: order.get(s["criterion"], len(order)))


def default_year(years: list[dict[str, Any]], today: date) -> int | None:
    """The year a product is counted in unless the person chooses another: this year's, when its quota is open."""
    open_years = [y["year"] for y in years]
    return today.year if today.year in open_years else (open_years[0] if open_years else None)


async def product_context(
    conn: AsyncConnection, principal: Principal, product: dict[str, Any], today: date
) -> dict[str, Any]:
    """Everything the product page shows around the product."""
    site = await product_site(conn, product["site_id"])
    may = may_do(principal, site, product)
    council = await members(conn, product["region_id"]) if may.assign or may.conclude else []
    rules = council_rules(product["region_id"])
    criteria = rules.criteria if rules else ()
    _in_criteria_order(product, criteria)
    years = await quota_years(conn, site.id) if may.send else []
    return {
        "site": site,
        "may": may,
        "council": council,
        "member_options": member_options(council, product),
        "criteria": criteria,
        "quorum": rules.quorum if rules else 0,
        # The experts' terms as the regulation's council rules set them (D47), for every notice that names them.
        "respond_days": rules.respond_working_days if rules else 0,
        "review_days": rules.review_working_days if rules else 0,
        "quota_years": years,
        "send_year": default_year(years, today),
        "institutions": await region_institutions(conn, product["region_id"]) if may.implement else [],
        "uploads": bool(principal.roles_on(site) & SITE_SIDE),
        "accepts": ",".join(f".{f.value}" for f in lifecycle.FORMATS),
        "formats_ru": formats_ru(lifecycle.FORMATS),
        "status_colours": STATUS_COLOURS,
        "assignment_colours": ASSIGNMENT_COLOURS,
        "verdict_colours": VERDICT_COLOURS,
    }


# --- one's own sites ------------------------------------------------------------------------------------------------


async def own_sites(conn: AsyncConnection, principal: Principal) -> list[dict[str, Any]]:
    """The sites on which the person makes products (their director or responsible person)."""
    ids = set(await sites_where(conn, principal, SITE_SIDE))
    return [site for site in await visible_sites(conn, principal) if site["id"] in ids]


_PRODUCTS = select(
    products,
    sites.c.code.label("site_code"),
    institutions.c.name.label("institution_name"),
    directions.c.title.label("direction_title"),
).select_from(
    products.join(sites, sites.c.id == products.c.site_id)
    .join(institutions, institutions.c.id == products.c.institution_id)
    .join(directions, directions.c.id == products.c.direction_id)
)


async def site_products(conn: AsyncConnection, principal: Principal, site_ids: list[str]) -> list[dict[str, Any]]:
    """Every product of the sites, drafts included, the latest changed first."""
    if not site_ids:
        return []
    rows = (
        await conn.execute(
            _PRODUCTS.where(products.c.site_id.in_(site_ids), visible_products(principal)).order_by(
                products.c.updated_at.desc()
            )
        )
    ).all()
    return [{**product_summary(row), "updated_at": row.updated_at} for row in rows]


# --- the registry's choices -----------------------------------------------------------------------------------------


async def direction_titles(conn: AsyncConnection) -> dict[str, str]:
    """Every direction's title by its id (the clause of the order that sets it)."""
    rows = (await conn.execute(select(directions.c.id, directions.c.title))).all()
    return {r.id: r.title for r in sorted(rows, key=lambda r: natural_key(r.id))}


async def product_years(conn: AsyncConnection, principal: Principal) -> list[int]:
    """The years of the products the person may see (the year of the quota each was counted in), latest first."""
    years = (
        await conn.execute(
            select(func.distinct(products.c.year))
            .where(visible_products(principal), products.c.year.is_not(None))
            .order_by(products.c.year.desc())
        )
    ).scalars()
    return [int(y) for y in years]


async def registry_choices(conn: AsyncConnection, principal: Principal) -> dict[str, Any]:
    """The directions and the years the search offers: those of the products the person may see."""
    seen = set(
        (
            await conn.execute(select(func.distinct(products.c.direction_id)).where(visible_products(principal)))
        ).scalars()
    )
    titles = await direction_titles(conn)
    return {
        "directions": [(key, f"{key} {title}") for key, title in titles.items() if key in seen],
        "years": await product_years(conn, principal),
    }


# --- the council ----------------------------------------------------------------------------------------------------

# Who may open the council's desk: its members, and those who govern the region (as ``GET /api/regions/…/council``).
DESK = (*COUNCIL, Role.ADMIN, Role.RCRSO_DIRECTOR, Role.DEPARTMENT)


def council_regions(principal: Principal) -> list[str]:
    """The regions whose expert council the person may see, in the order of their grants."""
    with_council = [r.region_id for r in REGULATIONS.values() if r.council is not None]
    regions: list[str] = []
    for grant in principal.grants:
        if grant.role not in DESK:
            continue
        if grant.scope_kind == ScopeKind.GLOBAL:
            regions.extend(with_council)
        elif grant.scope_kind == ScopeKind.REGION and grant.scope_id in with_council:
            regions.append(grant.scope_id)
    return list(dict.fromkeys(regions))
