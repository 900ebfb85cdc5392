#!/usr/bin/env python3
"""A test proxy between mfaguard and moto, on loopback:

- checks the SigV4 signature of every request with botocore's own signer (the keys it knows: those
  given with --key, and every key pair that passes through it in an STS or IAM response);
- injects faults on a fraction of requests, chosen by a seeded random generator: throttling
  (HTTP 400 `Throttling`), HTTP 500, and dropped connections (closed without an answer);
- fails every request of the actions named with --fail-action with a real-looking AWS error
  (--fail-error, default InvalidAuthenticationCode, the answer IAM gives to wrong MFA codes), without
  forwarding it, since the emulator does not check MFA codes;
- counts requests per action, and serves the counters at GET /__proxy/stats.

It prints "ready PORT" when it listens and exits when its parent process goes away.

usage: aws_proxy.py --upstream http://127.0.0.1:PORT [--fault-rate 0.2] [--faults throttle,500,drop]
                    [--seed N] [--key AKID:SECRET ...] [--fail-action ACTION ... [--fail-error CODE]]
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
import sys
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<headers>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})"
)


# HTTP status and message of the IAM errors --fail-error can inject (botocore's iam service-2.json).
INJECTABLE_ERRORS = {
    "InvalidAuthenticationCode": (403, "Authentication code for device is not valid."),
    "EntityAlreadyExists": (409, "MFA device already exists."),
    "LimitExceeded": (409, "Cannot exceed quota for MFADevicesPerUser: 8"),
    "AccessDenied": (403, "User is not authorized to perform this operation."),
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
        self.fail_actions = set(args.fail_action or [])
        self.fail_error = args.fail_error
        self.stats = {"requests": 0, "faults": {}, "signature_ok": 0, "signature_failures": [], "actions": {}}

    def pick_fault(self, action):
        with self.lock:
            self.stats["requests"] += 1
            self.stats["actions"][action] = self.stats["actions"].get(action, 0) + 1
            if self.faults and self.random.random() < self.fault_rate:
                fault = self.random.choice(self.faults)
                self.stats["faults"][fault] = self.stats["faults"].get(fault, 0) + 1
                return fault
        return None

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

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            action = (params.get("Action") or [self.headers.get("X-Amz-Target", "?")])[0]
            verdict = check_signature(state, self.command, self.path, dict(self.headers.items()), body)
            if verdict is not None:
                with state.lock:
                    if verdict == "ok":
                        state.stats["signature_ok"] += 1
                    else:
                        state.stats["signature_failures"].append({"action": action, "problem": verdict})
            if action in state.fail_actions:
                with state.lock:
                    state.stats["requests"] += 1
                    state.stats["actions"][action] = state.stats["actions"].get(action, 0) + 1
                    state.stats["faults"][state.fail_error] = state.stats["faults"].get(state.fail_error, 0) + 1
                status, message = INJECTABLE_ERRORS[state.fail_error]
                payload = (
                    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
                    "<Code>%s</Code><Message>%s</Message></Error><RequestId>0f4c6a1e-proxy-fail-action</RequestId>"
                    "</ErrorResponse>" % (state.fail_error, message)
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            fault = state.pick_fault(action)
            if fault == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault in ("throttle", "500"):
                if fault == "throttle":
                    status, code = 400, "Throttling"
                else:
                    status, code = 500, "InternalFailure"
                payload = (
                    "<ErrorResponse><Error><Type>Receiver</Type><Code>%s</Code><Message>injected by the test proxy"
                    "</Message></Error><RequestId>proxy-fault</RequestId></ErrorResponse>" % code
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            connection = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            state.learn_keys(payload)
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
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
    parser.add_argument("--fail-error", default="InvalidAuthenticationCode", choices=sorted(INJECTABLE_ERRORS))
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    state = State(args)
    server = Server(("127.0.0.1", 0), make_handler(state, args.upstream))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"ready {server.server_address[1]}", flush=True)
    while True:
        time.sleep(0.5)
        if os.getppid() != args.parent_pid:
            server.shutdown()
            sys.exit(0)


if __name__ == "__main__":
    main()
