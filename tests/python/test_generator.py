"""The demo raw-data generator (sales_warehouse.generator): contract, determinism, manifest
and every injected real-world problem of SPEC §2, at a small scale."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sales_warehouse.generator import TABLES, generate
from sales_warehouse.generator import config as C
from sales_warehouse.raw_contract import load_contract

SCALE = 0.2
ANCHOR = "2026-11-01 06:00:00"
REPO = Path(__file__).resolve().parents[2]

# SPEC §2, table by table: the raw contract (the dbt source YAML) the generator meets
RAW_CONTRACT = load_contract()
# The optional columns the generator writes (SPEC §8: the stage history as of each change).
WRITTEN_OPTIONAL = {
    "crm_opportunity_stage_history": {
        "close_date",
        "forecast_category",
        "probability",
        "owner_user_id",
    }
}
CONTRACT = {
    name: [
        column
        for column in table.columns
        if column not in table.optional or column in WRITTEN_OPTIONAL.get(name, set())
    ]
    for name, table in RAW_CONTRACT.items()
}
KEYS = {name: table.key for name, table in RAW_CONTRACT.items()}
# The Parquet type the generator writes for each logical type of the contract
PARQUET_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "decimal": pa.decimal128(18, 2),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
}
STRING_TIMESTAMPS = {
    ("telephony_calls", "started_at"),
    ("crm_leads", "created_at"),
    ("email_events", "occurred_at"),
}


@pytest.fixture(scope="module")
def parquet_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw_parquet")
    return out, generate(out, scale=SCALE, seed=42, fmt="parquet", loaded_at=ANCHOR)


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw_csv")
    return out, generate(out, scale=SCALE, seed=42, fmt="csv", loaded_at=ANCHOR)


@pytest.fixture(scope="module")
def db(parquet_run):
    out, _ = parquet_run
    con = duckdb.connect()
    for t in TABLES:
        con.execute(
            f"create view {t} as select * from read_parquet('{out / (t + '.parquet')}')"
        )
    return con


def one(con, sql):
    return con.execute(sql).fetchone()[0]


# ------------------------------------------------------------------------ contract
def test_every_table_written_with_contract_columns(parquet_run, csv_run):
    assert sorted(TABLES) == sorted(CONTRACT)
    for out, manifest in (parquet_run, csv_run):
        fmt = manifest["format"]
        for t, cols in CONTRACT.items():
            path = out / f"{t}.{fmt}"
            assert path.exists(), path
            if fmt == "parquet":
                names = pq.read_schema(path).names
            else:
                names = (
                    path.open(encoding="utf-8")
                    .readline()
                    .strip()
                    .replace('"', "")
                    .split(",")
                )
            assert names == cols + ["_loaded_at"], t
        assert (out / "_manifest.json").exists()


def test_manifest_counts_match_files(parquet_run, csv_run):
    for out, manifest in (parquet_run, csv_run):
        fmt = manifest["format"]
        for t in TABLES:
            path = out / f"{t}.{fmt}"
            reader = (
                f"read_parquet('{path}')"
                if fmt == "parquet"
                else f"read_csv('{path}', all_varchar=true)"
            )
            n = one(duckdb, f"select count(*) from {reader}")
            assert n == manifest["row_counts"][t], t
            assert n > 0
        on_disk = json.loads((out / "_manifest.json").read_text())
        assert on_disk["row_counts"] == manifest["row_counts"]
        assert on_disk["generator_version"] == 1 and on_disk["seed"] == 42
        assert set(on_disk["rates"]) == set(C.RATES)


def test_parquet_types(parquet_run):
    out, _ = parquet_run
    for t, cols in CONTRACT.items():
        schema = pq.read_schema(out / f"{t}.parquet")
        assert schema.field("_loaded_at").type == pa.timestamp("us")
        for col in cols:
            typ = schema.field(col).type
            expected = PARQUET_TYPES[RAW_CONTRACT[t].types[col]]
            if (t, col) in STRING_TIMESTAMPS:
                expected = pa.string()
            assert typ == expected, (t, col)


def test_csv_text_format(csv_run):
    out, _ = csv_run
    con = duckdb.connect()
    calls = con.execute(
        f"select * from read_csv('{out / 'telephony_calls.csv'}', "
        "all_varchar=true) limit 2000"
    ).fetchall()
    header = CONTRACT["telephony_calls"] + ["_loaded_at"]
    ended = header.index("ended_at")
    answered = header.index("answered_at")
    for row in calls:
        dt.datetime.strptime(row[ended], "%Y-%m-%d %H:%M:%S")
    assert any(row[answered] is None for row in calls)  # empty string = null
    first = (out / "crm_opportunities.csv").read_text(encoding="utf-8").splitlines()[1]
    assert ",," in first or first.count(",") >= len(CONTRACT["crm_opportunities"])


# ------------------------------------------------------------------------ determinism
def _files(out: Path, fmt: str) -> dict[str, bytes]:
    names = [f"{t}.{fmt}" for t in TABLES] + ["_manifest.json"]
    return {n: (out / n).read_bytes() for n in names}


def test_same_seed_and_anchor_is_byte_identical(parquet_run, tmp_path):
    out, _ = parquet_run
    generate(tmp_path, scale=SCALE, seed=42, fmt="parquet", loaded_at=ANCHOR)
    assert _files(out, "parquet") == _files(tmp_path, "parquet")


def test_anchor_only_moves_loaded_at(parquet_run, tmp_path):
    out, _ = parquet_run
    generate(
        tmp_path, scale=SCALE, seed=42, fmt="parquet", loaded_at="2026-12-01T06:00:00"
    )
    for t in ("crm_opportunities", "email_events"):
        a = pq.read_table(out / f"{t}.parquet")
        b = pq.read_table(tmp_path / f"{t}.parquet")
        assert a.drop_columns(["_loaded_at"]).equals(b.drop_columns(["_loaded_at"]))
        diff = {
            (y - x)
            for x, y in zip(a["_loaded_at"].to_pylist(), b["_loaded_at"].to_pylist())
        }
        assert diff == {dt.timedelta(days=30)}


def test_different_seed_differs(parquet_run, tmp_path):
    out, _ = parquet_run
    generate(tmp_path, scale=SCALE, seed=7, fmt="parquet", loaded_at=ANCHOR)
    a, b = _files(out, "parquet"), _files(tmp_path, "parquet")
    assert a["telephony_calls.parquet"] != b["telephony_calls.parquet"]
    assert a["crm_opportunities.parquet"] != b["crm_opportunities.parquet"]


def test_latest_loaded_at_equals_anchor(parquet_run, csv_run):
    for out, manifest in (parquet_run, csv_run):
        fmt = manifest["format"]
        opts = "" if fmt == "parquet" else ", all_varchar=true"
        reader = "read_parquet" if fmt == "parquet" else "read_csv"
        latest = max(
            one(
                duckdb,
                f"select max(cast(_loaded_at as timestamp)) from "
                f"{reader}('{out / (t + '.' + fmt)}'{opts})",
            )
            for t in TABLES
        )
        assert latest == dt.datetime.fromisoformat(ANCHOR)
        assert manifest["loaded_at_anchor"] == ANCHOR


# ------------------------------------------------------------------------ problems
def test_null_keys_in_every_table(db, parquet_run):
    _, manifest = parquet_run
    bad = manifest["injected"]["bad_rows"]
    for t, key in KEYS.items():
        n = one(db, f"select count(*) from {t} where {key} is null")
        assert n >= C.BAD_ROW_MIN, t
        listed = [b for b in bad if b["table"] == t and b["rule"] == "null_key"]
        assert len(listed) == n and all(b["key"] is None for b in listed)
        loaded = {b["loaded_at"] for b in listed}
        got = {
            str(r[0])
            for r in db.execute(
                f"select _loaded_at from {t} where {key} is null"
            ).fetchall()
        }
        assert got == loaded


def test_other_bad_rows(db, parquet_run):
    _, manifest = parquet_run
    bad = manifest["injected"]["bad_rows"]
    rules = {(b["table"], b["rule"], b["column"]) for b in bad}
    for t, col in STRING_TIMESTAMPS:
        assert (t, "unparseable_timestamp", col) in rules
        n = one(
            db,
            f"select count(*) from {t} where {col} is not null "
            f"and try_cast({col} as timestamp) is null",
        )
        assert n >= C.BAD_ROW_MIN, t
    for t, col in (
        ("crm_opportunities", "amount"),
        ("crm_opportunity_stage_history", "amount"),
        ("crm_opportunity_line_items", "total_price"),
    ):
        assert one(db, f"select count(*) from {t} where {col} < 0") >= C.BAD_ROW_MIN
    assert (
        one(
            db,
            "select count(*) from telephony_calls "
            "where ended_at < try_cast(started_at as timestamp)",
        )
        >= C.BAD_ROW_MIN
    )
    assert (
        one(
            db,
            "select count(*) from crm_meetings where scheduled_end < scheduled_start",
        )
        >= C.BAD_ROW_MIN
    )
    assert (
        one(db, "select count(*) from nps_responses where score not between 0 and 10")
        >= C.BAD_ROW_MIN
    )
    assert (
        one(db, "select count(*) from crm_leads where lead_score > 100")
        >= C.BAD_ROW_MIN
    )
    # bad rows carry fresh keys: never a version of another record
    for b in bad:
        if b["key"] is not None:
            n = one(
                db,
                f"select count(*) from {b['table']} where {KEYS[b['table']]} = "
                f"'{b['key']}'",
            )
            assert n == 1, b


def test_duplicate_versions(db, parquet_run):
    _, manifest = parquet_run
    dups = manifest["injected"]["duplicate_versions"]
    assert len(dups) >= 5
    for d in dups[:40]:
        key = KEYS[d["table"]]
        rows = db.execute(
            f"select updated_at from {d['table']} where {key} = '{d['key']}'"
        ).fetchall()
        assert len(rows) == d["versions"] >= 2
        assert str(max(r[0] for r in rows)) == d["winning_updated_at"]
        assert len({r[0] for r in rows}) == len(rows)  # different updated_at
    # about 2% of the records of versioned tables have older versions
    n_rec = one(db, "select count(distinct lead_id) from crm_leads")
    n_dup = one(
        db,
        "select count(*) from (select lead_id from crm_leads "
        "group by 1 having count(distinct updated_at) > 1)",
    )
    assert 0.01 < n_dup / n_rec < 0.06
    # tables without updated_at: ~1% re-delivered rows, same key, later _loaded_at
    n = one(db, "select count(*) from email_events")
    n_keys = one(db, "select count(distinct event_id) from email_events")
    assert 0.005 < (n - n_keys) / n < 0.02


def test_soft_deletes(db, parquet_run):
    _, manifest = parquet_run
    deleted = manifest["injected"]["soft_deleted"]
    tables = {d["table"] for d in deleted}
    assert tables == {
        "crm_accounts",
        "crm_contacts",
        "crm_leads",
        "crm_opportunities",
        "crm_opportunity_line_items",
    }
    for d in deleted[:60]:
        key = KEYS[d["table"]]
        latest = db.execute(
            f"select is_deleted from {d['table']} where {key} = '{d['key']}' "
            "order by updated_at desc, _loaded_at desc limit 1"
        ).fetchone()
        assert latest[0] is True
    share = one(db, "select avg(is_deleted::int) from crm_leads")
    assert 0.003 < share < 0.03


def test_messy_and_out_of_vocabulary_categoricals(db, parquet_run):
    _, manifest = parquet_run
    vocab = ", ".join(f"'{v}'" for v in C.CALL_DISPOSITIONS)
    total, messy, oov = db.execute(
        f"select count(*), count(*) filter (where disposition <> lower(trim(disposition))), "
        f"count(*) filter (where lower(trim(disposition)) not in ({vocab})) "
        f"from telephony_calls"
    ).fetchone()
    assert 0.03 < messy / total < 0.08
    assert 0 < oov / total < 0.005
    examples = manifest["injected"]["messy_categoricals"]
    assert any(e["expected_normalised"] == "other" for e in examples)
    for e in examples[:30]:
        n = one(
            db,
            f"select count(*) from {e['table']} where {e['column']} = ?".replace(
                "?", "'" + e["raw_value"].replace("'", "''") + "'"
            ),
        )
        assert n > 0, e
        if e["kind"] == "case_or_whitespace":
            assert e["raw_value"].strip().lower() == e["expected_normalised"]


def test_currencies_and_missing_fx(db, parquet_run):
    _, manifest = parquet_run
    for t in (
        "crm_opportunities",
        "crm_opportunity_stage_history",
        "crm_opportunity_line_items",
    ):
        assert one(db, f"select count(*) from {t} where currency = 'CHF'") > 0, t
    listed = {(m["table"], m["key"]) for m in manifest["injected"]["missing_fx"]}
    chf = {
        ("crm_opportunities", r[0])
        for r in db.execute(
            "select distinct opportunity_id from crm_opportunities where currency = 'CHF' "
            "and opportunity_id is not null"
        ).fetchall()
    }
    assert chf <= listed
    non_us_local = one(
        db,
        """
        select avg((currency <> 'USD')::int) from crm_opportunities o
        join (select distinct account_id, country from crm_accounts) a using (account_id)
        where a.country <> 'US' and currency <> 'CHF'""",
    )
    assert 0.55 < non_us_local < 0.85


def test_orphans(db, parquet_run):
    _, manifest = parquet_run
    share = one(
        db,
        "select avg((u.user_id is null)::int) from telephony_calls c left join "
        "(select distinct user_id from crm_users) u using (user_id)",
    )
    assert 0.002 < share < 0.01
    assert (
        one(
            db,
            "select count(*) from crm_opportunities o where not exists (select 1 "
            "from crm_accounts a where a.account_id = o.account_id)",
        )
        >= 1
    )
    assert (
        one(
            db,
            "select count(*) from crm_opportunity_stage_history h where not exists "
            "(select 1 from crm_opportunities o "
            "where o.opportunity_id = h.opportunity_id)",
        )
        >= C.ORPHAN_MIN_ROWS
    )
    assert (
        one(
            db,
            "select count(*) from email_events e where not exists (select 1 from "
            "email_messages m where m.message_id = e.message_id)",
        )
        >= C.ORPHAN_MIN_ROWS
    )
    for col, table, key in (
        ("contact_id", "crm_contacts", "contact_id"),
        ("lead_id", "crm_leads", "lead_id"),
        ("opportunity_id", "crm_opportunities", "opportunity_id"),
    ):
        assert (
            one(
                db,
                f"select count(*) from crm_meetings m where m.{col} is not null and "
                f"not exists (select 1 from {table} x where x.{key} = m.{col})",
            )
            >= C.ORPHAN_MIN_ROWS
        )
    tables = {o["table"] for o in manifest["injected"]["orphans"]}
    assert {
        "telephony_calls",
        "telephony_sms",
        "email_messages",
        "crm_opportunities",
        "crm_meetings",
        "crm_opportunity_stage_history",
        "email_events",
    } <= tables


def test_events_arrive_before_their_message_and_late(db, parquet_run):
    _, manifest = parquet_run
    share = one(
        db,
        """
        select avg((e._loaded_at < m.loaded)::int) from email_events e
        join (select message_id, min(_loaded_at) loaded from email_messages group by 1) m
        using (message_id)""",
    )
    assert 0.01 < share < 0.04
    assert 0.01 < manifest["injected"]["events_before_message_share"] < 0.04


# ------------------------------------------------------------------------ realism
def test_current_opportunity_matches_last_stage_history(db):
    mismatches = one(
        db,
        """
        with o as (
            select * from crm_opportunities where opportunity_id is not null
            qualify row_number() over (partition by opportunity_id
                                       order by updated_at desc, _loaded_at desc) = 1),
        h as (
            select opportunity_id, arg_max(lower(trim(stage_name)), changed_at) as stage,
                   arg_max(amount, changed_at) as amount, min(changed_at) as first_at
            from crm_opportunity_stage_history where history_id is not null and amount >= 0
            group by 1)
        select count(*) from o join h using (opportunity_id)
        where lower(trim(o.stage_name)) <> h.stage or o.amount <> h.amount
           or o.created_at <> h.first_at""",
    )
    assert mismatches == 0


def test_converted_leads_point_to_later_opportunities(db):
    n, bad = db.execute("""
        with l as (
            select * from crm_leads where lead_id is not null
            qualify row_number() over (partition by lead_id
                                       order by updated_at desc, _loaded_at desc) = 1),
        conv as (
            select lead_id, max(changed_at) as converted_at from crm_lead_status_history
            where lower(trim(status)) = 'converted' group by 1)
        select count(*), count(*) filter (where o.created_at < conv.converted_at
                                          or o.opportunity_id is null)
        from l join conv using (lead_id)
        left join (select distinct opportunity_id, created_at from crm_opportunities) o
            on o.opportunity_id = l.converted_opportunity_id
        where l.converted_opportunity_id is not null""").fetchone()
    assert n > 50 and bad == 0


def test_kpi_signal(db):
    # channels convert differently
    rates = dict(
        db.execute("""
        select lower(trim(lead_source)), avg((converted_opportunity_id is not null)::int)
        from crm_leads group by 1""").fetchall()
    )
    assert rates["referral"] > rates["web"] > rates["outbound prospecting"]
    # answered_at is exactly what "connected" means
    assert (
        one(
            db,
            """select count(*) from telephony_calls where call_id is not null and
        (answered_at is not null) <> (lower(trim(disposition))
                                      in ('connected', 'meeting_booked'))""",
        )
        == 0
    )
    # e-mail rates
    sent = one(
        db,
        "select count(distinct message_id) from email_messages "
        "where lower(trim(direction)) = 'outbound'",
    )
    for event, lo, hi in (
        ("delivered", 0.9, 0.99),
        ("opened", 0.35, 0.55),
        ("replied", 0.03, 0.1),
        ("bounced", 0.01, 0.06),
    ):
        n = one(
            db,
            f"select count(distinct message_id) from email_events "
            f"where lower(trim(event_type)) = '{event}'",
        )
        assert lo < n / sent < hi, event
    # won and lost deals, lost to competitors, open deals stuck for 60+ days
    assert (
        one(
            db,
            "select count(*) from crm_opportunities where competitor_name is not null",
        )
        > 0
    )
    assert one(db, "select count(*) from crm_opportunities where not is_closed") > 0
    # goals exist past the end date (current quarter)
    assert one(db, "select max(period_end) from sales_goals") > dt.date(2026, 10, 31)


# ------------------------------------------------------------------------ CLI
def test_cli(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sales_warehouse.generator",
            "--scale",
            "0.05",
            "--seed",
            "3",
            "--format",
            "csv",
            "--out",
            str(tmp_path),
            "--loaded-at",
            "2026-11-02T00:00:00Z",
            "--start-date",
            "2025-01-01",
            "--end-date",
            "2025-12-31",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "telephony_calls" in proc.stdout
    manifest = json.loads((tmp_path / "_manifest.json").read_text())
    assert manifest["start_date"] == "2025-01-01" and manifest["scale"] == 0.05
    for t in TABLES:
        assert (tmp_path / f"{t}.csv").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "sales_warehouse.generator", "--format", "xml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
