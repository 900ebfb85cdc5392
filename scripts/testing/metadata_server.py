#!/usr/bin/env python3
"""A loopback server speaking the two documented credential protocols of AWS platforms, for tests:

- the container credentials endpoint (ECS task roles, EKS Pod Identity): GET CONTAINER_PATH with
  `Authorization: TOKEN` answers the credentials JSON {AccessKeyId, SecretAccessKey, Token, Expiration};
- the EC2 instance metadata service, IMDSv2: PUT /latest/api/token (with
  X-aws-ec2-metadata-token-ttl-seconds) gives a session token; GET
  /latest/meta-data/iam/security-credentials/ gives the role name, and .../ROLE the credentials JSON,
  both only with X-aws-ec2-metadata-token (unless --v1-only, where the token PUT answers 404 and
  requests without a token are served, as an IMDSv1-only service).

--mode hang accepts connections and never answers; --mode malformed answers 200 with a body that is
not a credentials document. Every request is counted; GET /__stats shows the counts.

usage: metadata_server.py --key AKID --secret SECRET --token TOKEN [--auth-token T] [--container-path P]
                          [--role NAME] [--v1-only] [--mode normal|hang|malformed]
It prints "ready PORT" and exits when its parent process goes away.
"""
import argparse
import datetime
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from helper_lifecycle import announce_and_wait

stats = {"requests": 0, "paths": {}}
lock = threading.Lock()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--auth-token", default="")
    parser.add_argument("--container-path", default="/v2/credentials/test")
    parser.add_argument("--role", default="mfaguard-test-role")
    parser.add_argument("--v1-only", action="store_true")
    parser.add_argument("--mode", default="normal", choices=["normal", "hang", "malformed"])
    parser.add_argument("--parent-pid", type=int)
    args = parser.parse_args()
    session_tokens = set()

    def document():
        expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=6)
        return json.dumps({
            "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": args.key, "SecretAccessKey": args.secret,
            "Token": args.token, "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def answer(self, status, body=b"", content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def count(self):
            with lock:
                stats["requests"] += 1
                key = f"{self.command} {self.path}"
                stats["paths"][key] = stats["paths"].get(key, 0) + 1

        def credentials_body(self):
            return b'{"AccessKeyId": 5}' if args.mode == "malformed" else document()

        def do_PUT(self):
            self.count()
            if args.mode == "hang":
                threading.Event().wait(600)
                return
            if self.path != "/latest/api/token" or args.v1_only:
                return self.answer(404, b"Not Found", "text/plain")
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.answer(400, b"Missing TTL", "text/plain")
            token = secrets.token_urlsafe(32)
            session_tokens.add(token)
            self.answer(200, token.encode(), "text/plain")

        def do_GET(self):
            if self.path == "/__stats":
                with lock:
                    return self.answer(200, json.dumps(stats).encode())
            self.count()
            if args.mode == "hang":
                threading.Event().wait(600)
                return
            if self.path == args.container_path:
                if args.auth_token and self.headers.get("Authorization") != args.auth_token:
                    return self.answer(403, b'{"message": "bad token"}')
                return self.answer(200, self.credentials_body())
            prefix = "/latest/meta-data/iam/security-credentials/"
            if self.path.startswith(prefix):
                token = self.headers.get("X-aws-ec2-metadata-token")
                if not args.v1_only and token not in session_tokens:
                    return self.answer(401, b"Unauthorized", "text/plain")
                if self.path == prefix:
                    return self.answer(200, args.role.encode(), "text/plain")
                if self.path == prefix + args.role:
                    return self.answer(200, self.credentials_body())
            self.answer(404, b"Not Found", "text/plain")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    announce_and_wait(server.server_address[1], args.parent_pid)


if __name__ == "__main__":
    main()
