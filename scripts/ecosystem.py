#!/usr/bin/env python3
"""The ecosystem check: forklint on pinned real projects, against a hand triage.

    scripts/ecosystem.py check            # fetch + run + report (what CI runs)
    scripts/ecosystem.py fetch            # download and unpack into target/ecosystem/
    scripts/ecosystem.py run              # run forklint (JSON) on every project
    scripts/ecosystem.py report [--record]
    scripts/ecosystem.py sites NAME       # the fork-like sites grep finds (for triage)

Projects are listed in ecosystem/projects.toml; the triage is
ecosystem/expected/<name>.toml (format in ecosystem/README.md). `report` fails
(exit 1) when a `must-not-flag` row is reported that the recorded run
(ecosystem/recorded.json) did not report, when a `must-flag` row that
the recorded run found is lost, when a finding has no
row (judge it in the same change), or when a site grep finds has no `[[site]]`
row. Rows still missed are listed, not failures. `--record` rewrites
ecosystem/recorded.json from this run.

Nothing here changes the machine's apt configuration: apt gets a private
sources list and state directory under target/ecosystem/apt.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECO = ROOT / "ecosystem"
WORK = ROOT / "target" / "ecosystem"
OUT = WORK / "out"
VERDICTS = ("must-flag", "must-not-flag", "unclear")
CHILD_KINDS = ("exec", "no-exec", "not-a-site")
SOURCE_SUFFIXES = {".c", ".h", ".cc", ".cpp", ".cxx", ".C", ".hh", ".hpp", ".hxx", ".H", ".rs"}
# A call that starts a child (or registers code that runs in one). `clone` only
# as a free function or through libc/nix: `x.clone()` and `T::clone()` are not forks.
SITE_RE = re.compile(
    r"(?<![\w.>:])(fork|vfork|_Fork|forkpty|pthread_atfork)\s*\("
    r"|(?<![\w.>:])(clone3?)\s*\(\s*[^)\s]"
    r"|(?<=::)(fork|vfork|forkpty|daemon)\s*\("
    r"|\b(?:libc|sched|nix::sched)::(clone3?)\s*\("
    r"|\.(pre_exec|before_exec)\s*\("
    r"|\b(SYS_clone3?)\b"
)


def load_projects(only):
    projects = tomllib.loads((ECO / "projects.toml").read_text())["project"]
    if only:
        unknown = set(only) - {p["name"] for p in projects}
        if unknown:
            sys.exit(f"ecosystem: unknown project(s): {', '.join(sorted(unknown))}")
        projects = [p for p in projects if p["name"] in only]
    for p in projects:
        p.setdefault("paths", ["."])
        exclude = list(p.get("exclude", []))
        if p["kind"] == "debian":
            exclude += [".pc", "debian"]
        else:
            exclude += ["tests", "benches"]
        p["exclude"] = exclude
    return projects


# ---------------------------------------------------------------- fetch


def apt_options():
    apt = WORK / "apt"
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "parts").mkdir(parents=True, exist_ok=True)
    system = Path("/etc/apt/sources.list.d/debian.sources")
    if not system.exists():
        sys.exit("ecosystem: /etc/apt/sources.list.d/debian.sources is missing; cannot make a deb-src list")
    # The main archive only: the security archive's source files are often
    # missing on the mirror, and every pinned version is in the main archive.
    stanzas = [st for st in system.read_text().split("\n\n") if "debian-security" not in st]
    src = re.sub(r"(?m)^Types:.*$", "Types: deb-src", "\n\n".join(stanzas))
    target = apt / "parts" / "debian-src.sources"
    if not target.exists() or target.read_text() != src:
        target.write_text(src)
    return [
        "-o", "Dir::Etc::SourceList=/dev/null",
        "-o", f"Dir::Etc::SourceParts={apt / 'parts'}",
        "-o", f"Dir::State::Lists={apt / 'lists'}",
        "-o", f"Dir::Cache={apt / 'cache'}",
        "-o", "APT::Sandbox::User=root",
    ]


def tree_of(p):
    """The directory forklint analyses a project in (None until fetched)."""
    if p["kind"] == "debian":
        stamp = WORK / "debian" / p["name"] / ".fetched"
        if stamp.exists():
            version, tree = stamp.read_text().split("\n")[:2]
            if version == p["version"]:
                return Path(tree)
        return None
    meta = WORK / "crates" / "trees.json"
    if meta.exists():
        tree = json.loads(meta.read_text()).get(f"{p['name']}@{p['version']}")
        if tree and Path(tree).is_dir():
            return Path(tree)
    return None


def fetch_debian(projects):
    todo = [p for p in projects if p["kind"] == "debian" and tree_of(p) is None]
    if not todo:
        return
    if not shutil.which("dpkg-source"):
        run_quiet(["apt-get", "update", "-qq"])
        run_quiet(["apt-get", "install", "-y", "-qq", "dpkg-dev"])
    opts = apt_options()
    run_quiet(["apt-get", *opts, "update", "-qq"])
    for p in todo:
        dest = WORK / "debian" / p["name"]
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        t = time.monotonic()
        r = subprocess.run(["apt-get", *opts, "source", "-qq", f"{p['name']}={p['version']}"],
                           cwd=dest, capture_output=True, text=True)
        trees = [d for d in dest.iterdir() if d.is_dir()]
        if r.returncode != 0 or len(trees) != 1:
            sys.exit(f"ecosystem: apt-get source {p['name']}={p['version']} failed:\n{r.stdout}{r.stderr}")
        for f in dest.iterdir():
            if f.is_file():
                f.unlink()
        (dest / ".fetched").write_text(f"{p['version']}\n{trees[0]}\n")
        print(f"fetched {p['name']} {p['version']} in {time.monotonic() - t:.1f} s", flush=True)


def fetch_crates(projects):
    crates = [p for p in projects if p["kind"] == "crate"]
    if not crates or all(tree_of(p) for p in crates):
        return
    scratch = WORK / "crates"
    (scratch / "src").mkdir(parents=True, exist_ok=True)
    deps = "\n".join(f'{p["name"]} = "={p["version"]}"' for p in crates)
    (scratch / "Cargo.toml").write_text(
        '[package]\nname = "forklint-ecosystem-scratch"\nversion = "0.0.0"\nedition = "2021"\n'
        f"publish = false\n\n[workspace]\n\n[dependencies]\n{deps}\n"
    )
    (scratch / "src" / "lib.rs").write_text("")
    manifest = str(scratch / "Cargo.toml")
    run_quiet(["cargo", "fetch", "--quiet", "--manifest-path", manifest])
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--manifest-path", manifest],
        check=True, capture_output=True, text=True).stdout)
    trees = {f"{pk['name']}@{pk['version']}": str(Path(pk["manifest_path"]).parent)
             for pk in meta["packages"]}
    (scratch / "trees.json").write_text(json.dumps(trees, indent=1))
    for p in crates:
        if tree_of(p) is None:
            sys.exit(f"ecosystem: crate {p['name']} {p['version']} was not fetched")
    print(f"fetched {len(crates)} crates", flush=True)


def run_quiet(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"ecosystem: {' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")


# ---------------------------------------------------------------- run


def forklint_binary(given):
    if given:
        return str(Path(given).resolve())
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "forklint"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "release" / "forklint")


def run_forklint(binary, p, jobs, timeout):
    tree = tree_of(p)
    if tree is None:
        sys.exit(f"ecosystem: {p['name']} is not fetched (run `scripts/ecosystem.py fetch`)")
    out = OUT
    out.mkdir(parents=True, exist_ok=True)
    cmd = [binary, "check", *p["paths"], "--format", "json", "--no-suppressions",
           "--output", str(out / f"{p['name']}.json")]
    for e in p["exclude"]:
        cmd += ["--exclude", e]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    (out / f"{p['name']}.json").unlink(missing_ok=True)
    t = time.monotonic()
    with open(out / f"{p['name']}.stderr", "wb") as err:
        child = subprocess.Popen(cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 (not Popen.wait) gives this child's own peak memory (ru_maxrss, KiB on Linux).
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t > timeout:
                child.kill()
            time.sleep(0.01)
    wall = time.monotonic() - t
    code = os.waitstatus_to_exitcode(status)
    stats = {"seconds": round(wall, 3), "max_rss_mib": round(usage.ru_maxrss / 1024, 1), "exit": code}
    if code not in (0, 1):
        stats["failure"] = f"timed out after {timeout} s" if wall >= timeout else f"exit {code}"
    (out / f"{p['name']}.stats.json").write_text(json.dumps(stats))
    return stats


# ---------------------------------------------------------------- sites


def grep_sites(p):
    """Every fork-like call grep finds in the analysed paths: (path, line, call)."""
    tree = tree_of(p)
    excluded = [re.compile(glob_to_re(e)) for e in p["exclude"]]
    hits = set()
    for base in p["paths"]:
        for dirpath, dirnames, filenames in os.walk(tree / base):
            rel_dir = os.path.relpath(dirpath, tree)
            dirnames[:] = sorted(d for d in dirnames
                                 if not any(x.search(norm(os.path.join(rel_dir, d))) for x in excluded))
            for name in filenames:
                if Path(name).suffix not in SOURCE_SUFFIXES:
                    continue
                rel = norm(os.path.join(rel_dir, name))
                if any(x.search(rel) for x in excluded):
                    continue
                text = (Path(dirpath) / name).read_bytes().decode("utf-8", "replace")
                for n, line in enumerate(text.split("\n"), 1):
                    s = line.lstrip()
                    if s.startswith(("//", "*", "/*")):
                        continue
                    for m in SITE_RE.finditer(line):
                        call = next(g for g in m.groups() if g)
                        hits.add((rel, n, call))
    return hits


def glob_to_re(glob):
    """forklint's --exclude: a glob matched against a path component sequence."""
    g = re.escape(glob.strip("/")).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return rf"(^|/){g}(/|$)"


