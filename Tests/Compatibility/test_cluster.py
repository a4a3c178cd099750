"""Several nodes on one PostgreSQL database acting as one gateway: admin calls on one node, traffic
on the other; one quota shared exactly; PostgreSQL stopped mid-load and started again."""

from __future__ import annotations

import base64
import http.client
import os
import signal
import threading
import time

import pytest

from test_quotas import Invoker, keyed_setup, today, usage_values
from turnpike_cluster import Database, PrivateCluster
from turnpike_harness import cluster_mode, make_deployed_api, unique

pytestmark = pytest.mark.skipif(cluster_mode(), reason="these tests start their own nodes")

DATA_KEY = base64.b64encode(os.urandom(32)).decode()


def start_nodes(server_factory, url: str, count: int = 2):
    """`count` nodes on one database, sharing one data key (API key values are sealed with it)."""
    return [server_factory(extra_args=("--database", url), extra_env={"TURNPIKE_DATA_KEY": DATA_KEY})
            for _ in range(count)]


@pytest.fixture
def database():
    db = Database()
    yield db
    db.drop()


@pytest.fixture
def two_nodes(server_factory, database):
    nodes = start_nodes(server_factory, database.url)
    yield nodes
    for node in nodes:
        node.stop()


def wait_for_status(invoker: Invoker, wanted: int, limit: float = 5.0) -> float:
    """Calls until the answer is `wanted`; returns the seconds it took (fails after `limit`)."""
    started = time.monotonic()
    status = None
    while time.monotonic() - started < limit:
        status = invoker.call()[0]
        if status == wanted:
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"still {status} after {limit}s, wanted {wanted}")


def test_admin_on_one_node_traffic_on_the_other(two_nodes):
    node_a, node_b = two_nodes
    admin = node_a.client()
    api, key, plan = keyed_setup(admin, limit=1000)
    invoker = Invoker(node_b, api, key["value"])
    # Every call made on node A is visible on node B's data plane within a second.
    assert wait_for_status(invoker, 200) < 1.0
    admin.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert wait_for_status(invoker, 403) < 1.0
    admin.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "true"}])
    assert wait_for_status(invoker, 200) < 1.0
    # A new deployment on A changes B's routes.
    admin.delete_method(restApiId=api.api_id, resourceId=api.pets_id, httpMethod="GET")
    admin.create_deployment(restApiId=api.api_id, stageName=api.stage)
    assert wait_for_status(invoker, 403) < 1.0
    invoker.close()
    # Node B's admin API reads what node A wrote, and writes on top of it.
    admin_b = node_b.client()
    assert admin_b.get_usage_plan(usagePlanId=plan["id"])["name"] == plan["name"]
    admin_b.update_usage_plan(usagePlanId=plan["id"],
                              patchOperations=[{"op": "replace", "path": "/description", "value": "from B"}])
    deadline = time.monotonic() + 1.0
    while admin.get_usage_plan(usagePlanId=plan["id"]).get("description") != "from B":
        assert time.monotonic() < deadline, "node A did not see node B's change within a second"
        time.sleep(0.05)


