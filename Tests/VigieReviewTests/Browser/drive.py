#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol over --remote-debugging-pipe (no package
beyond Python's standard library): opens a URL, runs steps, takes screenshots.

usage: drive.py CHROMIUM URL STEPS.json
STEPS.json: a list of {"eval": JS} (run, its value recorded), {"wait": JS, "timeout": seconds} (run
until truthy) or {"screenshot": PATH}. Prints {"values": [...]} as JSON; exits 1 on a failed step."""
import base64
import fcntl
import json
import os
import subprocess
import sys
import time

chromium, url, steps_path = sys.argv[1:4]
steps = json.load(open(steps_path))

# Chromium reads commands on fd 3 and writes answers on fd 4.
cmd_read, cmd_write = os.pipe()
res_read, res_write = os.pipe()
high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 20) for fd in (cmd_read, res_write)]


def child_fds():
    os.dup2(high[0], 3)
    os.dup2(high[1], 4)


flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-proxy-server",
         "--remote-debugging-pipe", "about:blank"]
proc = subprocess.Popen([chromium] + flags, preexec_fn=child_fds, pass_fds=(3, 4),
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for fd in [cmd_read, res_write] + high:
    os.close(fd)
out = os.fdopen(cmd_write, "wb", buffering=0)
inp = os.fdopen(res_read, "rb", buffering=0)
buffer = b""
next_id = 0


def call(method, params=None, session=None):
    global buffer, next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    out.write(json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffer:
            chunk = inp.read(1 << 16)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        answer = json.loads(raw)
        if answer.get("id") == next_id:
            if "error" in answer:
                raise SystemExit(f"{method}: {answer['error']}")
            return answer["result"]


def evaluate(expression, session):
    r = call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session)
    if "exceptionDetails" in r:
        raise RuntimeError(json.dumps(r["exceptionDetails"])[:500])
    return r["result"].get("value")


values = []
status = 0
try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
    call("Page.enable", {}, session)
    call("Page.navigate", {"url": url}, session)
    for step in steps:
        if "eval" in step:
            values.append(evaluate(step["eval"], session))
        elif "wait" in step:
            # Generous: CI runs the other suites on the same two cores meanwhile.
            deadline = time.time() + step.get("timeout", 120)
            while True:
                try:
                    # A DOM node comes back as {}: ask the page for a boolean.
                    if evaluate("!!(" + step["wait"] + ")", session):
                        break
                except RuntimeError:
                    pass
                if time.time() > deadline:
                    raise SystemExit("timed out waiting for: " + step["wait"])
                time.sleep(0.1)
        elif "screenshot" in step:
            shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
            with open(step["screenshot"], "wb") as f:
                f.write(base64.b64decode(shot["data"]))
except SystemExit as e:
    print(str(e), file=sys.stderr)
    status = 1
finally:
    try:
        call("Browser.close")
    except BaseException:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
print(json.dumps({"values": values}))
sys.exit(status)