def norm(path):
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


# ---------------------------------------------------------------- report


def load_expected(name, problems):
    f = ECO / "expected" / f"{name}.toml"
    if not f.exists():
        problems.append(f"{name}: no triage file ecosystem/expected/{name}.toml")
        return [], []
    try:
        data = tomllib.loads(f.read_text())
    except tomllib.TOMLDecodeError as e:
        problems.append(f"{f.relative_to(ROOT)}: {e}")
        return [], []
    sites, rows = data.get("site", []), data.get("finding", [])
    seen = set()
    for s in sites:
        if s.get("child") not in CHILD_KINDS or not s.get("reason") or "path" not in s or "line" not in s:
            problems.append(f"{name}: site row needs path, line, call, child ({'/'.join(CHILD_KINDS)}) and reason: {s}")
    for r in rows:
        key = (r.get("path"), r.get("line"), r.get("callee"))
        if r.get("verdict") not in VERDICTS or not r.get("reason") or None in key:
            problems.append(f"{name}: finding row needs path, line, callee, verdict ({'/'.join(VERDICTS)}) and reason: {r}")
        if key in seen:
            problems.append(f"{name}: two rows for {key[0]}:{key[1]} {key[2]}")
        seen.add(key)
    return sites, rows


def finding_key(f):
    callee = f.get("callee") or f["context"]["callee"]
    return (norm(f["path"]), f["line"], callee)


