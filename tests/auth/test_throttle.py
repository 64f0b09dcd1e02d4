"""The sign-in throttle alone: counting in a window, back-off, bounded memory, thread safety."""

from __future__ import annotations

import threading

from greenbridge.auth.throttle import SignInThrottle


def test_blocks_after_the_failures_and_frees_after_the_back_off() -> None:
    now = [0.0]
    throttle = SignInThrottle(max_failures=3, window=10, backoff=30, clock=lambda: now[0])
    for _ in range(2):
        throttle.failed("ana", "1.2.3.4")
    assert throttle.retry_after("ana", "1.2.3.4") is None
    throttle.failed("ana", "1.2.3.4")
    assert throttle.retry_after("ana", None) == 30
    assert throttle.retry_after("someone", "1.2.3.4") == 30
    assert throttle.retry_after("someone", "5.6.7.8") is None
    now[0] = 29.5
    assert throttle.retry_after("ana", None) == 1
    now[0] = 30.0
    assert throttle.retry_after("ana", "1.2.3.4") is None


def test_success_forgets_the_name_but_not_the_address() -> None:
    throttle = SignInThrottle(max_failures=3, clock=lambda: 0.0)
    throttle.failed("ana", "1.2.3.4")
    throttle.failed("ana", "1.2.3.4")
    throttle.succeeded("ana")
    throttle.failed("ana", "5.6.7.8")
    assert throttle.retry_after("ana", "5.6.7.8") is None
    throttle.failed("bo", "1.2.3.4")
    assert throttle.retry_after("carl", "1.2.3.4") == throttle.backoff


def test_memory_is_bounded() -> None:
    throttle = SignInThrottle(max_keys=100, clock=lambda: 0.0)
    for number in range(5000):
        throttle.failed(f"user{number}", f"10.0.{number // 250}.{number % 250}")
    assert len(throttle._keys) <= 100


def test_concurrent_failures_are_all_counted() -> None:
    throttle = SignInThrottle(max_failures=400, window=1e9, clock=lambda: 0.0)
    start = threading.Barrier(8)

    def fail() -> None:
        start.wait()
        for _ in range(50):
            throttle.failed("ana", None)

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.retry_after("ana", None) == throttle.backoff  # the 400th blocked it
