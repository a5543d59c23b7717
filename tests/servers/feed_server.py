#!/usr/bin/env python3
"""A calendar feed server for the subscription tests, on python's
http.server: it serves the .ics files of a directory the way Google and
Outlook serve published calendars (ETag, Last-Modified, 304 on a matching
If-None-Match, gzip when asked), and a few paths that misbehave on purpose.

Usage: feed_server.py DIR PORT [USER:PASSWORD]
Prints the port it listens on (127.0.0.1; PORT 0 lets the system pick) on
the first line of stdout, then one line per request: "METHOD PATH STATUS".
Files under DIR/private/ need the basic credentials given. A file with a
FILE.stall beside it is answered as /slow is: headers, then silence.
"""

import base64
import gzip
import hashlib
import http.server
import os
import sys
import time
import urllib.parse
from email.utils import formatdate

ROOT = os.path.abspath(sys.argv[1])
PORT = int(sys.argv[2])
CREDENTIALS = sys.argv[3] if len(sys.argv) > 3 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        print(f"{self.command} {self.path} {status}", flush=True)

    def do_GET(self):
        path = urllib.parse.unquote(self.path.split("?")[0])
        if path == "/status/500":
            return self.answer(500, b"Internal Server Error")
        if path == "/login":
            page = b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>"
            return self.answer(200, page, [("Content-Type", "text/html; charset=utf-8")])
        if path == "/loop":
            return self.answer(302, headers=[("Location", "/loop")])
        if path.startswith("/moved/"):
            return self.answer(301, headers=[("Location", path[len("/moved"):])])
        if path == "/huge":
            # 40 MiB with no Content-Length: the size shows only as it comes.
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            chunk = b"X-FILL:" + b"x" * 1017 + b"\r\n"
            try:
                for _ in range(40 * 1024):
                    self.wfile.write(chunk)
            except OSError:
                pass
            print(f"GET {path} 200", flush=True)
            return
        file = os.path.normpath(os.path.join(ROOT, path.lstrip("/")))
        if path == "/slow" or os.path.isfile(file + ".stall"):
            # The headers, the first line, then nothing for two minutes.
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            self.wfile.flush()
            print(f"GET {path} 200", flush=True)
            time.sleep(120)
            return
        if not file.startswith(ROOT + os.sep) or not os.path.isfile(file):
            return self.answer(404, b"Not Found")
        if file.startswith(os.path.join(ROOT, "private") + os.sep):
            expected = "Basic " + base64.b64encode((CREDENTIALS or "").encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self.answer(401, b"", [("WWW-Authenticate", 'Basic realm="calendars"')])
        with open(file, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = formatdate(os.path.getmtime(file), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, headers=[("ETag", etag)])
        headers = [("Content-Type", "text/calendar; charset=utf-8"), ("ETag", etag), ("Last-Modified", modified)]
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        self.answer(200, body, headers)


server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
