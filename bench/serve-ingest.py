#!/usr/bin/env python3
"""The ingest load for bench/serve.sh: EVENTS push events POSTed to a running shipshape-serve's /v1/events, in
envelopes of BATCH events (1 is what docker-registry 2.8 sends: one event an envelope), over CONNECTIONS kept-alive
HTTP/1.1 connections in as many processes; one event in ten repeats an earlier id (a registry retry). Prints one
line: events, seconds, events/s, and the answers that were not 202.
    python3 bench/serve-ingest.py HOST:PORT SECRET EVENTS BATCH CONNECTIONS
"""
import http.client, json, multiprocessing, sys, time

target, secret, events, batch, connections = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
host, port = target.rsplit(":", 1)


def envelope(numbers):
    out = []
    for n in numbers:
        event_id = f"bench-{n - 5}" if n % 10 == 9 else f"bench-{n}"
        out.append({
            "id": event_id, "timestamp": "2026-01-01T00:00:00Z", "action": "push",
            "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1234,
                       "digest": "sha256:%064x" % (n // 2), "repository": f"bench/repo-{n % 1000}",
                       "tag": f"t{n % 7}"},
            "request": {"id": f"r{n}", "addr": "127.0.0.1", "host": target, "method": "PUT",
                        "useragent": "bench"},
            "source": {"addr": "registry:5000"},
        })
    return json.dumps({"events": out}).encode()


def run(worker, ready, go):
    mine = [n for n in range(events) if (n // batch) % connections == worker]
    bodies = [envelope(mine[i:i + batch]) for i in range(0, len(mine), batch)]
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": "application/vnd.docker.distribution.events.v1+json",
               "X-Shipshape-Secret": secret}
    ready.release()
    go.wait()
    failed = 0
    for body in bodies:
        connection.request("POST", "/v1/events", body, headers)
        answer = connection.getresponse()
        answer.read()
        failed += answer.status != 202
    return failed


if __name__ == "__main__":
    ready, go, queue = multiprocessing.Semaphore(0), multiprocessing.Event(), multiprocessing.Queue()

    def child(worker):
        queue.put(run(worker, ready, go))

    children = [multiprocessing.Process(target=child, args=(w,)) for w in range(connections)]
    for process in children:
        process.start()
    for _ in children:
        ready.acquire()
    start = time.monotonic()
    go.set()
    failed = sum(queue.get() for _ in children)
    elapsed = time.monotonic() - start
    for process in children:
        process.join()
    print(f"{events} {elapsed:.3f} {events / elapsed:.0f} {failed}")
