#!/usr/bin/env python3
"""A loopback server speaking IAM Identity Center's two documented REST-JSON protocols, for tests:

- the portal's GetRoleCredentials (SSO API reference): GET /federation/credentials?account_id=A&role_name=R
  with header x-amz-sso_bearer_token: TOKEN answers {"roleCredentials": {accessKeyId, secretAccessKey,
  sessionToken, expiration (epoch milliseconds)}} for an access token it knows and an assigned role;
  an unknown token gets 401 UnauthorizedException, a role not assigned 404 ResourceNotFoundException,
  a missing parameter 400 InvalidRequestException (the code in the x-amzn-ErrorType header, the
  message in the body, as AWS sends them);
- the OIDC CreateToken (SSO OIDC API reference): POST /token with JSON {clientId, clientSecret,
  grantType: "refresh_token", refreshToken} answers {accessToken, tokenType, expiresIn, refreshToken}
  and knows the new access token from then on (the refresh token rotates); a wrong client or refresh
  token gets 400 InvalidGrantException / InvalidClientException. With --no-rotate the refresh token
  stays valid (for benchmarks that refresh the same cached token again and again).

The keys it hands out are --key/--secret/--token (for the signature-checking proxy to accept).
--mode malformed answers GetRoleCredentials with 200 and a body that is not role credentials, html
with a captive-portal page, forbidden with 403 AccessDeniedException. GET /__stats gives the requests
per operation and the last bearer token and CreateToken body seen.

usage: sso_portal.py --key AKID --secret SECRET --token TOKEN --access-token T [--access-token T2 ...]
                     [--assignment ACCOUNT:ROLE ...] [--client-id ID --client-secret S --refresh-token R]
                     [--expires-in SECONDS] [--no-rotate] [--mode normal|malformed|html|forbidden]
It prints "ready PORT" and exits when its parent process goes away.
"""
import argparse
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from helper_lifecycle import announce_and_wait

lock = threading.Lock()
stats = {"operations": {}, "last_bearer_token": None, "last_create_token": None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--access-token", action="append", default=[])
    parser.add_argument("--assignment", action="append", default=[])
    parser.add_argument("--client-id", default="")
    parser.add_argument("--client-secret", default="")
    parser.add_argument("--refresh-token", default="")
    parser.add_argument("--expires-in", type=int, default=28800)
    parser.add_argument("--no-rotate", action="store_true")
    parser.add_argument("--mode", default="normal", choices=["normal", "malformed", "html", "forbidden"])
    parser.add_argument("--parent-pid", type=int)
    args = parser.parse_args()
    access_tokens = set(args.access_token)
    refresh_tokens = {args.refresh_token} if args.refresh_token else set()
    assignments = {tuple(a.split(":", 1)) for a in args.assignment}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def answer(self, status, document, error_type=None, content_type="application/json"):
            body = document if isinstance(document, bytes) else json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-amzn-RequestId", secrets.token_hex(8))
            if error_type:
                self.send_header("x-amzn-ErrorType", error_type + ":http://internal.amazon.com/coral/test/")
            self.end_headers()
            self.wfile.write(body)

        def count(self, operation):
            with lock:
                stats["operations"][operation] = stats["operations"].get(operation, 0) + 1

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/__stats":
                with lock:
                    return self.answer(200, stats)
            if url.path != "/federation/credentials":
                return self.answer(404, {"message": "no such operation"}, "UnknownOperationException")
            self.count("GetRoleCredentials")
            query = urllib.parse.parse_qs(url.query)
            token = self.headers.get("x-amz-sso_bearer_token")
            with lock:
                stats["last_bearer_token"] = token
            account = (query.get("account_id") or [None])[0]
            role = (query.get("role_name") or [None])[0]
            if not account or not role or not token:
                return self.answer(400, {"message": "missing account_id, role_name or token"}, "InvalidRequestException")
            with lock:
                known = token in access_tokens
            if not known:
                return self.answer(401, {"message": "Session token not found or invalid"}, "UnauthorizedException")
            if args.mode == "forbidden":
                return self.answer(403, {"message": "denied by a test"}, "AccessDeniedException")
            if args.mode == "malformed":
                return self.answer(200, {"roleCredentials": {"accessKeyId": 5}})
            if args.mode == "html":
                return self.answer(200, b"<html><body>Sign in to the network</body></html>", content_type="text/html")
            if (account, role) not in assignments:
                return self.answer(404, {"message": "No access"}, "ResourceNotFoundException")
            expiration = int((time.time() + 3600) * 1000)
            self.answer(200, {"roleCredentials": {
                "accessKeyId": args.key, "secretAccessKey": args.secret, "sessionToken": args.token,
                "expiration": expiration,
            }})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if urllib.parse.urlsplit(self.path).path != "/token":
                return self.answer(404, {"message": "no such operation"}, "UnknownOperationException")
            self.count("CreateToken")
            try:
                request = json.loads(body)
            except ValueError:
                return self.answer(400, {"error": "invalid_request"}, "InvalidRequestException")
            with lock:
                stats["last_create_token"] = request
            if request.get("clientId") != args.client_id or request.get("clientSecret") != args.client_secret:
                return self.answer(400, {"error": "invalid_client"}, "InvalidClientException")
            if request.get("grantType") != "refresh_token":
                return self.answer(400, {"error": "unsupported_grant_type"}, "UnsupportedGrantTypeException")
            with lock:
                if request.get("refreshToken") not in refresh_tokens:
                    return self.answer(400, {"error": "invalid_grant"}, "InvalidGrantException")
                access = "refreshed-" + secrets.token_urlsafe(16)
                refresh = request["refreshToken"] if args.no_rotate else "rotated-" + secrets.token_urlsafe(16)
                if not args.no_rotate:
                    refresh_tokens.discard(request["refreshToken"])
                access_tokens.add(access)
                refresh_tokens.add(refresh)
            self.answer(200, {
                "accessToken": access, "tokenType": "Bearer", "expiresIn": args.expires_in, "refreshToken": refresh,
            })

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    announce_and_wait(server.server_address[1], args.parent_pid)


if __name__ == "__main__":
    main()