def test_two_nodes_never_admit_more_than_one_quota(two_nodes):
    """Two nodes hammer one key's quota at once: together they admit between 90% and 100% of it."""
    node_a, node_b = two_nodes
    quota = 2000
    admin = node_a.client()
    api, key, plan = keyed_setup(admin, limit=quota)
    for node in two_nodes:
        wait_for_status(Invoker(node, api, key["value"]), 200)   # both nodes know the key (uses 2 of the quota)
    admitted = [2]
    lock = threading.Lock()

    def hammer(node):
        invoker = Invoker(node, api, key["value"])
        refused = 0
        for _ in range(10_000):
            status = invoker.call()[0]
            if status == 200:
                refused = 0
                with lock:
                    admitted[0] += 1
            else:
                assert status == 429, status
                refused += 1
                if refused >= 30:
                    break
        invoker.close()

    threads = [threading.Thread(target=hammer, args=(node,)) for node in (node_a, node_b) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    print(f"\ntwo nodes, one quota of {quota}: {admitted[0]} admitted")
    assert 0.9 * quota <= admitted[0] <= quota
    used = usage_values(admin, plan["id"], key["id"])
    assert used[0][0] == admitted[0]


def test_a_grant_on_one_node_applies_on_the_other_at_once(two_nodes):
    node_a, node_b = two_nodes
    admin = node_a.client()
    api, key, plan = keyed_setup(admin, limit=100_000)
    traffic = Invoker(node_b, api, key["value"])
    wait_for_status(traffic, 200)
    assert traffic.statuses(50) == [200] * 50   # node B now holds a lease
    admin.update_usage(usagePlanId=plan["id"], keyId=key["id"],
                       patchOperations=[{"op": "replace", "path": "/remaining", "value": "0"}])
    # B voids its lease (tens of requests) as soon as the grant's notification arrives, without
    # spending it first.
    time.sleep(0.3)
    assert traffic.statuses(20) == [429] * 20
    admin.update_usage(usagePlanId=plan["id"], keyId=key["id"],
                       patchOperations=[{"op": "replace", "path": "/remaining", "value": "5"}])
    assert wait_for_status(traffic, 200, limit=1.0) < 1.0
    assert traffic.statuses(5) == [200, 200, 200, 200, 429]
    traffic.close()


def test_postgres_outage_and_recovery(server_factory):
    """PostgreSQL stops mid-load: the node keeps serving from its snapshot, quota-limited keys run on
    their leases then fail closed (503, promptly), keys without a quota keep flowing, admin calls
    answer 503; when PostgreSQL is back the node resumes by itself."""
    cluster = PrivateCluster()
    cluster.start()
    try:
        node = start_nodes(server_factory, cluster.url, count=1)[0]
        admin = node.client()
        # Leases of 100 (a thousandth of what remains), spent within the outage.
        api, quota_key, _ = keyed_setup(admin, limit=100_000)
        free_key = admin.create_api_key(name=unique("free"), enabled=True)
        free_plan = admin.create_usage_plan(name=unique("free"), apiStages=[{"apiId": api.api_id, "stage": api.stage}])
        admin.create_usage_plan_key(usagePlanId=free_plan["id"], keyId=free_key["id"], keyType="API_KEY")
        limited, free = Invoker(node, api, quota_key["value"]), Invoker(node, api, free_key["value"])
        wait_for_status(limited, 200)
        wait_for_status(free, 200)

        cluster.stop("immediate")
        outage = {"limited": [], "free": []}
        ended = time.monotonic() + 6
        while time.monotonic() < ended:
            for name, invoker in (("limited", limited), ("free", free)):
                started = time.monotonic()
                status = invoker.call()[0]
                outage[name].append((status, time.monotonic() - started))
        assert {s for s, _ in outage["free"]} == {200}, "keys without a quota need no store"
        assert {s for s, _ in outage["limited"]} <= {200, 503}
        assert outage["limited"][-1][0] == 503, "quota-limited keys fail closed once their leases are spent"
        slowest = max(t for _, t in outage["limited"] + outage["free"])
        assert slowest < 4.0, f"a caller waited {slowest:.1f}s"
        started = time.monotonic()
        with pytest.raises(Exception) as refused:
            admin.create_api_key(name=unique("during-outage"))
        assert "ServiceUnavailable" in str(refused.value) or "503" in str(refused.value)
        assert time.monotonic() - started < 15

        cluster.start()
        recovered = wait_for_status(limited, 200, limit=30)
        print(f"\noutage: {len(outage['limited'])} limited calls ({sum(1 for s, _ in outage['limited'] if s == 200)} "
              f"on leases), slowest answer {slowest:.2f}s; recovered {recovered:.1f}s after PostgreSQL restarted")
        deadline = time.monotonic() + 30
        while True:
            try:
                admin.create_api_key(name=unique("after-outage"))
                break
            except Exception:
                assert time.monotonic() < deadline, "admin calls did not recover"
                time.sleep(0.5)
        limited.close()
        free.close()
        node.stop()
    finally:
        cluster.remove()


RATE, BURST = 20, 20


def throttled_key(node_a):
    """A key in a plan of RATE/s, burst BURST, made through node A."""
    admin = node_a.client()
    api, key, plan = keyed_setup(admin, limit=10**9)
    admin.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": "/throttle/rateLimit", "value": str(RATE)},
        {"op": "replace", "path": "/throttle/burstLimit", "value": str(BURST)},
    ])
    return api, key["value"]


