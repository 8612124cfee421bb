#!/usr/bin/env python3
"""Real clients against our answers: matrix-nio, the official Zulip client and Mastodon.py.

Each case is answered twice: once by the example server (our answer) and once by a stand-in of
the real server that replays the body, status and headers the real server sends for the same
error (a fact, with its source). The client is called against both, and what it makes of each
answer (the error class it raises or returns, and the fields it reads) must be the same.

Usage: interop.py <path to the example server binary>
"""

import asyncio
import datetime
import http.server
import json
import logging
import os
import subprocess
import sys
import threading


# --- the stand-in of the real server -----------------------------------------------------

class Reference(http.server.ThreadingHTTPServer):
    """Answers every request with the reference response set for its path."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReferenceHandler)
        self.answers = {}

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class ReferenceHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?")[0]
        status, headers, body = self.server.answers.get(
            path, (500, {}, b"no reference answer for " + path.encode())
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value() if callable(value) else value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer


# --- our server ----------------------------------------------------------------------------

def start_example(binary):
    env = dict(os.environ, PORT="0")
    process = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    # The example prints its address, e.g. "listening on http://127.0.0.1:41234".
    address = next(word for word in line.split() if word.startswith("http://"))
    return process, address.rstrip("/")


FAILURES = []


def same(what, ours, theirs):
    if ours == theirs:
        print("ok    %-58s %s" % (what, ours))
    else:
        print("FAIL  %-58s ours %r, the real server's %r" % (what, ours, theirs))
        FAILURES.append(what)


# --- Matrix: matrix-nio ----------------------------------------------------------------------

# What Synapse sends for the same errors: element-hq/synapse, synapse/api/errors.py (commit
# 001b1ec4d58e32905ed3388ee8763320046edcfc) and synapse/http/server.py (commit
# 047cb24872fccc445f4750d9cc42b0d90d278ab1), as in tests/conformance.rs.
JSON = {"Content-Type": "application/json"}
SYNAPSE = {
    # errors.py AuthError(403, ...) for a room the user is not in (message chosen)
    "/_matrix/client/v3/rooms/!other:example.org/send/m.room.message/1": (
        403, JSON, b'{"errcode":"M_FORBIDDEN","error":"User @u:example.org not in room !other:example.org"}'),
    # errors.py LimitExceededError(retry_after_ms=2500 chosen); Retry-After: ceil(ms / 1000)
    "/_matrix/client/v3/sync": (
        429, dict(JSON, **{"Retry-After": "3"}),
        b'{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2500}'),
    # http/server.py return_json_error: an exception that is not a SynapseError
    "/_matrix/client/v3/account/whoami": (
        500, JSON, b'{"errcode":"M_UNKNOWN","error":"Internal server error"}'),
    # http/server.py: no route -> UnrecognizedRequestError(code=404)
    "/_matrix/client/v3/joined_rooms": (
        404, JSON, b'{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}'),
}


def nio_outcome(response):
    """What matrix-nio makes of an answer: the response class and the error fields it reads."""
    return (
        type(response).__name__,
        getattr(response, "status_code", None),
        getattr(response, "retry_after_ms", None),
        getattr(response, "soft_logout", None),
    )


async def nio_calls(base):
    import nio

    config = nio.AsyncClientConfig(max_limit_exceeded=0, max_timeouts=0)
    client = nio.AsyncClient(base, "@u:example.org", config=config)
    client.access_token = "token"
    client.user_id = "@u:example.org"
    try:
        return {
            "send to a room the user is not in (403)": await client.room_send(
                "!other:example.org", "m.room.message",
                {"msgtype": "m.text", "body": "hi"}, tx_id="1"),
            "sync while rate-limited (429)": await client.sync(timeout=0),
            "whoami while the database is down (500)": await client.whoami(),
            "an endpoint the server lacks (404)": await client.joined_rooms(),
        }
    finally:
        await client.close()


def matrix(base):
    reference = Reference()
    reference.answers = SYNAPSE
    threading.Thread(target=reference.serve_forever, daemon=True).start()
    ours = asyncio.run(nio_calls(base))
    theirs = asyncio.run(nio_calls(reference.base))
    for what in ours:
        same("matrix-nio: " + what, nio_outcome(ours[what]), nio_outcome(theirs[what]))
    reference.shutdown()



# --- the dialects' fixtures: real bodies, each with its source (tests/fixtures/*/bodies.json) ----

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def fixture(dialect, status, body):
    """The fixture of `dialect` with this status and body: (status, headers, bytes, source)."""
    with open(os.path.join(ROOT, "tests", "fixtures", dialect, "bodies.json")) as file:
        fixtures = json.load(file)["fixtures"]
    for case in fixtures:
        if case["status"] == status and case["body"] == body:
            headers = dict(JSON) if body.startswith("{") else {}
            headers.update(case.get("headers", {}))
            return status, headers, body.encode(), case["source"]
    raise KeyError("no %s fixture %d %s" % (dialect, status, body))


# --- Zulip: the official Python client (PyPI zulip) -----------------------------------------

def zulip_references():
    rate_limited = fixture(
        "zulip", 429,
        '{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT",'
        '"retry-after":28.706807374954224}')
    # zerver/lib/response.py json_response_from_error: the Retry-After header beside the body key
    rate_limited[1]["Retry-After"] = "28.706807374954224"
    invalid_key = fixture(
        "zulip", 401, '{"result":"error","msg":"Invalid API key","code":"INVALID_API_KEY"}')
    # zerver/middleware.py: a 401 on /api/ carries WWW-Authenticate (DIALECTS.md)
    invalid_key[1]["WWW-Authenticate"] = 'Basic realm="zulip"'
    return {
        # Not a case: what the client reads as it starts (the example answers the same).
        "/zulip/api/v1/server_settings": (200, dict(JSON), json.dumps({
            "result": "success", "msg": "", "zulip_version": "10.0", "zulip_feature_level": 300,
            "authentication_methods": {}, "realm_uri": "http://127.0.0.1"}).encode(), "setup"),
        "/zulip/api/v1/messages": rate_limited,
        # zulip-codes.tsv: ResourceNotFoundError, 404 BAD_REQUEST (zerver/lib/exceptions.py@b0f5ce47)
        "/zulip/api/v1/messages/7": (
            404, dict(JSON), b'{"result":"error","msg":"Message does not exist","code":"BAD_REQUEST"}',
            "zulip/zulip zerver/lib/exceptions.py@b0f5ce47 (ResourceNotFoundError)"),
        "/zulip/api/v1/users/me": invalid_key,
        "/zulip/api/v1/users": fixture(
            "zulip", 500, '{"result":"error","msg":"Internal server error"}\n'),
    }


def zulip_outcome(result, sleeps):
    """What the Zulip client hands its caller, and how often it slept to retry."""
    return (
        result.get("result"),
        # A body without `code` (the 500 of every Zulip server, any error of one before 5.0)
        # means BAD_REQUEST (zulip.yaml, "Error handling"; DIALECTS.md): we always send it.
        result.get("code", "BAD_REQUEST") if result.get("result") == "error" else None,
        isinstance(result.get("msg"), str),
        type(result.get("retry-after")).__name__ if "retry-after" in result else None,
        sleeps,
    )


def zulip_calls(base):
    import zulip

    sleeps = []
    # The client sleeps a second between its retries of a 5xx: count them instead.
    zulip.time.sleep = sleeps.append
    client = zulip.Client(email="bot@example.org", api_key="key", site=base + "/zulip")
    outcomes = {}
    for what, call in [
        ("get_messages while rate-limited (429)", lambda: client.get_messages({})),
        ("get_raw_message of a message that does not exist (404)",
         lambda: client.get_raw_message(7)),
        ("get_profile with an invalid API key (401)", lambda: client.get_profile()),
        ("get_members while the database is down (500)", lambda: client.get_members()),
    ]:
        sleeps.clear()
        outcomes[what] = zulip_outcome(call(), len(sleeps))
    return outcomes


# --- Mastodon: Mastodon.py ---------------------------------------------------------------------

def mastodon_references():
    rate_limited = fixture("mastodon", 429, '{"error":"Too many requests"}')
    # config/initializers/rack_attack.rb (mastodon-errors.tsv): the throttled responder's headers;
    # the reset time is set when the answer is sent.
    rate_limited[1].update({"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset": lambda: reset_in(2.5)})
    return {
        "/mastodon/api/v1/timelines/home": rate_limited,
        "/mastodon/api/v1/statuses/7": fixture("mastodon", 404, '{"error":"Record not found"}'),
        "/mastodon/api/v1/accounts/verify_credentials": fixture(
            "mastodon", 401, '{"error":"The access token is invalid"}'),
        "/mastodon/api/v1/instance": fixture("mastodon", 500, '{"error":"Internal Server Error"}'),
    }


def reset_in(seconds):
    """A rate limit's reset time as Mastodon writes it: ISO 8601 with microseconds, in UTC."""
    at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Slept(Exception):
    pass


