#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd, from PyPI): accepts mail on
127.0.0.1 and writes each message it accepts to a folder, as it arrived.

    smtp-sink.py --dir DIR [--port PORT]

Prints "port N" on its first line once it listens (PORT 0: a free one).
Each accepted message is DIR/NNNN.eml, with DIR/NNNN.json beside it: the
envelope, and the message as Python's email package reads it (every header
decoded, the plain-text and HTML parts), written whole (a temporary name,
then renamed).

Recipients steer the answers, as real servers' would be:
  tempfail-N-...@...  answered 451 (try again later) the first N times
                      that address is offered, then accepted;
  reject-...@...      answered 550 (no such user) always.
"""
import argparse
import email
import email.policy
import json
import os
import re
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.offered = {}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        seen = self.offered.get(address, 0)
        self.offered[address] = seen + 1
        tempfail = re.match(r"tempfail-(\d+)-", local)
        if tempfail and seen < int(tempfail.group(1)):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("reject-"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, f"{self.count:04d}")
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        read = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": [[k, str(v)] for k, v in message.items()],
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "defects": [str(d) for part in message.walk() for d in part.defects],
        }
        with open(name + ".json.partial", "w") as f:
            json.dump(read, f, ensure_ascii=False)
        with open(name + ".eml.partial", "wb") as f:
            f.write(raw)
        os.rename(name + ".json.partial", name + ".json")
        os.rename(name + ".eml.partial", name + ".eml")
        return f"250 2.0.0 Ok: queued as {self.count:04d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"port {port}", flush=True)
    try:
        # Until stdin closes or the process is killed: the test owns it.
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
