#!/usr/bin/env python3
"""A raw HTTP/1.1 server on loopback for the transport tests: it answers with hand-framed bytes
(Content-Length, chunked, close-delimited, interim 100, truncated, idle-close), counts connections,
and can speak TLS with a certificate it generates.

Paths (GET unless said):
  /length          200, Content-Length body "length-ok"
  /chunked         200, chunked body in several chunks with an extension and a trailer
  /big?n=N         200, chunked body of N bytes (pattern "0123456789...")
  /close           200, no length: body ends when the connection closes
  /interim         100 Continue, then 200 "after-interim"
  /truncated       Content-Length 100, 10 bytes, then close
  /nothing         close without answering
  /idle-close      200 keep-alive "idle-close", then the server closes the connection right away
  /conn            200, body "CONN REQ": connection number and request number on that connection
  /echo (POST)     200, body: the request line, a newline, then the request body
  /slow?ms=N       waits N ms, then 200 "slow"
  /stats           JSON {"connections": N}

usage: http_server.py [--tls-dir DIR --tls-name NAME]   prints "ready PORT"
With --tls-dir it writes DIR/cert.pem and DIR/key.pem (self-signed, for NAME) and serves TLS.
"""
import argparse
import datetime
import json
import os
import socket
import ssl
import threading
import time
import urllib.parse

from helper_lifecycle import announce_and_wait, listen_loopback

state = {"connections": 0}
lock = threading.Lock()


def make_certificate(directory, name):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


def read_request(stream):
    """Reads one request; returns (request line, headers dict, body) or None at EOF."""
    line = stream.readline()
    if not line:
        return None
    headers = {}
    while True:
        header = stream.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = stream.read(length) if length else b""
    return line.decode("latin-1").rstrip("\r\n"), headers, body


def reply(sock, status, body, extra=b""):
    sock.sendall(b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n%s\r\n%s" % (status, len(body), extra, body))


def serve(sock, number):
    stream = sock.makefile("rb")
    requests = 0
    try:
        while True:
            request = read_request(stream)
            if request is None:
                return
            requests += 1
            line, headers, body = request
            method, target, _ = line.split(" ", 2)
            url = urllib.parse.urlsplit(target)
            query = urllib.parse.parse_qs(url.query)
            path = url.path
            if path == "/length":
                reply(sock, 200, b"length-ok")
            elif path == "/chunked":
                sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"5;ext=1\r\nhello\r\n1\r\n,\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n")
            elif path == "/big":
                size = int(query["n"][0])
                data = (b"0123456789" * (size // 10 + 1))[:size]
                sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                for start in range(0, size, 7777):
                    piece = data[start:start + 7777]
                    sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sock.sendall(b"0\r\n\r\n")
            elif path == "/close":
                sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-close")
                return
            elif path == "/interim":
                sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                reply(sock, 200, b"after-interim")
            elif path == "/truncated":
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                return
            elif path == "/nothing":
                return
            elif path == "/idle-close":
                reply(sock, 200, b"idle-close")
                time.sleep(0.05)
                return
            elif path == "/conn":
                reply(sock, 200, b"%d %d" % (number, requests))
            elif path == "/echo":
                reply(sock, 200, line.encode("latin-1") + b"\n" + body)
            elif path == "/slow":
                time.sleep(int(query["ms"][0]) / 1000)
                reply(sock, 200, b"slow")
            elif path == "/stats":
                with lock:
                    payload = json.dumps(state).encode()
                reply(sock, 200, payload)
            else:
                reply(sock, 404, b"not found")
            if headers.get("connection", "").lower() == "close":
                return
    except (OSError, ssl.SSLError):
        return
    finally:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls-dir")
    parser.add_argument("--tls-name", default="localhost")
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    context = None
    if args.tls_dir:
        cert, key = make_certificate(args.tls_dir, args.tls_name)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
    listener = listen_loopback()

    def accept_loop():
        while True:
            connection, _ = listener.accept()
            with lock:
                state["connections"] += 1
                number = state["connections"]

            def start(connection=connection, number=number):
                if context is not None:
                    try:
                        connection = context.wrap_socket(connection, server_side=True)
                    except (OSError, ssl.SSLError):
                        connection.close()
                        return
                serve(connection, number)

            threading.Thread(target=start, daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    announce_and_wait(listener.getsockname()[1], args.parent_pid)


if __name__ == "__main__":
    main()