def steady(invokers, seconds: float = 3.0, per_node: float = 4.0):
    """Light traffic on every invoker (well under the limit), so each node has reported demand for the
    key in its heartbeats (every second) and enforces its share of it when this returns."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        for invoker in invokers:
            assert invoker.call()[0] == 200
        time.sleep(1 / per_node)


def hammer(rounds, duration: float = 3.0):
    """Each element of `rounds` is a list of invokers one thread calls in turn, as fast as it can, for
    `duration` seconds. Returns the requests admitted per thread and the seconds it took."""
    admitted = [0] * len(rounds)
    started = time.monotonic()

    def run(index, invokers):
        while time.monotonic() - started < duration:
            for invoker in invokers:
                status = invoker.call()[0]
                assert status in (200, 429), status
                admitted[index] += status == 200

    threads = [threading.Thread(target=run, args=(i, invokers)) for i, invokers in enumerate(rounds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return admitted, time.monotonic() - started


def test_throttles_hold_cluster_wide(two_nodes):
    """A per-key throttle of 20/s (burst 20) on two nodes with the key's traffic spread evenly (one
    client per node): each node's share follows its half of the demand, and the cluster admits the
    configured rate within 10%."""
    api, key = throttled_key(two_nodes[0])
    invokers = [Invoker(node, api, key) for node in two_nodes]
    for invoker in invokers:
        wait_for_status(invoker, 200)
    steady(invokers)
    admitted, elapsed = hammer([[invoker] for invoker in invokers])
    expected = BURST + RATE * elapsed
    print(f"\ncluster throttle {RATE}/s burst {BURST} over {elapsed:.2f}s on two nodes: {admitted} admitted, "
          f"{sum(admitted)} in all (configured: {expected:.0f})")
    assert 0.9 * expected <= sum(admitted) <= 1.1 * expected


def test_traffic_alternating_nodes_holds_the_total(two_nodes):
    """One client alternating between the nodes (a round-robin balancer): the total holds."""
    api, key = throttled_key(two_nodes[0])
    invokers = [Invoker(node, api, key) for node in two_nodes]
    for invoker in invokers:
        wait_for_status(invoker, 200)
    steady(invokers)
    (admitted,), elapsed = hammer([invokers])
    expected = BURST + RATE * elapsed
    print(f"\nalternating nodes, {RATE}/s burst {BURST} over {elapsed:.2f}s: {admitted} admitted (configured: {expected:.0f})")
    assert 0.9 * expected <= admitted <= 1.1 * expected


def test_all_of_a_keys_traffic_on_one_node_gets_the_whole_limit(two_nodes):
    """Sticky balancing: every request of the key goes to node B (admin calls on A). B enforces the
    configured burst and rate within 10%, not half of them."""
    api, key = throttled_key(two_nodes[0])
    invoker = Invoker(two_nodes[1], api, key)
    wait_for_status(invoker, 200)
    steady([invoker])
    burst = invoker.statuses(BURST + 10).count(200)
    time.sleep(BURST / RATE)   # the bucket refills
    (admitted,), elapsed = hammer([[invoker]])
    expected = BURST + RATE * elapsed
    print(f"\none node, {RATE}/s burst {BURST}: burst {burst}; {admitted} admitted over {elapsed:.2f}s "
          f"(configured: {expected:.0f})")
    assert 0.9 * BURST <= burst <= 1.1 * BURST
    assert 0.9 * expected <= admitted <= 1.1 * expected


def test_a_node_that_leaves_hands_its_share_back(two_nodes):
    """Traffic spread over both nodes, then node A stops while node B's traffic goes on: B serves
    it throughout, and within two heartbeats of A's leaving enforces the whole limit (A leaves the
    registry as it stops; a bucket no live node reports is whole)."""
    api, key = throttled_key(two_nodes[0])
    invokers = [Invoker(node, api, key) for node in two_nodes]
    for invoker in invokers:
        wait_for_status(invoker, 200)
    steady(invokers)
    invokers[0].close()
    stopping = threading.Thread(target=two_nodes[0].stop)   # SIGTERM, then A drains and leaves
    stopping.start()
    while stopping.is_alive():
        steady(invokers[1:], seconds=0.25)
    stopping.join()
    stopped = time.monotonic()
    steady(invokers[1:], seconds=2.0)   # two heartbeats
    (admitted,), elapsed = hammer([invokers[1:]])
    expected = BURST + RATE * elapsed
    print(f"\nafter node A stopped ({time.monotonic() - stopped:.1f}s ago), node B alone: {admitted} admitted "
          f"over {elapsed:.2f}s (configured: {expected:.0f})")
    assert 0.9 * expected <= admitted <= 1.1 * expected


def test_a_node_with_another_data_key_refuses_to_start(server_factory, database):
    """The store's key check value refuses a node started with another data key: it exits with a
    sentence saying so, instead of answering 403 to every API key."""
    (node,) = start_nodes(server_factory, database.url, count=1)
    other = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(RuntimeError) as refused:
        server_factory(extra_args=("--database", database.url), extra_env={"TURNPIKE_DATA_KEY": other})
    assert "TURNPIKE_DATA_KEY is not the data key the store" in str(refused.value)
    assert node.alive()  # the first node is unaffected


def test_get_usage_on_one_node_reads_the_other_nodes_requests(two_nodes):
    """Read-your-writes across nodes: GetUsage and UpdateUsage on A, right after traffic on B, count
    every request B answered (A asks B to flush and waits for its answer). A node that does not
    answer (stopped with SIGSTOP, still counted alive) delays the call by at most the bounded wait,
    and is named in the log."""
    node_a, node_b = two_nodes
    admin = node_a.client()
    api, key, plan = keyed_setup(admin, limit=1_000)
    invoker = Invoker(node_b, api, key["value"])
    wait_for_status(invoker, 200)
    for round_ in range(1, 6):
        invoker.statuses(7)
        used = usage_values(admin, plan["id"], key["id"])[0][0]
        assert used == 1 + 7 * round_, f"round {round_}: GetUsage on A missed requests answered by B"
    granted = admin.update_usage(usagePlanId=plan["id"], keyId=key["id"],
                                 patchOperations=[{"op": "replace", "path": "/remaining", "value": "500"}])
    assert granted["items"][key["id"]][-1] == [36, 500]
    invoker.close()

    node_b.proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        admin.get_usage(usagePlanId=plan["id"], startDate=today(), endDate=today())
        elapsed = time.monotonic() - started
    finally:
        node_b.proc.send_signal(signal.SIGCONT)
    assert elapsed < 1.5, f"GetUsage waited {elapsed:.2f}s for a silent node"
    deadline = time.monotonic() + 5
    while "did not flush their usage in time" not in node_a.logs():
        assert time.monotonic() < deadline, "the silent node was not logged"
        time.sleep(0.05)
