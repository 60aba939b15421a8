"""The windowed counter: counts, windows that end, no lost or doubled count under threads (locmem, Redis)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from vikarieportalen.core import ratelimit
from vikarieportalen.core.ratelimit import (
    client_identity,
    hashed_key,
    window_clear,
    window_count,
    window_ends_at,
    window_hit,
    window_number,
    window_release,
    window_reserve,
    window_used,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
START = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "core-ratelimit-tests"}


@pytest.fixture
def locmem() -> Iterator[None]:
    with override_settings(CACHES={"default": LOCMEM}):
        cache.clear()
        yield


@pytest.fixture
def redis() -> Iterator[None]:
    if not REDIS_URL:
        pytest.skip("REDIS_URL not set")
    prefix = f"vp-test-core-ratelimit-{uuid.uuid4().hex[:12]}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": backend}):
        yield
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def test_each_hit_returns_the_count_so_far(locmem: None) -> None:
    assert window_count("k") == 0
    assert [window_hit("k", window_seconds=60) for _ in range(3)] == [1, 2, 3]
    assert window_count("k") == 3


def test_keys_count_apart(locmem: None) -> None:
    window_hit("a", window_seconds=60)
    assert window_hit("b", window_seconds=60) == 1


def test_the_window_ends_its_seconds_after_the_first_hit(locmem: None) -> None:
    with time_machine.travel(START, tick=False) as clock:
        window_hit("k", window_seconds=60)
        clock.shift(dt.timedelta(seconds=59))
        assert window_hit("k", window_seconds=60) == 2  # a later hit does not extend the window
        clock.shift(dt.timedelta(seconds=2))
        assert window_count("k") == 0
        assert window_hit("k", window_seconds=60) == 1


def test_a_counter_left_without_a_timeout_gets_one(locmem: None) -> None:
    # What Redis leaves when the key expires between Django's exists check and INCR: INCR makes
    # a new key at 1 that would never expire, and the limit would refuse for ever.
    cache.set("k", 0, timeout=None)
    with time_machine.travel(START, tick=False) as clock:
        assert window_hit("k", window_seconds=60) == 1
        clock.shift(dt.timedelta(seconds=61))
        assert window_count("k") == 0


class _Yielding:
    """The cache, but every call gives the other threads a turn afterwards (sleep frees the GIL).

    So a counter built from two cache calls that are not atomic together (get, then set) loses
    counts every time here, not only when the scheduler happens to switch between them.
    """

    def __init__(self, real: object) -> None:
        self._real = real

    def __getattr__(self, name: str) -> object:
        method = getattr(self._real, name)

        def call(*args: object, **kwargs: object) -> object:
            try:
                return method(*args, **kwargs)
            finally:
                time.sleep(0.0005)

        return call


def _hammer(monkeypatch: pytest.MonkeyPatch, *, threads: int, hits: int) -> list[int]:
    monkeypatch.setattr(ratelimit, "cache", _Yielding(cache))
    counts: list[int] = []
    lock = threading.Lock()
    ready = threading.Barrier(threads)

    def work() -> None:
        ready.wait()
        mine = [ratelimit.window_hit("shared", window_seconds=60) for _ in range(hits)]
        with lock:
            counts.extend(mine)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counts


def test_threads_neither_lose_nor_share_a_count_on_locmem(
    locmem: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _hammer(monkeypatch, threads=8, hits=25)
    assert sorted(counts) == list(range(1, 201))  # each count handed out exactly once
    assert window_count("shared") == 200


def test_threads_neither_lose_nor_share_a_count_on_redis(
    redis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _hammer(monkeypatch, threads=8, hits=25)
    assert sorted(counts) == list(range(1, 201))
    assert window_count("shared") == 200
    ttl = cache._cache.get_client(write=False).ttl(cache.make_and_validate_key("shared"))  # type: ignore[attr-defined]
    assert 0 < ttl <= 60


def test_fixed_windows_are_numbered_from_the_epoch() -> None:
    assert window_number(0, window_seconds=600) == 0
    assert window_number(599.9, window_seconds=600) == 0
    assert window_number(600, window_seconds=600) == 1


def test_a_hashed_key_names_nothing_it_was_made_from() -> None:
    key = hashed_key("limit", "192.0.2.10", 7, salt="tests")
    assert key.startswith("limit:") and len(key) == len("limit:") + 32
    assert "192.0.2.10" not in key
    assert key == hashed_key("limit", "192.0.2.10", 7, salt="tests")
    assert key != hashed_key("limit", "192.0.2.10", 8, salt="tests")
    assert key != hashed_key("limit", "192.0.2.10", 7, salt="elsewhere")


@pytest.mark.parametrize(
    ("address", "identity"),
    [
        ("192.0.2.10", "192.0.2.10"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # the same household
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_client_identity(address: str, identity: str) -> None:
    assert client_identity(RequestFactory().get("/", REMOTE_ADDR=address)) == identity


def test_client_identity_prefers_the_address_the_middleware_found() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.99.0.1")  # a proxy
    request.client_ip = "192.0.2.10"  # type: ignore[attr-defined]
    assert client_identity(request) == "192.0.2.10"


# Reservations in clock windows ----------------------------------------------------------------

QUARTER = 15 * 60


def test_a_reservation_past_the_limit_is_refused_until_the_clock_window_ends(locmem: None) -> None:
    now = START.timestamp() + 7 * 60  # 12:07 UTC: the window is 12:00–12:15
    results = [window_reserve("r", limit=3, window_seconds=QUARTER, now=now) for _ in range(5)]
    assert [result.allowed for result in results] == [True, True, True, False, False]
    assert [result.count for result in results] == [1, 2, 3, 4, 5]
    assert results[3].retry_at == START.timestamp() + QUARTER
    assert window_used("r", window_seconds=QUARTER, now=now) == 5
    later = START.timestamp() + QUARTER
    assert window_reserve("r", limit=3, window_seconds=QUARTER, now=later).allowed


def test_a_released_reservation_frees_its_place_and_clear_forgets_the_window(locmem: None) -> None:
    now = START.timestamp()
    window_reserve("r", limit=1, window_seconds=QUARTER, now=now)
    window_release("r", window_seconds=QUARTER, now=now)
    assert window_reserve("r", limit=1, window_seconds=QUARTER, now=now).allowed
    window_clear("r", window_seconds=QUARTER, now=now)
    assert window_used("r", window_seconds=QUARTER, now=now) == 0
    window_release("r", window_seconds=QUARTER, now=now)  # nothing to give back: no error, no negative
    assert window_used("r", window_seconds=QUARTER, now=now) == 0


def test_a_clock_window_ends_on_the_quarter_hour() -> None:
    assert window_ends_at(START.timestamp() + 1, window_seconds=QUARTER) == START.timestamp() + QUARTER


def _reserve_in_threads(*, threads: int, limit: int) -> list[bool]:
    barrier = threading.Barrier(threads)
    allowed: list[bool] = []
    lock = threading.Lock()
    now = START.timestamp()

    def work() -> None:
        barrier.wait()
        result = window_reserve("race", limit=limit, window_seconds=QUARTER, now=now).allowed
        with lock:
            allowed.append(result)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return allowed


def test_forty_threads_at_once_get_exactly_the_limit_on_locmem(locmem: None) -> None:
    assert sum(_reserve_in_threads(threads=40, limit=5)) == 5


def test_forty_threads_at_once_get_exactly_the_limit_on_redis(redis: None) -> None:
    assert sum(_reserve_in_threads(threads=40, limit=5)) == 5
