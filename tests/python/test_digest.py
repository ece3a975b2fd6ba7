"""The daily digest (sales_warehouse.digest, `make digest`): every rep's and manager's
digest is written as Markdown and HTML and, with DIGEST_SMTP_HOST set, arrives at an
SMTP server: a local aiosmtpd server this test starts on a free port, never a real one.
"""

from __future__ import annotations

import email
import socket

import duckdb
import pytest
from aiosmtpd.controller import Controller

from sales_warehouse import digest
from sales_warehouse.digest.__main__ import main


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], email.message.Message]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def busiest_rep(warehouse) -> tuple[str, str, list[str]]:
    """The active rep with the most work items: id, email, record ids by priority."""
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        rep_id, address = con.execute("""
            select items.rep_id, reps.email
            from marts.fct_rep_work_items as items
            inner join marts.dim_reps as reps on items.rep_id = reps.rep_id
            where reps.is_active and reps.email is not null
            group by all
            order by count(*) desc, 1
            limit 1
        """).fetchone()
        records = [
            record
            for (record,) in con.execute(
                """
                select record_id from marts.fct_rep_work_items
                where rep_id = ?
                order by priority, age_days desc, record_id
                limit 3
            """,
                [rep_id],
            ).fetchall()
        ]
    return rep_id, address, records


def test_digests_are_written_for_every_rep_and_manager(demo_warehouse, tmp_path):
    digests = digest.load(demo_warehouse.db_path)
    kinds = {d.kind for d in digests}
    assert kinds == {"rep", "manager"}
    written = digest.write(digests, tmp_path)
    assert len(written) == 2 * len(digests)
    rep_id, _, records = busiest_rep(demo_warehouse)
    markdown = (tmp_path / f"rep_{rep_id}.md").read_text()
    html = (tmp_path / f"rep_{rep_id}.html").read_text()
    for record in records:  # the top of the list, in both formats
        assert record in markdown and record in html
    manager = next(d for d in digests if d.kind == "manager" and d.items)
    assert {row[0] for row in manager.items} <= set(manager.members)
    assert manager.rep_id not in manager.members


def test_digest_arrives_at_the_local_smtp_server(
    demo_warehouse, smtp_server, tmp_path, monkeypatch
):
    controller, inbox = smtp_server
    monkeypatch.setenv("DIGEST_SMTP_HOST", controller.hostname)
    monkeypatch.setenv("DIGEST_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("DIGEST_FROM", "digest@example.test")
    out = tmp_path / "digests"
    assert main(["--duckdb-path", str(demo_warehouse.db_path), "--out", str(out)]) == 0
    assert inbox.messages, "no digest arrived"
    rep_id, address, records = busiest_rep(demo_warehouse)
    received = [m for to, m in inbox.messages if to == [address]]
    assert received, f"no digest for {address}"
    message = received[0]
    assert message["From"] == "digest@example.test"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html"} <= parts.keys()
    body = parts["text/plain"].get_payload(decode=True).decode()
    for record in records:
        assert record in body
    assert len(list(out.glob("*.md"))) == len(list(out.glob("*.html"))) > 0