def report(projects, record):
    recorded_file = ECO / "recorded.json"
    recorded = json.loads(recorded_file.read_text()) if recorded_file.exists() else {}
    problems, table, changes, misses, known_false = [], [], [], [], []
    new_record = dict(recorded)
    totals = {k: 0 for k in ("sites", "exec", "found", "must_flag", "false", "unclear", "unjudged", "findings")}
    codes_total = {}
    for p in projects:
        name = p["name"]
        out = OUT / f"{name}.json"
        if not (OUT / f"{name}.stats.json").exists():
            problems.append(f"{name}: no forklint output (run `scripts/ecosystem.py run`)")
            continue
        stats = json.loads((OUT / f"{name}.stats.json").read_text())
        if "failure" in stats:
            problems.append(f"{name}: forklint failed: {stats['failure']} (see {OUT / name}.stderr)")
            result = {"findings": [], "errors": []}
        else:
            result = json.loads(out.read_text())
        sites, rows = load_expected(name, problems)
        by_key = {(r.get("path"), r.get("line"), r.get("callee")): r for r in rows}
        reported = {}
        # A finding also reports every hop of its chain: a row for `XPinit`
        # (a macro) or `alloc2` (a helper) at var.c:1236 is found by the
        # `realloc` forklint reports through that call.
        also_names = set()
        codes = {}
        for f in result["findings"]:
            key = finding_key(f)
            reported.setdefault(key, set()).add(f["code"])
            for hop in f.get("chain", []):
                if hop["kind"] in ("call", "macro"):
                    also_names.add((norm(hop["path"]), hop["line"], hop["callee"]))
            codes[f["code"]] = codes.get(f["code"], 0) + 1
            codes_total[f["code"]] = codes_total.get(f["code"], 0) + 1
        keys = sorted(reported)
        # Sites: every grep hit has a row, every row is a grep hit.
        hits = grep_sites(p)
        site_keys = {(s.get("path"), s.get("line"), s.get("call")) for s in sites}
        for h in sorted(hits - site_keys):
            problems.append(f"{name}: site {h[0]}:{h[1]} `{h[2]}` has no [[site]] row")
        for s in sorted(site_keys - hits, key=str):
            problems.append(f"{name}: [[site]] row {s[0]}:{s[1]} `{s[2]}` is not a site grep finds")
        before = {tuple(k) for k in recorded.get(name, {}).get("reported", [])}
        found = must_flag = false = unclear = unjudged = 0
        for k in keys:
            row = by_key.get(k)
            if row is None:
                unjudged += 1
                problems.append(f"{name}: unjudged finding {k[0]}:{k[1]} `{k[2]}` ({', '.join(sorted(reported[k]))})")
            elif row["verdict"] == "must-not-flag":
                false += 1
                line = f"{name}: {k[0]}:{k[1]} `{k[2]}`: {row['reason']}"
                if k in before:
                    known_false.append(line)
                else:
                    problems.append(f"new must-not-flag reported: {line}")
            elif row["verdict"] == "unclear":
                unclear += 1
        was_found = {tuple(k) for k in recorded.get(name, {}).get("found", [])}
        for k, row in sorted(by_key.items(), key=lambda kv: str(kv[0])):
            if row.get("verdict") != "must-flag":
                continue
            must_flag += 1
            if k in reported or k in also_names:
                found += 1
            elif k in was_found:
                problems.append(f"{name}: lost a must-flag the recorded run found: {k[0]}:{k[1]} `{k[2]}`")
            else:
                misses.append(f"{name}: {k[0]}:{k[1]} `{k[2]}`: {row['reason']}")
        for k in sorted(set(keys) - before):
            changes.append(f"+ {name}: {k[0]}:{k[1]} `{k[2]}` {','.join(sorted(reported[k]))}")
        for k in sorted(before - set(keys)):
            changes.append(f"- {name}: {k[0]}:{k[1]} `{k[2]}`")
        new_record[name] = {
            "reported": [list(k) for k in keys],
            "found": [list(k) for k, row in sorted(by_key.items(), key=lambda kv: str(kv[0]))
                      if row.get("verdict") == "must-flag" and (k in reported or k in also_names)],
        }
        exec_sites = sum(1 for s in sites if s.get("child") == "exec")
        real_sites = sum(1 for s in sites if s.get("child") != "not-a-site")
        row = {
            "project": name, "sites": real_sites, "exec_sites": exec_sites, "findings": len(keys),
            "codes": codes, "must_flag": must_flag, "found": found, "false": false,
            "unclear": unclear, "unjudged": unjudged,
            "recall": ratio(found, must_flag), "precision": ratio(found, found + false),
            "errors": len(result.get("errors", [])), **stats,
        }
        table.append(row)
        for k, v in (("sites", real_sites), ("exec", exec_sites), ("found", found), ("must_flag", must_flag),
                     ("false", false), ("unclear", unclear), ("unjudged", unjudged), ("findings", len(keys))):
            totals[k] += v
    totals["recall"] = ratio(totals["found"], totals["must_flag"])
    totals["precision"] = ratio(totals["found"], totals["found"] + totals["false"])
    totals["codes"] = codes_total
    totals["seconds"] = round(sum(r["seconds"] for r in table), 2)
    totals["max_rss_mib"] = max((r["max_rss_mib"] for r in table), default=0)
    print_table(table, totals)
    if changes:
        print(f"\nChanges against ecosystem/recorded.json ({len(changes)}):")
        print("\n".join(changes))
    else:
        print("\nNo change against ecosystem/recorded.json.")
    if misses:
        print(f"\nKnown misses: must-flag rows forklint does not report ({len(misses)}):")
        print("\n".join(misses))
    if known_false:
        print(f"\nKnown false positives: must-not-flag rows the recorded run reported too ({len(known_false)}):")
        print("\n".join(known_false))
    summary = {"projects": table, "total": totals, "changes": changes, "misses": misses,
               "known_false": known_false, "problems": problems}
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1))
    print(f"\nJSON summary: {OUT / 'summary.json'}")
    if record:
        recorded_file.write_text(json.dumps(new_record, indent=1, sort_keys=True) + "\n")
        print(f"recorded this run in {recorded_file.relative_to(ROOT)}")
    if problems:
        print(f"\nThe ecosystem check fails ({len(problems)} problems):")
        print("\n".join(problems))
        return 1
    print("\nThe ecosystem check passes.")
    return 0


