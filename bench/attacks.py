#!/usr/bin/python3
"""The attacks of issue 13, run against a running `portfolio serve --demo`.

Usage: python3 bench/attacks.py http://127.0.0.1:8080

Each attack prints HELD or BROKEN with what it saw; the exit code is the
number of BROKEN. It changes the demo database (reports, an import, a
locked-out account), so run it against a throwaway copy: bench/attacks.sh
starts a fresh one. Only the address given is contacted (keep it local).
Needs python3 and python3-openpyxl (for the one workbook it writes).
"""
import http.cookiejar
import io
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
MAX = 2**63 - 1
YEAR = None  # the default period's year at the start
broken = 0


def verdict(name, held, saw):
    global broken
    if not held:
        broken += 1
    print(f"{'HELD  ' if held else 'BROKEN'} {name}: {saw}", flush=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Client:
    def __init__(self, user=None, password=None, nxt=None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.location = None
        if user:
            form = {"username": user, "password": password}
            if nxt is not None:
                form["next"] = nxt
            status, _, headers = self.send("POST", "/login", urllib.parse.urlencode(form).encode(),
                                           "application/x-www-form-urlencoded")
            self.location = headers.get("Location")
            if status != 303:
                raise SystemExit(f"sign-in of {user}: {status}")

    def send(self, method, path, body=None, ctype=None, timeout=60):
        req = urllib.request.Request(BASE + path, data=body, method=method)
        if ctype:
            req.add_header("Content-Type", ctype)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def json(self, method, path, obj=None):
        body = None if obj is None else json.dumps(obj).encode()
        status, data, _ = self.send(method, path, body, "application/json" if body else None)
        try:
            return status, json.loads(data or b"null")
        except ValueError:
            return status, data[:200]


def multipart(fields, files):
    b = "----attacks" + str(time.time_ns())
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, (name, data) in files.items():
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                  'Content-Type: application/octet-stream\r\n\r\n'.encode())
        out.write(data + b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


def default_period(c):
    _, r = c.json("GET", "/api/v1/rollup")
    return r.get("year"), r.get("month"), r.get("lights")


def overflow(admin, builder, leader, year):
    _, ps = builder.json("GET", f"/api/v1/projects?per_page=1&year={year}")
    p = ps["rows"][0]
    month = 12
    st, rep = builder.json("POST", f"/api/v1/projects/{p['id']}/reports",
                           {"year": year, "month": month, "completed_yuan": MAX, "progress": "x", "version": 0})
    if st < 300 and isinstance(rep, dict) and rep.get("id"):
        admin.json("POST", f"/api/v1/reports/{rep['id']}/approve", {"version": rep.get("version", 0)})
    q = f"?year={year}&month={month}"
    reads = ("/api/v1/rollup", "/api/v1/projects", "/", "/api/v1/export.xlsx", "/api/v1/export.csv", "/api/v1/oc4ids")
    codes = [leader.send("GET", path + q)[0] for path in reads]
    verdict("report of 2^63-1 yuan", st in (400, 413, 422) and all(c < 500 for c in codes),
            f"submit {st} {str(rep)[:160]}; then rollup/projects/dashboard/exports {codes}")
    _, d = admin.json("GET", f"/api/v1/projects/{p['id']}")
    entry = [e for e in d["history"]["plan_entries"] if e["year"] == year][0]
    plan = {"year": year, "owner": entry["owner"], "stage": entry["stage"],
            "total_investment_yuan": entry["total_investment_yuan"], "completed_before_yuan": MAX,
            "annual_plan_yuan": entry["annual_plan_yuan"], "note": "", "version": entry["version"]}
    st, r = admin.json("PUT", f"/api/v1/projects/{p['id']}/plan", plan)
    codes = [leader.send("GET", path + q)[0] for path in reads]
    verdict("plan edit completed_before 2^63-1", st in (400, 409, 422) and all(c < 500 for c in codes),
            f"edit {st} {str(r)[:160]}; reads {codes}")


def plan_workbook(code, place):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["2025年省大中型项目计划表"], ["单位：万元"],
                ["序号", "项目代码", "项目名称", "建设地点", "建设性质", "总投资", "2025年计划投资"],
                ["一、综合交通"], [1, code, "跨市导入测试项目", place, "续建", 500000, 1000]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def city_crossing(admin, nanchang):
    _, ps = admin.json("GET", "/api/v1/projects?" + urllib.parse.urlencode({"city": "赣州市", "per_page": 1}))
    victim = ps["rows"][0]
    body, ctype = multipart({"kind": "plan", "year": "2025"},
                            {"file": ("nanchang-2025.xlsx", plan_workbook(victim["code"], "南昌市东湖区"))})
    st, data, _ = nanchang.send("POST", "/api/v1/imports", body, ctype)
    prev = json.loads(data or b"{}") if data[:1] == b"{" else {}
    applied = None
    if st < 300 and prev.get("id"):
        applied, _ = nanchang.json("POST", f"/api/v1/imports/previews/{prev['id']}/apply")
    ms, _ = nanchang.json("POST", f"/api/v1/projects/{victim['id']}/milestones",
                          {"kind": "开工", "planned_on": "2025-03-01"})
    held = (applied is None or applied >= 400) and ms in (403, 404)
    verdict("a 2025 list row moving a 赣州市 project to 南昌市", held,
            f"upload {st}, apply {applied}, Nanchang milestone on it {ms}; default period now {default_period(admin)[:2]}")


def huge_send(client, method, path, head, total, ctype):
    """Sends a body of total bytes (head, then zeros) over a raw socket and
    reads the answer as soon as one comes: a server that refuses a huge
    body answers and closes without reading it, which urllib (it writes the
    whole body first) would only see as a reset. Returns the status (0 if
    none came) and how many body bytes were written before it came."""
    host, port = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port or 80
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
    sock = socket.create_connection((host, port), timeout=60)
    req = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {ctype}\r\n"
           f"Content-Length: {total}\r\nCookie: {cookie}\r\n\r\n").encode() + head
    sock.sendall(req)
    sent = len(head)
    sock.setblocking(False)
    chunk = b"\0" * (64 << 10)
    status = 0
    try:
        while sent < total:
            try:
                data = sock.recv(4096)
                if data:
                    status = int(data.split(b" ", 2)[1])
                    break
            except BlockingIOError:
                pass
            try:
                sent += sock.send(chunk[: total - sent])
            except BlockingIOError:
                time.sleep(0.01)
        if not status:
            sock.setblocking(True)
            data = sock.recv(4096)
            status = int(data.split(b" ", 2)[1]) if data else 0
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        sock.close()
    return status, sent


def bodies(builder):
    _, ps = builder.json("GET", f"/api/v1/projects?per_page=1&year={YEAR}")
    pid = ps["rows"][0]["id"]
    t = time.time()
    st, sent = huge_send(builder, "POST", f"/api/v1/projects/{pid}/reports", b'{"progress":"', 30 << 20, "application/json")
    verdict("30 MB JSON body", st == 413 and sent < (30 << 20), f"{st} in {time.time() - t:.2f}s after {sent >> 10} KiB sent")
    head = b'--b\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n'
    st, sent = huge_send(Client(), "POST", "/login", head, 30 << 20, "multipart/form-data; boundary=b")
    verdict("anonymous 30 MB multipart to /login", st in (400, 413, 415) and sent < (30 << 20),
            f"{st} after {sent >> 10} KiB sent (401 would mean its form was read)")


def batches(nanchang):
    st, _ = nanchang.json("GET", "/api/v1/imports/batches/1")
    st2, _, _ = nanchang.send("GET", "/imports/batches/1/revert")
    verdict("another actor's batch (demo's batch 1) as 南昌市", st in (403, 404) and st2 in (403, 404), f"JSON {st}, revert page {st2}")


def next_param():
    c = Client("leader", "leader-demo", nxt="/\t/evil.example")
    loc = c.location or ""
    verdict("next=/<TAB>/evil.example", not loc.replace("\t", "").startswith("//"), f"Location {loc!r}")


def period(admin, builder, leader):
    before = default_period(leader)
    _, ps = builder.json("GET", f"/api/v1/projects?per_page=2&year={YEAR}")
    p = ps["rows"][-1]
    month = (before[1] or 0) + 1
    st, rep = builder.json("POST", f"/api/v1/projects/{p['id']}/reports",
                           {"year": before[0], "month": month, "completed_yuan": 1000000, "progress": "x", "version": 0})
    if st < 300 and isinstance(rep, dict) and rep.get("id"):
        admin.json("POST", f"/api/v1/reports/{rep['id']}/approve", {"version": rep.get("version", 0)})
    after = default_period(leader)
    verdict("one approved report of a later month", after[:2] == before[:2],
            f"report {st}; default period {before[:2]} -> {after[:2]}; lights {before[2]} -> {after[2]}")


def burst():
    results = []

    def wrong():
        st, _, _ = Client().send("POST", "/login", b"username=leader&password=wrong-password", "application/x-www-form-urlencoded")
        results.append(st)
    threads = [threading.Thread(target=wrong) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked = results.count(401)
    st, _, _ = Client().send("POST", "/login", b"username=leader&password=leader-demo", "application/x-www-form-urlencoded")
    verdict("40 wrong passwords at once, then the right one", checked <= 5 and st != 303,
            f"{checked} checked (401), {results.count(429)} locked (429); right password then {st}")


def main():
    admin = Client("admin", "admin-demo")
    nanchang = Client("nanchang", "nanchang-demo")
    builder = Client("builder", "builder-demo")
    leader = Client("leader", "leader-demo")
    global YEAR
    YEAR = default_period(leader)[0]
    next_param()
    batches(nanchang)
    bodies(builder)
    period(admin, builder, leader)
    city_crossing(admin, nanchang)
    overflow(admin, builder, leader, YEAR)
    burst()  # last: it locks sign-in from this address
    print(f"{broken} broken", flush=True)
    sys.exit(broken)


if __name__ == "__main__":
    main()
