"""Who and what the text names: contacts, reps, accounts and the seller, as Arrow arrays
indexed like the simulator's entities (contact number, rep number, account number)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SELLER = "Brightwave"
SELLER_SITE = "www.brightwave.example"
REP_TITLES = (
    "Account Executive",
    "Senior Account Executive",
    "Sales Executive",
    "Enterprise Account Manager",
    "Business Development Manager",
)


def _first_word(names: pa.Array) -> pa.Array:
    return pc.list_element(pc.split_pattern(names, " ", max_splits=1), 0)


@dataclass(frozen=True)
class Cast:
    """Names, titles, emails and phone numbers the text uses, indexed like the entities."""

    contact_first: pa.Array
    contact_name: pa.Array
    contact_email: pa.Array
    contact_title: pa.Array
    rep_first: pa.Array
    rep_name: pa.Array
    rep_email: pa.Array
    rep_title: pa.Array
    rep_phone: pa.Array
    account_name: pa.Array
    industry: pa.Array
    """Lower-case industry per account."""
    industry_code: np.ndarray
    """Per account: index into `industries`."""
    industries: tuple[str, ...]

    @classmethod
    def build(cls, contacts: pa.Table, reps: pa.Table, accounts: pa.Table) -> Cast:
        """From the written org tables; reps are the rows of role "rep", in id order."""
        sellers = reps.filter(pc.equal(reps.column("role"), "rep")).sort_by("id")
        n = sellers.num_rows
        line = np.char.zfill((np.arange(n) * 7919 % 10_000).astype(str), 4)
        exchange = (np.arange(n) * 37 % 10).astype(str)
        phone = np.char.add(np.char.add("+1 (555) 01", exchange), np.char.add("-", line))
        industry = pc.utf8_lower(accounts.column("industry").combine_chunks())
        uniques, codes = np.unique(
            np.asarray(industry.to_numpy(zero_copy_only=False), dtype=str), return_inverse=True
        )
        return cls(
            contact_first=_first_word(contacts.column("name").combine_chunks()),
            contact_name=contacts.column("name").combine_chunks(),
            contact_email=contacts.column("email").combine_chunks(),
            contact_title=contacts.column("title").combine_chunks(),
            rep_first=_first_word(sellers.column("name").combine_chunks()),
            rep_name=sellers.column("name").combine_chunks(),
            rep_email=sellers.column("email").combine_chunks(),
            rep_title=pa.array(np.array(REP_TITLES)[np.arange(n) * 3 % len(REP_TITLES)]),
            rep_phone=pa.array(phone),
            account_name=accounts.column("name").combine_chunks(),
            industry=industry,
            industry_code=np.asarray(codes, np.int64),
            industries=tuple(str(u) for u in uniques),
        )
