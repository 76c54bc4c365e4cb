"""OpportunityContactRole: who plays which part in buying (Decision Maker, Technical Buyer, ...).

The canonical model has no deal-contact link, only a contact's `buying_role` and `account`.
So each contact gets the role of its contact-role records (a known role before "unknown", the
primary contact's record, then the most recently modified), and its account from that deal
when the contact has none. Which deal each role is on and IsPrimary are not kept (a note says
so). A role pointing at a contact missing from Contact.csv is a reject; an unknown Role value
loads as "unknown" with a warning naming it."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import dates
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.salesforce.mapping import ROLES
from pipeline_doctor.importers.salesforce.rows import (
    add,
    col,
    col_or_nulls,
    drop,
    flag,
    mask,
    report,
)

_FOLDED = {k.casefold(): v for k, v in ROLES.items()}  # role labels, never ids


def buying_roles(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Role labels as buying roles ("unknown" for empty cells) and which labels are unknown."""
    labels = pc.utf8_trim_whitespace(text).to_pylist()
    out = [None if v is None else _FOLDED.get(v.casefold()) for v in labels]
    unknown = np.array([v is not None and r is None for v, r in zip(labels, out, strict=True)])
    roles = pa.array([r or "unknown" for r in out], pa.string())
    return roles, unknown.astype(bool).reshape(len(labels))


def _missing_contacts(roles: RawFile, contact: RawFile | None) -> None:
    ids = col_or_nulls(roles, "ContactId")
    known = col(contact, "Id") if contact is not None else None
    found = pc.is_in(ids, value_set=known) if known is not None else pa.nulls(len(ids), pa.bool_())
    missing = ~mask(found)
    where = "Contact.csv" if contact is None else contact.name
    shown = ids.to_pylist()
    report(
        roles,
        missing,
        "ContactId",
        "missing_reference",
        lambda row: f"no contact {shown[row]!r} in {where}; this role cannot be attached to anyone",
    )
    drop(roles, missing)


def _missing_deals(roles: RawFile, opportunity: RawFile | None) -> None:
    deals = col_or_nulls(roles, "OpportunityId")
    known = col(opportunity, "Id") if opportunity is not None else None
    if known is None:
        return
    missing = mask(pc.and_(pc.is_valid(deals), pc.invert(pc.is_in(deals, value_set=known))))
    shown = deals.to_pylist()
    report(
        roles,
        missing,
        "OpportunityId",
        "nulled_reference",
        lambda row: (
            f"no opportunity {shown[row]!r} in {opportunity.name if opportunity else ''}; "
            "the contact's buying role is still set"
        ),
    )


def _chosen(roles: RawFile, role: pa.Array) -> pa.Table:
    """One row per contact: its role and the deal that role is on."""
    stamp = pc.coalesce(col_or_nulls(roles, "LastModifiedDate"), col_or_nulls(roles, "CreatedDate"))
    at = pc.fill_null(pc.cast(dates.parse_timestamp(stamp, None).values, pa.int64()), -1)
    table = pa.table(
        {
            "contact": col_or_nulls(roles, "ContactId"),
            "known": pc.cast(pc.not_equal(role, "unknown"), pa.int8()),
            "primary": pa.array(flag(roles, "IsPrimary").astype(np.int8)),
            "at": at,
            "id": col_or_nulls(roles, "Id"),
            "role": role,
            "deal": col_or_nulls(roles, "OpportunityId"),
        }
    )
    order = [("contact", "ascending")]
    order += [(c, "descending") for c in ("known", "primary", "at", "id")]
    table = table.sort_by(order)
    contacts = np.asarray(table.column("contact").to_pylist(), dtype=object)
    first = np.ones(len(contacts), dtype=bool)
    first[1:] = contacts[1:] != contacts[:-1]
    return table.filter(pa.array(first))


def apply_contact_roles(
    roles: RawFile, contact: RawFile | None, opportunity: RawFile | None
) -> None:
    """Set __buying_role and __account on Contact.csv's rows from OpportunityContactRole.csv."""
    if "ContactId" not in roles.columns or "Role" not in roles.columns:
        raise PipelineDoctorError(
            f"{roles.name} has no ContactId and Role columns; its columns are: "
            f"{', '.join(roles.columns[:40])}."
        )
    _missing_contacts(roles, contact)
    _missing_deals(roles, opportunity)
    role, unknown = buying_roles(col_or_nulls(roles, "Role"))
    report(
        roles,
        unknown,
        "Role",
        "adjusted_value",
        lambda _: (
            "not a contact role Pipeline Doctor knows; the contact's buying_role is "
            "'unknown' (tell us the role's meaning to map it)"
        ),
    )
    if contact is None or roles.table.num_rows == 0:
        return
    chosen = _chosen(roles, role)
    ids = col_or_nulls(contact, "Id")
    index = pc.index_in(ids, value_set=chosen.column("contact"))
    add(contact, "__buying_role", pc.take(chosen.column("role"), index))
    deal = pc.take(chosen.column("deal"), index)
    if opportunity is not None and "AccountId" in opportunity.columns:
        at = pc.index_in(deal, value_set=col_or_nulls(opportunity, "Id"))
        deal_account = pc.take(col_or_nulls(opportunity, "AccountId"), at)
        add(contact, "__account", pc.coalesce(col_or_nulls(contact, "AccountId"), deal_account))
    known = pa.table({"contact": col_or_nulls(roles, "ContactId"), "role": role})
    known = known.filter(pc.not_equal(known.column("role"), "unknown"))
    several = known.group_by("contact").aggregate([("role", "count_distinct")])
    n_several = int(pc.sum(pc.greater(several.column("role_count_distinct"), 1)).as_py() or 0)
    roles.notes.append(
        f"{roles.name}: {roles.table.num_rows:,} contact roles gave {chosen.num_rows:,} "
        f"contacts their buying role"
        + (
            f" (contacts with different roles on different deals: {n_several:,}; the primary "
            "contact's role, then the latest, is kept)"
            if n_several
            else ""
        )
        + "; the model has no deal-contact link, so which deal each role is on and IsPrimary "
        "are not kept"
    )
