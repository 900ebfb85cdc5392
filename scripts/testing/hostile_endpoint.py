#!/usr/bin/env python3
"""A hostile AWS endpoint on loopback: answers every request the same bad way, to check that mfaguard
treats answers as untrusted input (no false "all clear", no crash, bounded time, nothing raw on the
terminal). It does not check signatures and knows no AWS state.

usage: hostile_endpoint.py --mode MODE [options]   prints "ready PORT", exits with its parent

Modes:
  answer     --status N (default 200) and a body: --body TEXT, --body-file FILE, or --template NAME:
             error-response  <ErrorResponse> with --code/--message (default AccessDenied)
             no-result       <ActionResponse> with ResponseMetadata only (no <ActionResult>)
             wrong-root      <SomethingElseResponse><SomethingElseResult/>…
             xhtml           an XHTML captive-portal login page (well-formed XML, root <html>)
             html            an HTML5 page (not XML)
             nested          <ActionResponse><ActionResult> then --depth N nested <a> elements
             escapes         <ErrorResponse> whose code and message hold ANSI/OSC escapes and CR/LF
             huge-error      <ErrorResponse> with a --size byte message (default 5 MB)
             identity-empty  <GetCallerIdentityResponse> with an empty result
             (ACTION in the templates is the request's Query Action.)
  drip       200 headers with a large Content-Length, then one byte every --interval seconds
  stall      reads the request and never answers
  continue   "HTTP/1.1 100 Continue" interim answers, one every --interval seconds, without end

Every request is counted; GET /__hostile/stats answers {"requests": N} (not counted).
"""
import argparse
import json
import os
import threading
import time
import urllib.parse
from xml.sax.saxutils import escape

from helper_lifecycle import announce_and_wait, listen_loopback

stats = {"requests": 0}
lock = threading.Lock()


def read_request(connection):
    """The request line, headers and body; None when the client went away."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        rest += chunk
    method, target = lines[0].split(" ")[:2]
    return method, target, headers, rest[:length]


def action_of(target, body):
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)
    params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
    return (params.get("Action") or ["Unknown"])[0]


def template_body(args, action):
    ns = ' xmlns="https://iam.amazonaws.com/doc/2010-05-08/"'
    metadata = "<ResponseMetadata><RequestId>hostile-1</RequestId></ResponseMetadata>"
    name = args.template
    if name == "error-response":
        return (
            f"<ErrorResponse{ns}><Error><Type>Sender</Type><Code>{escape(args.code)}</Code>"
            f"<Message>{escape(args.message)}</Message></Error><RequestId>hostile-1</RequestId></ErrorResponse>"
        )
    if name == "no-result":
        return f"<{action}Response{ns}>{metadata}</{action}Response>"
    if name == "wrong-root":
        return f"<SomethingElseResponse{ns}><SomethingElseResult/>{metadata}</SomethingElseResponse>"
    if name == "xhtml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Hotel Wi-Fi</title></head>'
            "<body><form action=\"/login\"><p>Please log in to continue.</p></form></body></html>"
        )
    if name == "html":
        return "<!doctype html>\n<html><head><title>Sign in</title><body><p>Sign in to the network<br></body>"
    if name == "nested":
        depth = args.depth
        return f"<{action}Response{ns}><{action}Result>" + "<a>" * depth + "</a>" * depth + f"</{action}Result>{metadata}</{action}Response>"
    if name == "escapes":
        code = "AccessDenied\x1b[2J\x1b]0;pwned\x07"
        message = "denied\r\nmfaguard: all clear, no findings\x1b[32m OK\x1b[0m\x9b31m"
        return (
            f"<ErrorResponse{ns}><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
            "</Error><RequestId>hostile\x1b[5m-1</RequestId></ErrorResponse>"
        )
    if name == "huge-error":
        return (
            f"<ErrorResponse{ns}><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>"
            + "x" * args.size
            + "</Message></Error><RequestId>hostile-1</RequestId></ErrorResponse>"
        )
    if name == "identity-empty":
        return f"<GetCallerIdentityResponse{ns}><GetCallerIdentityResult/>{metadata}</GetCallerIdentityResponse>"
    raise SystemExit(f"unknown template {name}")


def send_answer(connection, status, body):
    payload = body.encode("utf-8") if isinstance(body, str) else body
    reason = {200: "OK", 400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error"}.get(status, "Status")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/xml\r\nContent-Length: {len(payload)}\r\n\r\n"
    connection.sendall(head.encode() + payload)


def serve(connection, args):
    try:
        while True:
            request = read_request(connection)
            if request is None:
                return
            method, target, headers, body = request
            if target == "/__hostile/stats":
                with lock:
                    send_answer(connection, 200, json.dumps(stats))
                continue
            with lock:
                stats["requests"] += 1
            action = action_of(target, body)
            if args.mode == "answer":
                if args.body_file:
                    with open(args.body_file, "rb") as handle:
                        payload = handle.read()
                elif args.body is not None:
                    payload = args.body
                else:
                    payload = template_body(args, action)
                send_answer(connection, args.status, payload)
                continue
            if args.mode == "drip":
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n")
                while True:
                    connection.sendall(b"<")
                    time.sleep(args.interval)
            if args.mode == "stall":
                while True:
                    time.sleep(3600)
            if args.mode == "continue":
                while True:
                    connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                    time.sleep(args.interval)
    except OSError:
        pass
    finally:
        try:
            connection.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True, choices=["answer", "drip", "stall", "continue"])
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--body")
    parser.add_argument("--body-file")
    parser.add_argument("--template")
    parser.add_argument("--code", default="AccessDenied")
    parser.add_argument("--message", default="injected by the hostile endpoint")
    parser.add_argument("--depth", type=int, default=100000)
    parser.add_argument("--size", type=int, default=5 * 1024 * 1024)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    listener = listen_loopback()

    def accept():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=serve, args=(connection, args), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    announce_and_wait(listener.getsockname()[1], args.parent_pid)


if __name__ == "__main__":
    main()