def mastodon_calls(base):
    import mastodon

    outcomes = {}
    for mode in ["throw", "wait"]:
        api = mastodon.Mastodon(access_token="token", api_base_url=base + "/mastodon",
                                version_check_mode="none", ratelimit_method=mode)
        slept = []

        def sleep(seconds):
            slept.append(seconds)
            raise Slept()
        mastodon.internals.time.sleep = sleep
        calls = [("timeline_home while rate-limited (429)", api.timeline_home)]
        if mode == "throw":
            calls += [
                ("status that does not exist (404)", lambda: api.status(7)),
                ("account_verify_credentials with an invalid token (401)",
                 api.account_verify_credentials),
                ("instance while the database is down (500)",
                 lambda: api._Mastodon__api_request("GET", "/api/v1/instance")),
            ]
        for what, call in calls:
            slept.clear()
            try:
                call()
                outcome = "no error"
            except Slept:
                # ratelimit_method="wait": it waits until X-RateLimit-Reset (2.5 s ahead in both
                # answers, plus the clock difference it reads from Date), where without the
                # header it would wait its own backoff of 2 s.
                outcome = ("waits until X-RateLimit-Reset", 2.25 < slept[0] <= 300)
            except mastodon.MastodonError as error:
                outcome = (type(error).__name__,) + tuple(
                    arg if not isinstance(arg, str) or arg != "Mastodon API returned error"
                    else arg for arg in error.args[1:2])
            outcomes["%s, ratelimit_method=%s" % (what, mode)] = outcome
    return outcomes


def compare(client, calls, references, base):
    reference = Reference()
    reference.answers = {path: answer[:3] for path, answer in references.items()}
    threading.Thread(target=reference.serve_forever, daemon=True).start()
    ours = calls(base)
    theirs = calls(reference.base)
    for what in ours:
        same(client + ": " + what, ours[what], theirs[what])
    reference.shutdown()


def main():
    # matrix-nio logs every error body it finds no success in; the outcomes say enough.
    logging.disable(logging.CRITICAL)
    process, base = start_example(sys.argv[1])
    try:
        matrix(base)
        compare("zulip", zulip_calls, zulip_references(), base)
        compare("Mastodon.py", mastodon_calls, mastodon_references(), base)
    finally:
        process.kill()
    if FAILURES:
        print("%d case(s) differ from the real server's" % len(FAILURES))
        sys.exit(1)
    print("every client read our answers as its own server's")


if __name__ == "__main__":
    main()
