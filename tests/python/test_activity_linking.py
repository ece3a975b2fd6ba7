"""fct_activities against an independent recomputation from the raw files (SPEC §2, §5).

Reads the raw Parquet delivery of the demo warehouse with pandas, applies the raw-data
contract's rules itself (bad rows, versions, soft deletes, normalised emails and phone
numbers) and recomputes
  - the number of activities per type (every staged call, email, SMS and meeting once),
  - for a sample of outbound calls and emails: the linked contact, lead, account and
    open opportunity,
then compares with what dbt built. Nothing here reads the staging or intermediate
models.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sales_warehouse.raw_contract import find_raw_files, load_contract

SAMPLE_SIZE = 1500
SAMPLE_SEED = 7

# SPEC §2 rule 7, per table: timestamps that must be present and parseable, timestamps
# that must be parseable when present, integer ranges, amounts that must not be
# negative, end-before-start pairs. The key, the versions and the soft deletes are the
# contract's (the dbt source YAML).
CONTRACT = load_contract()
TABLES = {
    "telephony_calls": dict(
        required_ts=["started_at"],
        optional_ts=["answered_at", "ended_at"],
        ints={"duration_seconds": (0, 86400)},
        end_before_start=[("started_at", "ended_at")],
    ),
    "telephony_sms": dict(required_ts=["sent_at"]),
    "email_messages": dict(required_ts=["sent_at"]),
    "crm_meetings": dict(
        required_ts=["scheduled_start"],
        optional_ts=["scheduled_end", "created_at", "updated_at"],
        end_before_start=[("scheduled_start", "scheduled_end")],
    ),
    "crm_contacts": dict(optional_ts=["created_at", "updated_at"]),
    "crm_leads": dict(
        required_ts=["created_at"],
        optional_ts=["updated_at"],
        ints={"lead_score": (0, 100)},
    ),
    "crm_accounts": dict(
        optional_ts=["created_at", "updated_at"], ints={"employee_count": None}
    ),
    "crm_opportunities": dict(
        required_ts=["created_at"],
        optional_ts=["updated_at"],
        dates=["close_date", "next_step_date"],
        amounts=["amount"],
        ints={"probability": (0, 100)},
    ),
}

ACTIVITY_TABLES = {
    "call": "telephony_calls",
    "email": "email_messages",
    "sms": "telephony_sms",
    "meeting": "crm_meetings",
}


# ------------------------------------------------------------------ raw, independently
def read_raw(raw_dir: Path, table: str) -> pd.DataFrame:
    """One raw table as text (a file, or a folder of files read as one table)."""
    located = find_raw_files(raw_dir, table, "parquet")
    assert located, f"no raw files for {table} in {raw_dir}"
    frame = pd.concat([pd.read_parquet(f) for f in located.files], ignore_index=True)
    return frame.apply(clean_text)


def clean_text(column: pd.Series) -> pd.Series:
    """Trimmed text, empty -> None (typed Parquet columns become their text form)."""
    text = column.map(lambda v: None if v is None or pd.isna(v) else str(v).strip())
    return text.map(lambda v: v or None)


def parse_ts(column: pd.Series) -> pd.Series:
    """ISO-8601 text (with or without an offset) as a naive UTC timestamp, else NaT."""
    parsed = pd.to_datetime(column, format="ISO8601", utc=True, errors="coerce")
    return parsed.dt.tz_localize(None)


def parse_bool(column: pd.Series) -> pd.Series:
    truthy = ("true", "t", "1", "yes")
    return column.map(lambda v: v is not None and v.lower() in truthy)


def normalise_email(column: pd.Series) -> pd.Series:
    return column.map(lambda v: None if v is None else v.lower())


def normalise_phone(column: pd.Series) -> pd.Series:
    def digits(value):
        if value is None:
            return None
        only = re.sub(r"[^0-9]", "", value)
        if only.startswith("00"):
            only = only[2:]
        return only or None

    return column.map(digits)


def staged(raw_dir: Path, table: str) -> pd.DataFrame:
    """The winning, live, valid version of every record of a raw table."""
    rules, contract = TABLES[table], CONTRACT[table]
    raw = read_raw(raw_dir, table)
    good = raw[contract.key].notna()
    for col in rules.get("required_ts", []):
        good &= parse_ts(raw[col]).notna()
    for col in rules.get("optional_ts", []):
        good &= raw[col].isna() | parse_ts(raw[col]).notna()
    for col in rules.get("dates", []):
        good &= raw[col].isna() | pd.to_datetime(raw[col], errors="coerce").notna()
    for col in rules.get("amounts", []):
        amount = pd.to_numeric(raw[col], errors="coerce")
        good &= raw[col].isna() | (amount.notna() & (amount >= 0))
    for col, bounds in rules.get("ints", {}).items():
        number = pd.to_numeric(raw[col], errors="coerce")
        good &= raw[col].isna() | number.notna()
        if bounds:
            good &= raw[col].isna() | number.between(*bounds)
    for start, end in rules.get("end_before_start", []):
        good &= ~(parse_ts(raw[end]) < parse_ts(raw[start]))
    rows = raw[good].copy()
    order = ["updated_at"] if contract.versioned else []
    rows["_version"] = parse_ts(rows[order[0]]) if order else pd.NaT
    rows["_loaded"] = parse_ts(rows["_loaded_at"])
    rows = rows.sort_values(
        ["_version", "_loaded"], ascending=False, na_position="last"
    )
    rows = rows.drop_duplicates(contract.key, keep="first")
    if contract.soft_deletes:
        rows = rows[~parse_bool(rows["is_deleted"])]
    return rows.reset_index(drop=True)


def most_recent(frame: pd.DataFrame, by: str, key: str) -> pd.DataFrame:
    """Per value of `by`: the most recently created row (ties: highest `key`)."""
    ranked = frame.assign(_created=parse_ts(frame["created_at"]))
    ranked = ranked.sort_values(["_created", key], ascending=False, na_position="last")
    return ranked.drop_duplicates(by, keep="first")


def expected_links(raw_dir: Path, sample: pd.DataFrame) -> pd.DataFrame:
    """contact_id, lead_id, account_id, opportunity_id per sampled activity (SPEC §2),
    and whether the matched contact was created after the activity (it still counts)."""
    contacts = staged(raw_dir, "crm_contacts")
    contacts = contacts.assign(
        email_n=normalise_email(contacts["email"]),
        phone_n=normalise_phone(contacts["phone"]),
    )
    leads = staged(raw_dir, "crm_leads")
    leads = leads.assign(email_n=normalise_email(leads["email"]))
    accounts = set(staged(raw_dir, "crm_accounts")["account_id"])
    opportunities = staged(raw_dir, "crm_opportunities")
    opportunities = opportunities.assign(
        created=parse_ts(opportunities["created_at"]),
        closed=parse_bool(opportunities["is_closed"]),
        close=pd.to_datetime(opportunities["close_date"], errors="coerce").dt.date,
    )
    by_email = most_recent(
        contacts[contacts["email_n"].notna()], "email_n", "contact_id"
    )
    by_phone = most_recent(
        contacts[contacts["phone_n"].notna()], "phone_n", "contact_id"
    )
    contact_lookup = {
        kind: frame.set_index(column)[["contact_id", "account_id", "_created"]]
        .rename(columns={"_created": "created"})
        .to_dict("index")
        for kind, frame, column in (
            ("email", by_email, "email_n"),
            ("phone", by_phone, "phone_n"),
        )
    }
    lead_lookup = (
        most_recent(leads[leads["email_n"].notna()], "email_n", "lead_id")
        .set_index("email_n")["lead_id"]
        .to_dict()
    )
    opportunities_by_account = dict(tuple(opportunities.groupby("account_id")))

    rows = []
    for activity in sample.itertuples():
        contact = contact_lookup[activity.kind].get(activity.counterpart)
        contact_id = lead_id = account_id = opportunity_id = None
        created_later = False
        if contact:
            contact_id = contact["contact_id"]
            created_later = bool(contact["created"] > activity.occurred_at)
            if contact["account_id"] is not None:
                known = contact["account_id"] in accounts
                account_id = contact["account_id"] if known else "unknown"
        elif activity.kind == "email":
            lead_id = lead_lookup.get(activity.counterpart)
        known_account = account_id not in (None, "unknown")
        if known_account and account_id in opportunities_by_account:
            candidates = opportunities_by_account[account_id]
            day = activity.occurred_at.date()
            open_then = candidates[
                (candidates["created"] <= activity.occurred_at)
                & (~candidates["closed"] | (candidates["close"] >= day))
            ]
            if len(open_then):
                opportunity_id = open_then.sort_values(
                    ["created", "opportunity_id"], ascending=False
                ).iloc[0]["opportunity_id"]
        rows.append(
            {
                "activity_id": activity.activity_id,
                "contact_id": contact_id,
                "lead_id": lead_id,
                "account_id": account_id,
                "opportunity_id": opportunity_id,
                "contact_created_later": created_later,
            }
        )
    return pd.DataFrame(rows)


def outbound_sample(raw_dir: Path) -> pd.DataFrame:
    """A fixed sample of staged outbound calls and emails with their counterparts."""
    calls = staged(raw_dir, "telephony_calls")
    calls = calls[calls["direction"].str.lower() == "outbound"]
    emails = staged(raw_dir, "email_messages")
    emails = emails[emails["direction"].str.lower() == "outbound"]
    frames = [
        pd.DataFrame(
            {
                "activity_id": "call:" + calls["call_id"],
                "kind": "phone",
                "counterpart": normalise_phone(calls["to_number"]),
                "occurred_at": parse_ts(calls["started_at"]),
            }
        ),
        pd.DataFrame(
            {
                "activity_id": "email:" + emails["message_id"],
                "kind": "email",
                "counterpart": normalise_email(emails["to_address"]),
                "occurred_at": parse_ts(emails["sent_at"]),
            }
        ),
    ]
    return pd.concat(
        [
            f.sample(n=min(SAMPLE_SIZE, len(f)), random_state=SAMPLE_SEED)
            for f in frames
        ],
        ignore_index=True,
    )


def same(left: pd.Series, right: pd.Series) -> pd.Series:
    """Element-wise equality where two missing values are equal."""
    return (left.isna() & right.isna()) | (left.astype(object) == right.astype(object))


# ------------------------------------------------------------------ tests
def test_every_staged_activity_appears_once_per_type(demo_warehouse):
    raw_dir = demo_warehouse.raw_dir
    expected = {
        kind: staged(raw_dir, table)[CONTRACT[table].key].nunique()
        for kind, table in ACTIVITY_TABLES.items()
    }
    built = dict(
        demo_warehouse.query(
            "select activity_type, count(*) from marts.fct_activities group by 1"
        )
    )
    assert built == expected
    duplicates = demo_warehouse.query(
        "select count(*) - count(distinct activity_id) from marts.fct_activities"
    )
    assert duplicates == [(0,)]


def test_outbound_calls_and_emails_link_like_the_spec_says(demo_warehouse):
    sample = outbound_sample(demo_warehouse.raw_dir)
    expected = expected_links(demo_warehouse.raw_dir, sample)
    built = demo_warehouse.df(
        "select activity_id, contact_id, lead_id, account_id, opportunity_id "
        "from marts.fct_activities where activity_type in ('call', 'email')"
    )
    compared = expected.merge(
        built,
        on="activity_id",
        how="left",
        suffixes=("_expected", "_built"),
        indicator=True,
    )
    missing = compared[compared["_merge"] != "both"]["activity_id"].tolist()
    assert not missing, f"sampled activities missing from the mart: {missing[:5]}"
    mismatches = []
    for column in ("contact_id", "lead_id", "account_id", "opportunity_id"):
        differs = ~same(compared[f"{column}_expected"], compared[f"{column}_built"])
        for row in compared[differs].head(5).itertuples():
            mismatches.append(
                (
                    row.activity_id,
                    column,
                    getattr(row, f"{column}_expected"),
                    getattr(row, f"{column}_built"),
                )
            )
    assert not mismatches, mismatches

    # the sample exercises every outcome of the rules, not only the easy one
    assert expected["contact_id"].notna().any()
    assert expected["opportunity_id"].notna().any()
    assert (expected["contact_id"].isna() & expected["lead_id"].isna()).any()
    assert (expected["contact_id"].isna() & expected["lead_id"].notna()).any()
    assert expected["contact_created_later"].any()


def test_link_coverage_reports_the_unlinked_share(demo_warehouse):
    coverage = demo_warehouse.df(
        "select * from marts.fct_activity_link_coverage order by activity_type"
    )
    assert list(coverage["activity_type"]) == ["call", "email", "sms"]
    recomputed = demo_warehouse.df(
        "select activity_type, count(*) as activities, "
        "count(*) filter (where contact_id is null and lead_id is null) as unlinked "
        "from marts.fct_activities where activity_type <> 'meeting' "
        "group by 1 order by 1"
    )
    assert coverage["activities"].tolist() == recomputed["activities"].tolist()
    assert coverage["unlinked"].tolist() == recomputed["unlinked"].tolist()
    share = recomputed["unlinked"] / recomputed["activities"]
    assert coverage["unlinked_share"].round(9).tolist() == share.round(9).tolist()
    # the demo data sends ~8% of prospecting touches to unknown numbers and addresses
    assert coverage["unlinked_share"].between(0.01, 0.3).all()


@pytest.mark.parametrize("activity_type", ["call", "email", "sms", "meeting"])
def test_local_time_is_within_a_day_of_utc(demo_warehouse, activity_type):
    off = demo_warehouse.query(
        "select count(*) from marts.fct_activities where activity_type = ? and "
        "abs(date_diff('minute', occurred_at, occurred_at_local)) > 14 * 60",
        [activity_type],
    )
    assert off == [(0,)]
