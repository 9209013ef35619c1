"""SEQUENCE only rises on a real Radicale server: publish, delay, undo, redo, and another client's edit.

Calendar apps ignore an update whose SEQUENCE is not higher than the copy they hold, so a moved dose whose
number went down (undoing a delay: 7, then 0) could stay where it was on a phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from radicale_server import Server, radicale
from test_publish import LATER, OPTIONS, calendar_of, publish, raw, read_back, start_of, target, timed

from il2sched.export.ics import event_uid

pytestmark = pytest.mark.slow  # a real Radicale server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


def sequences_of(server: Server, name: str) -> dict[str, tuple[int, dt.date]]:
    """UID -> (SEQUENCE, start date) of every object in the calendar."""
    out = {}
    for uid, cal in read_back(server, name).items():
        (event,) = cal.walk("VEVENT")
        out[uid] = (int(event.get("SEQUENCE", 0)), start_of(cal).date())
    return out


def test_sequence_never_decreases_across_publish_delay_undo_and_redo(server: Server) -> None:
    where = target(server, "Ward SEQ")
    steps = [timed(), timed(delays={3: 1}), timed(), timed(delays={3: 1}), timed(delays={3: 2}), timed()]
    history: list[dict[str, tuple[int, dt.date]]] = []
    for number, sched in enumerate(steps):
        publish([sched], LATER if number % 2 else OPTIONS, where)
        now = sequences_of(server, "Ward SEQ")
        wanted = {event_uid(sched, a): a.date for a in sched.given}
        assert {uid: day for uid, (_, day) in now.items()} == wanted
        if history:
            before = history[-1]
            for uid, (sequence, day) in now.items():
                assert sequence >= before[uid][0], (number, uid)
                if day != before[uid][1]:
                    assert sequence > before[uid][0], (number, uid)  # moved: strictly higher
        history.append(now)
    later = [uid for uid in history[0] if history[1][uid][1] != history[0][uid][1]]
    assert len(later) == 10
    # Delay (7), undo (8: not 0, which clients would ignore), redo (9), a week more (14), undo (15).
    assert [history[i][later[0]][0] for i in range(6)] == [0, 7, 8, 9, 14, 15]


def test_an_update_goes_above_a_sequence_another_client_raised(server: Server) -> None:
    where = target(server, "Ward SEQ2")
    publish([timed()], OPTIONS, where)
    delayed = timed(delays={3: 1})
    moved = event_uid(delayed, next(a for a in delayed.given if a.cycle == 3))
    resource = next(r for r in calendar_of(server, "Ward SEQ2").events() if moved in str(r.data))
    # A calendar app touched the event: its SEQUENCE is now 12, above the 7 the delay alone would give.
    resource.data = str(resource.data).replace("SEQUENCE:0", "SEQUENCE:12")
    resource.save(increase_seqno=False)
    report = publish([delayed], LATER, where)
    assert report.counts() == {"create": 0, "update": 10, "delete": 0, "unchanged": 10}
    after = sequences_of(server, "Ward SEQ2")
    assert after[moved][0] == 13
    assert {seq for uid, (seq, _) in after.items() if uid != moved} == {0, 7}


def test_republishing_after_an_update_leaves_the_raised_sequence_alone(server: Server) -> None:
    where = target(server, "Ward SEQ3")
    publish([timed()], OPTIONS, where)
    publish([timed(delays={2: 1})], OPTIONS, where)
    publish([timed()], OPTIONS, where)
    before = raw(server, "Ward SEQ3")
    report = publish([timed()], LATER, where)
    assert report.counts()["unchanged"] == 20 and raw(server, "Ward SEQ3") == before
