#!/usr/bin/env python3
"""A forward HTTP proxy on loopback for the transport tests, as corporate proxies behave:

- `CONNECT host:port` opens a tunnel (then relays bytes both ways: TLS passes through untouched);
- a request in absolute form (`GET http://host:port/path HTTP/1.1`) is forwarded and its answer relayed;
- with --user U:P, requests without `Proxy-Authorization: Basic base64(U:P)` get 407.

It counts what it did and serves the counts at GET /__proxy/stats (origin form, to the proxy itself):
{"connects": ["host:port", ...], "forwarded": ["GET http://...", ...], "rejected": N}.
Prints "ready PORT"; exits when its parent process goes away.

usage: http_proxy.py [--user USER:PASSWORD]
"""
import argparse
import base64
import json
import os
import select
import socket
import threading
import urllib.parse

from helper_lifecycle import announce_and_wait, listen_loopback

state = {"connects": [], "forwarded": [], "rejected": 0}
lock = threading.Lock()


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(1)
        if not chunk:
            return None, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def relay(a, b):
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 30)
        if not readable:
            return
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


def handle(client, expected_auth):
    try:
        head, rest = read_head(client)
        if head is None:
            return
        lines = head.split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if method == "GET" and target == "/__proxy/stats":
            with lock:
                payload = json.dumps(state).encode()
            client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(payload), payload))
            return
        if expected_auth and headers.get("proxy-authorization") != expected_auth:
            with lock:
                state["rejected"] += 1
            client.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                           b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=30)
            with lock:
                state["connects"].append(target)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(client, upstream)
            upstream.close()
            return
        url = urllib.parse.urlsplit(target)
        if url.scheme != "http":
            client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        length = int(headers.get("content-length", "0") or 0)
        body = rest
        while len(body) < length:
            body += client.recv(length - len(body))
        with lock:
            state["forwarded"].append(f"{method} {target}")
        upstream = socket.create_connection((url.hostname, url.port or 80), timeout=30)
        path = url.path + ("?" + url.query if url.query else "")
        out = [f"{method} {path} HTTP/1.1"]
        for line in lines[1:]:
            name = line.partition(":")[0].strip().lower()
            if name not in ("proxy-authorization", "connection", "proxy-connection"):
                out.append(line)
        out.append("Connection: close")
        upstream.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
        answer = b""
        while True:
            chunk = upstream.recv(65536)
            if not chunk:
                break
            answer += chunk
        upstream.close()
        client.sendall(answer)
    except OSError:
        pass
    finally:
        client.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user")
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    expected = "Basic " + base64.b64encode(args.user.encode()).decode() if args.user else None
    listener = listen_loopback()

    def accept_loop():
        while True:
            client, _ = listener.accept()
            threading.Thread(target=handle, args=(client, expected), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    announce_and_wait(listener.getsockname()[1], args.parent_pid)


if __name__ == "__main__":
    main()
