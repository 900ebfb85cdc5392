#!/usr/bin/env python3
"""A test proxy between mfaguard and moto, on loopback:

- checks the SigV4 signature of every request with botocore's own signer (the keys it knows: those
  given with --key, and every key pair that passes through it in an STS or IAM response);
- injects faults on a fraction of requests, chosen by a seeded random generator: throttling
  (HTTP 400 `Throttling`), HTTP 500, dropped connections (closed without an answer), and answers a
  broken gateway gives with status 200: an `ErrorResponse` (`error200`, code InternalFailure) and an
  `<ActionResponse>` without its `<ActionResult>` (`noresult`);
- fails every request of the actions named with --fail-action with a real-looking AWS error
  (--fail-error, default InvalidAuthenticationCode, the answer IAM gives to wrong MFA codes), without
  forwarding it, since the emulator does not check MFA codes;
- counts requests per action, and serves the counters at GET /__proxy/stats (with, per action, the
  parameters, the signer of its last request: access key id and X-Amz-Security-Token).

It prints "ready PORT" when it listens and exits when its parent process goes away.

usage: aws_proxy.py --upstream http://127.0.0.1:PORT [--fault-rate 0.2] [--faults throttle,500,drop,error200,noresult]
                    [--seed N] [--key AKID:SECRET ...] [--fail-action ACTION[*N][@PARAM=VALUE][@STATUS][:CODE[:MESSAGE]] ...]
                    [--tls-dir DIR [--tls-name NAME]] [--rewrite JSON ...]

With --tls-dir it serves HTTPS with a self-signed certificate for NAME (default localhost) that it
writes to DIR/cert.pem, for clients to trust (AWS_CA_BUNDLE).

--fail-action answers ACTION (the Query `Action`; every time, or only its first N requests) with a
real-looking AWS error (`ErrorResponse` XML with the HTTP status AWS uses for CODE, see ERROR_STATUS;
default code AccessDenied; `@STATUS` sends that status instead, e.g. `@200` as a broken gateway does),
without forwarding it, e.g.
GetSessionToken:AccessDenied:"MultiFactorAuthentication failed …". Repeatable; counted in the stats as
faults "fail-action:ACTION". ACTION@PARAM=VALUE fails only the requests whose parameter PARAM is
VALUE, e.g. GetSessionToken@TokenCode=111111:AccessDenied:… rejects one MFA code and lets others
through to the emulator.

--rewrite '{"action": "ListMFADevices", "pattern": REGEX, "replacement": TEXT}' forwards ACTION and
rewrites the emulator's answer body with Python's re.sub before passing it on: a hostile endpoint
whose answers are otherwise real (a serial number or token with a line break in it). Counted in the
stats as faults "rewrite:ACTION".
"""
import argparse
import http.client
import http.server
import json
import os
import random
import re
import socket
import socketserver
import threading
import urllib.parse
from xml.sax.saxutils import escape

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from helper_lifecycle import announce_and_wait

AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<headers>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})"
)


# The HTTP status AWS answers with for an error code (IAM API reference, "Errors" of each action).
ERROR_STATUS = {
    "AccessDenied": 403, "NoSuchEntity": 404, "EntityAlreadyExists": 409, "LimitExceeded": 409,
    "DeleteConflict": 409, "MalformedPolicyDocument": 400, "InvalidInput": 400, "ServiceFailure": 500,
    "Throttling": 400, "ConcurrentModification": 409, "UnmodifiableEntity": 400, "InternalFailure": 500,
    "ServiceUnavailable": 503, "InvalidAuthenticationCode": 403,
}


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.keys = {}
        for pair in args.key or []:
            key, secret = pair.split(":", 1)
            self.keys[key] = secret
        self.random = random.Random(args.seed)
        self.fault_rate = args.fault_rate
        self.faults = [f for f in args.faults.split(",") if f]
        self.fail_actions = {}
        for spec in args.fail_action or []:
            head, _, rest = spec.partition(":")
            head, *qualifiers = head.split("@")
            condition = next((q for q in qualifiers if "=" in q), "")
            status = next((q for q in qualifiers if q.isdigit()), "")
            action, _, times = head.partition("*")
            code, _, message = rest.partition(":")
            parameter, _, value = condition.partition("=")
            self.fail_actions[action] = [
                code or "AccessDenied", message or "injected by the test proxy", int(times) if times else -1,
                (parameter, value) if condition else None,
                int(status) if status else None,
            ]
        self.rewrites = {}
        for spec in args.rewrite or []:
            rule = json.loads(spec)
            self.rewrites.setdefault(rule["action"], []).append((re.compile(rule["pattern"]), rule["replacement"]))
        self.stats = {
            "requests": 0, "faults": {}, "signature_ok": 0, "signature_failures": [], "actions": {}, "last_parameters": {},
            "last_security_tokens": {},
            "last_signer": {},
        }

    def pick_fault(self, action):
        with self.lock:
            self.stats["requests"] += 1
            self.stats["actions"][action] = self.stats["actions"].get(action, 0) + 1
            if self.faults and self.random.random() < self.fault_rate:
                fault = self.random.choice(self.faults)
                self.stats["faults"][fault] = self.stats["faults"].get(fault, 0) + 1
                return fault
        return None

    def failure_for(self, action, params):
        with self.lock:
            failure = self.fail_actions.get(action)
            if failure is None or failure[2] == 0:
                return None
            if failure[3] is not None and (params.get(failure[3][0]) or [None])[0] != failure[3][1]:
                return None
            if failure[2] > 0:
                failure[2] -= 1
            return failure[0], failure[1], failure[4]

    def learn_keys(self, body):
        text = body.decode("utf-8", "replace")
        for match in re.finditer(
            r"<AccessKeyId>([^<]+)</AccessKeyId>\s*<SecretAccessKey>([^<]+)</SecretAccessKey>"
            r"|<SecretAccessKey>([^<]+)</SecretAccessKey>.*?<AccessKeyId>([^<]+)</AccessKeyId>",
            text,
            re.S,
        ):
            key, secret = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            with self.lock:
                self.keys[key] = secret