def ratio(a, b):
    return round(a / b, 3) if b else None


def print_table(table, totals):
    head = ["project", "sites", "exec", "findings", "FL001", "FL002", "FL003", "FL004", "FL005",
            "must-flag", "found", "false", "unclear", "unjudged", "recall", "precision", "s", "MiB"]
    lines = [head]
    for r in table + [dict(project="TOTAL", sites=totals["sites"], exec_sites=totals["exec"],
                           findings=totals["findings"], codes=totals["codes"], must_flag=totals["must_flag"],
                           found=totals["found"], false=totals["false"], unclear=totals["unclear"],
                           unjudged=totals["unjudged"], recall=totals["recall"], precision=totals["precision"],
                           seconds=totals["seconds"], max_rss_mib=totals["max_rss_mib"])]:
        c = r["codes"]
        lines.append([r["project"], r["sites"], r["exec_sites"], r["findings"],
                      *(c.get(code, 0) for code in ("FL001", "FL002", "FL003", "FL004", "FL005")),
                      r["must_flag"], r["found"], r["false"], r["unclear"], r["unjudged"],
                      "-" if r["recall"] is None else f"{r['recall']:.3f}",
                      "-" if r["precision"] is None else f"{r['precision']:.3f}",
                      f"{r['seconds']:.2f}", f"{r['max_rss_mib']:.0f}"])
    widths = [max(len(str(l[i])) for l in lines) for i in range(len(head))]
    for i, l in enumerate(lines):
        if i == len(lines) - 1:
            print("  ".join("-" * w for w in widths))
        print("  ".join(str(v).ljust(w) if j == 0 else str(v).rjust(w) for j, (v, w) in enumerate(zip(l, widths))))


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check", "fetch", "run", "report", "sites"])
    ap.add_argument("only", nargs="*", help="project names (default: all)")
    ap.add_argument("--forklint", help="forklint binary (default: build target/release/forklint)")
    ap.add_argument("--jobs", type=int, help="forklint --jobs")
    ap.add_argument("--timeout", type=int, default=120, help="seconds one project may take (default 120)")
    ap.add_argument("--record", action="store_true", help="write ecosystem/recorded.json from this run")
    ap.add_argument("--out", help="directory for forklint's output (default target/ecosystem/out)")
    args = ap.parse_args()
    global OUT
    if args.out:
        OUT = Path(args.out).resolve()
    projects = load_projects(args.only)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.command in ("check", "fetch"):
        t = time.monotonic()
        fetch_debian(projects)
        fetch_crates(projects)
        print(f"fetch: {time.monotonic() - t:.1f} s", flush=True)
    if args.command == "sites":
        for p in projects:
            for h in sorted(grep_sites(p)):
                print(f"{p['name']}\t{h[0]}\t{h[1]}\t{h[2]}")
        return 0
    if args.command in ("check", "run"):
        binary = forklint_binary(args.forklint)
        t = time.monotonic()
        for p in projects:
            s = run_forklint(binary, p, args.jobs, args.timeout)
            print(f"ran {p['name']}: {s['seconds']:.2f} s, {s['max_rss_mib']:.0f} MiB {s.get('failure', '')}", flush=True)
        print(f"run: {time.monotonic() - t:.1f} s", flush=True)
    if args.command in ("check", "report"):
        return report(projects, args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
