"""A hundred `kill -9` under load against one quota: usage and leases survive the process (the
counter file and its journal), so the quota is never exceeded, the gateway admits all of it, and
GetUsage reports exactly what the gateway admitted.

What the gateway admitted and what the client saw differ only by requests whose answer the kill cut
off (counted, as AWS counts a request that reached its integration, but never answered): at most
one per connection per kill, and each is one the client saw fail."""

from __future__ import annotations

import threading
import time

from test_quotas import QuotaHammer, keyed_setup, settle, usage_values

CYCLES = 100
QUOTA = 40_000
CONNECTIONS = 4


def test_hundred_kill9_cycles_lose_no_usage_and_never_exceed_the_quota(fresh_server):
    client = fresh_server.client()
    api, key, plan = keyed_setup(client, limit=QUOTA)
    settle(fresh_server)
    hammer = QuotaHammer(fresh_server, api, key["value"], requests=QUOTA)
    per_cycle = QUOTA // (CYCLES + 10)
    started = time.monotonic()
    for cycle in range(CYCLES):
        target = hammer.admitted + per_cycle
        stop = threading.Event()
        threads = [threading.Thread(target=hammer.run, args=(stop, 50)) for _ in range(CONNECTIONS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while hammer.admitted < target and time.monotonic() < deadline and any(t.is_alive() for t in threads):
            time.sleep(0.002)
        fresh_server.kill9()  # mid-flight: the threads are still calling
        stop.set()
        for t in threads:
            t.join(timeout=30)
        assert hammer.admitted <= QUOTA, f"cycle {cycle}: over the quota"
        fresh_server.restart(graceful=False)

    # After the last restart: use up the quota.
    threads = [threading.Thread(target=hammer.run, args=(threading.Event(), 20)) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    total, cut_off = hammer.admitted, hammer.cut_off
    used, remaining = usage_values(client, plan["id"], key["id"])[0]
    print(f"\n{CYCLES} kill -9 cycles in {time.monotonic() - started:.0f} s: {total} answered 200 of {QUOTA}, "
          f"{cut_off} cut off by a kill; GetUsage used {used}, remaining {remaining}")
    assert total <= QUOTA and used <= QUOTA, f"over-admitted: {total} answered, {used} used of {QUOTA}"
    # The gateway admitted the whole quota and counted every request: no count lost, no lease stranded.
    assert used == QUOTA and remaining == 0, f"{QUOTA - used} of {QUOTA} unaccounted"
    # The client saw every admitted request answered but those the kills cut off.
    assert total <= used <= total + min(cut_off, CONNECTIONS * CYCLES)
    assert total >= QUOTA * 0.999, f"only {total} of {QUOTA} answered"