def check_signature(state, method, path, headers, body):
    auth = headers.get("Authorization", "")
    match = AUTH_RE.match(auth)
    if not match:
        return "no SigV4 Authorization header"
    key = match.group("key")
    secret = state.keys.get(key)
    if secret is None:
        return None  # a key we cannot know; not counted either way
    signed = match.group("headers").split(";")
    lower = {k.lower(): v for k, v in headers.items()}
    if any(h not in lower for h in signed):
        return "signed header missing from the request"
    for required in ("host", "x-amz-date"):
        if required not in signed:
            return f"{required} is not signed"
    request_headers = {h: lower[h] for h in signed}
    url = "http://" + lower["host"] + path
    request = AWSRequest(method=method, url=url, data=body, headers=request_headers)
    request.context["timestamp"] = lower["x-amz-date"]
    signer = SigV4Auth(
        Credentials(key, secret, lower.get("x-amz-security-token")), match.group("service"), match.group("region")
    )
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    if expected != match.group("signature"):
        return "signature mismatch (botocore computes %s)" % expected
    return "ok"


def make_handler(state, upstream):
    up = urllib.parse.urlparse(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/__proxy/stats":
                with state.lock:
                    payload = json.dumps(state.stats).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.forward()

        def do_POST(self):
            self.forward()

        def reply_error(self, status, kind, code, message):
            payload = (
                "<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>"
                "<RequestId>proxy-fault</RequestId></ErrorResponse>" % (kind, escape(code), escape(message))
            ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.say_if_closing()
            self.end_headers()
            self.wfile.write(payload)

        def say_if_closing(self):
            # A server that closes the connection after its answer says so, as AWS does; otherwise the
            # client may try to reuse the connection.
            if self.headers.get("Connection", "").lower() == "close":
                self.send_header("Connection", "close")

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            params.update(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))
            action = (params.get("Action") or [self.headers.get("X-Amz-Target", "?")])[0]
            signer = {}
            match = AUTH_RE.match(self.headers.get("Authorization", ""))
            if match:
                signer["key"] = match.group("key")
            if self.headers.get("X-Amz-Security-Token"):
                signer["token"] = self.headers.get("X-Amz-Security-Token")
            with state.lock:
                state.stats["last_parameters"][action] = {key: values[0] for key, values in params.items()}
                state.stats["last_security_tokens"][action] = self.headers.get("X-Amz-Security-Token")
                state.stats["last_signer"][action] = signer
            verdict = check_signature(state, self.command, self.path, dict(self.headers.items()), body)
            if verdict is not None:
                with state.lock:
                    if verdict == "ok":
                        state.stats["signature_ok"] += 1
                    else:
                        state.stats["signature_failures"].append({
                            "action": action, "problem": verdict, "method": self.command, "path": self.path,
                            "length": len(body), "headers": sorted(k.lower() for k in self.headers.keys()),
                        })
            failure = state.failure_for(action, params)
            if failure is not None:
                code, message, forced_status = failure
                status = forced_status if forced_status is not None else ERROR_STATUS.get(code, 400)
                with state.lock:
                    state.stats["requests"] += 1
                    state.stats["actions"][action] = state.stats["actions"].get(action, 0) + 1
                    key = "fail-action:" + action
                    state.stats["faults"][key] = state.stats["faults"].get(key, 0) + 1
                self.reply_error(status, "Receiver" if status >= 500 or status < 400 else "Sender", code, message)
                return
            fault = state.pick_fault(action)
            if fault == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault == "throttle":
                self.reply_error(400, "Sender", "Throttling", "injected by the test proxy")
                return
            if fault == "500":
                self.reply_error(500, "Receiver", "InternalFailure", "injected by the test proxy")
                return
            if fault == "error200":
                self.reply_error(200, "Receiver", "InternalFailure", "injected by the test proxy")
                return
            if fault == "noresult":
                payload = (
                    "<%sResponse><ResponseMetadata><RequestId>proxy-fault</RequestId></ResponseMetadata></%sResponse>"
                    % (action, action)
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.say_if_closing()
                self.end_headers()
                self.wfile.write(payload)
                return
            connection = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            state.learn_keys(payload)
            for pattern, replacement in state.rewrites.get(action, []):
                text, count = pattern.subn(replacement, payload.decode("utf-8"))
                payload = text.encode("utf-8")
                if count:
                    with state.lock:
                        key = "rewrite:" + action
                        state.stats["faults"][key] = state.stats["faults"].get(key, 0) + count
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.say_if_closing()
            self.end_headers()
            self.wfile.write(payload)
            connection.close()

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--faults", default="throttle,500,drop")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--key", action="append")
    parser.add_argument("--fail-action", action="append")
    parser.add_argument("--rewrite", action="append")
    parser.add_argument("--tls-dir")
    parser.add_argument("--tls-name", default="localhost")
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    state = State(args)
    server = Server(("127.0.0.1", 0), make_handler(state, args.upstream))
    if args.tls_dir:
        import ssl

        from http_server import make_certificate

        cert, key = make_certificate(args.tls_dir, args.tls_name)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    announce_and_wait(server.server_address[1], args.parent_pid, on_exit=server.shutdown)


if __name__ == "__main__":
    main()
