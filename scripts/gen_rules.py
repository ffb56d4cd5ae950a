#!/usr/bin/env python3
"""Generate forklint's knowledge-base files from the shared research tables.

Reads the TSV files in the data directory (default: ../shared/data relative to
the repository) plus the curated wording in rules/advice.toml, and writes:

    rules/posix.toml       POSIX async-signal-safe list (posix-as-safe.tsv)
    rules/glibc.toml       glibc manual safety annotations (glibc-safety.tsv)
    rules/fork-notes.toml  what each libc's fork() does (fork-notes.tsv)
    rules/TAGS.md          the closed set of reason tags (rules/advice.toml)

The hand-written files (linux.toml, roles.toml, cxx.toml, advice.toml,
README.md) are not touched.

Usage:
    python3 scripts/gen_rules.py [DATA_DIR]          write the files
    python3 scripts/gen_rules.py --check [DATA_DIR]  fail if a file is stale

Python 3.11 or later, standard library only. The output is deterministic: the
same inputs always give byte-identical files, which is what --check relies on.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data"
# Written into file headers instead of the real path, so that the output does
# not depend on where the data directory was found.
DATA_LABEL = "../shared/data"
GENERATOR = "scripts/gen_rules.py"

LIBC_KEYS = ("glibc", "musl", "posix", "any")
ROW_VERDICTS = ("safe", "unsafe", "safe-on-this-libc")
# Conditions under which a glibc manual mark does not apply on Linux.
NON_LINUX_CONDITIONS = ("hurd", "bsd", "!linux", "!bsd!linux")
# glibc manual keywords that are markers, not reasons.
MARKER_KEYWORDS = ("!posix",)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class GenError(Exception):
    """A problem in the input data that a human has to fix."""


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise GenError(f"missing input file {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


@dataclass
class Advice:
    """The parsed rules/advice.toml."""

    tag_order: dict[str, int]
    tags: list[dict]
    function_note: dict[str, str] = field(default_factory=dict)
    function_instead: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[tuple[str, str], dict] = field(default_factory=dict)
    posix_deviations: dict[str, dict] = field(default_factory=dict)

    def sort_tags(self, tags: list[str], context: str) -> list[str]:
        unknown = [tag for tag in tags if tag not in self.tag_order]
        if unknown:
            raise GenError(f"{context}: unknown reason tag(s) {unknown}; add them to rules/advice.toml")
        return sorted(set(tags), key=lambda tag: self.tag_order[tag])

    def phrase(self, tag: str) -> str:
        return self.tags[self.tag_order[tag]]["phrase"]


def load_advice(path: Path) -> Advice:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    tags = raw.get("tag", [])
    order: dict[str, int] = {}
    for index, tag in enumerate(tags):
        for key in ("name", "origin", "summary", "phrase"):
            if not tag.get(key):
                raise GenError(f"{path}: tag #{index + 1} has no `{key}`")
        if tag["name"] in order:
            raise GenError(f"{path}: tag `{tag['name']}` is defined twice")
        order[tag["name"]] = index
    advice = Advice(tag_order=order, tags=tags)

    for group in raw.get("function", []):
        for name in group["names"]:
            if name in advice.function_note or name in advice.function_instead:
                raise GenError(f"{path}: function `{name}` appears in two [[function]] groups")
            if "note" in group:
                advice.function_note[name] = group["note"]
            if "instead" in group:
                advice.function_instead[name] = group["instead"]
        for name, aliases in group.get("aliases", {}).items():
            if name not in group["names"]:
                raise GenError(f"{path}: aliases for `{name}`, which is not in the group's names")
            advice.aliases[name] = list(aliases)

    for row in raw.get("row", []):
        key = (row["function"], row["libc"])
        if key in advice.rows:
            raise GenError(f"{path}: [[row]] {key} is defined twice")
        advice.sort_tags(row.get("why", []), f"{path}: [[row]] {key}")
        if row.get("scope", "fork") not in ("fork", "always"):
            raise GenError(f"{path}: [[row]] {key}: scope must be \"fork\" or \"always\"")
        advice.rows[key] = row

    for deviation in raw.get("posix_deviation", []):
        advice.sort_tags(deviation["why"], f"{path}: [[posix_deviation]] {deviation['name']}")
        advice.posix_deviations[deviation["name"]] = deviation
    return advice


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------


def toml_string(value: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def toml_array(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


def header(title: str, inputs: str, source: dict[str, str]) -> list[str]:
    lines = [
        f"# {title}",
        f"# Generated by {GENERATOR} from {inputs}; do not edit by hand.",
        "# Run `python3 scripts/gen_rules.py` after changing the data or rules/advice.toml.",
        "",
        "[source]",
    ]
    for key in ("name", "cite", "commit", "libc"):
        if key in source:
            lines.append(f"{key} = {toml_string(source[key])}")
    lines.append(f"generated_by = {toml_string(GENERATOR)}")
    return lines


def write_entry(lines: list[str], entry: dict) -> None:
    lines.append("")
    lines.append("[[entry]]")
    lines.append(f"name = {toml_string(entry['name'])}")
    if entry.get("aliases"):
        lines.append(f"aliases = {toml_array(entry['aliases'])}")
    if "verdict" in entry:
        lines.append(f"verdict = {toml_string(entry['verdict'])}")
    lines.append(f"why = {toml_array(entry['why'])}")
    lines.append(f"cite = {toml_string(entry['cite'])}")
    for key in ("note", "instead"):
        if entry.get(key):
            lines.append(f"{key} = {toml_string(entry[key])}")
    for libc in LIBC_KEYS:
        row = entry.get("libc", {}).get(libc)
        if row is None:
            continue
        lines.append(f"[entry.libc.{libc}]")
        lines.append(f"verdict = {toml_string(row['verdict'])}")
        if row.get("scope"):
            lines.append(f"scope = {toml_string(row['scope'])}")
        lines.append(f"why = {toml_array(row['why'])}")
        if row.get("note"):
            lines.append(f"note = {toml_string(row['note'])}")
        lines.append(f"cite = {toml_string(row['cite'])}")


def render(lines: list[str], entries: dict[str, dict]) -> str:
    names = set(entries)
    for entry in entries.values():
        for alias in entry.get("aliases", []):
            if alias in names:
                raise GenError(f"alias `{alias}` of `{entry['name']}` collides with another entry")
            names.add(alias)
    for name in sorted(entries):
        write_entry(lines, entries[name])
    return "\n".join(lines) + "\n"


def join_cites(cites: list[str]) -> str:
    seen: list[str] = []
    for cite in cites:
        for part in cite.split("; "):
            if part and part not in seen:
                seen.append(part)
    return "; ".join(seen)


def source_table(sources: dict[str, dict[str, str]], key: str, name: str) -> dict[str, str]:
    if key not in sources:
        raise GenError(f"sources.tsv has no `{key}` row")
    row = sources[key]
    return {"name": name, "cite": row["repo_or_url"], "commit": row["commit"]}


# --------------------------------------------------------------------------
# glibc manual annotations
# --------------------------------------------------------------------------


@dataclass
class Mark:
    """One glibc manual safety keyword, e.g. `race:tmbuf/!ps`."""

    raw: str
    keyword: str
    condition: str

    @staticmethod
    def parse(raw: str) -> "Mark":
        body, _, condition = raw.partition("/")
        keyword, _, _identifier = body.partition(":")
        return Mark(raw=raw, keyword=keyword, condition=condition)

    def applies_on_linux(self) -> bool:
        if not self.condition:
            return True
        return not any(
            self.condition == kernel or self.condition.startswith(kernel + "(")
            for kernel in NON_LINUX_CONDITIONS
        )

    def is_argument_condition(self) -> bool:
        return bool(self.condition) and self.condition not in ("linux",) and self.applies_on_linux()


def linux_marks(text: str) -> list[Mark]:
    marks = [Mark.parse(raw) for raw in text.split()]
    return [mark for mark in marks if mark.keyword not in MARKER_KEYWORDS and mark.applies_on_linux()]


def describe_condition(condition: str) -> str:
    if condition.startswith("!"):
        return f"when `{condition[1:]}` is NULL"
    return f"when `{condition}` is set"


def manual_annotation(as_marks: list[Mark], mt_marks: list[Mark]) -> str:
    parts = []
    if as_marks:
        parts.append("AS-Unsafe " + " ".join(mark.raw for mark in as_marks))
    if mt_marks:
        parts.append("MT-Unsafe " + " ".join(mark.raw for mark in mt_marks))
    return "glibc manual: " + "; ".join(parts)


def glibc_entry(row: dict[str, str], advice: Advice) -> dict:
    name = row["function"]
    derived = row["as_on_linux_derived"]
    entry: dict = {"name": name, "cite": row["source"]}
    if name in advice.function_instead:
        entry["instead"] = advice.function_instead[name]
    if name in advice.aliases:
        entry["aliases"] = advice.aliases[name]

    if row["manual_note"].startswith("unaudited"):
        entry.update(
            verdict="safe",
            why=[],
            note="the glibc manual marks it AS-Unsafe only as a placeholder because nobody has audited it; "
            "POSIX lists it as async-signal-safe",
        )
        return entry
    if derived == "unannotated":
        entry.update(verdict="unsafe", why=["unannotated"], note=advice.phrase("unannotated"))
        return entry

    as_marks = linux_marks(row["as_reasons"])
    mt_marks = linux_marks(row["as_reasons_implied_by_mt"])
    if derived == "safe":
        entry.update(verdict="safe", why=[])
        ignored = row["as_reasons"].split() + row["as_reasons_implied_by_mt"].split()
        ignored = [raw for raw in ignored if raw not in MARKER_KEYWORDS]
        if ignored:
            entry["note"] = (
                "the glibc manual's AS-Unsafe marks apply only to other kernels (" + " ".join(ignored) + ")"
            )
        return entry
    if derived not in ("unsafe", "conditional"):
        raise GenError(f"glibc-safety.tsv: `{name}` has unknown as_on_linux_derived `{derived}`")

    marks = as_marks + mt_marks
    if not marks:
        raise GenError(f"glibc-safety.tsv: `{name}` is unsafe on Linux but has no reason; curate it")
    context = f"glibc-safety.tsv `{name}`"
    why = advice.sort_tags([mark.keyword for mark in marks], context)
    annotation = manual_annotation(as_marks, mt_marks)
    if derived == "conditional":
        conditions = sorted({mark.condition for mark in marks if mark.is_argument_condition()})
        why = advice.sort_tags(why + ["conditional"], context)
        base = advice.function_note.get(name) or advice.phrase(why[0])
        note = f"{base}, but only {' or '.join(describe_condition(c) for c in conditions)} ({annotation})"
    else:
        base = advice.function_note.get(name) or advice.phrase(why[0])
        note = f"{base} ({annotation})"
    entry.update(verdict="unsafe", why=why, note=note)
    return entry


def merge_glibc(first: dict, second: dict, advice: Advice) -> dict:
    """Merges two manual entries for one name, keeping the more cautious verdict."""
    if first["verdict"] == "safe" and second["verdict"] == "unsafe":
        first, second = second, first
    merged = dict(first)
    merged["why"] = advice.sort_tags(first["why"] + second["why"], f"merging `{first['name']}`")
    merged["cite"] = join_cites([first["cite"], second["cite"]])
    return merged


def generate_glibc(data_dir: Path, sources: dict, advice: Advice) -> str:
    entries: dict[str, dict] = {}
    for row in read_tsv(data_dir / "glibc-safety.tsv"):
        entry = glibc_entry(row, advice)
        name = entry["name"]
        entries[name] = merge_glibc(entries[name], entry, advice) if name in entries else entry
    lines = header(
        "The glibc manual's async-signal-safety annotations, read for Linux.",
        f"{DATA_LABEL}/glibc-safety.tsv (column as_on_linux_derived)",
        {**source_table(sources, "glibc", "GNU C Library manual, @safety annotations"), "libc": "glibc"},
    )
    return render(lines, entries)


# --------------------------------------------------------------------------
# POSIX list
# --------------------------------------------------------------------------


def generate_posix(data_dir: Path, sources: dict, advice: Advice, glibc_rows: dict[str, str]) -> str:
    entries: dict[str, dict] = {}
    for row in read_tsv(data_dir / "posix-as-safe.tsv"):
        name = row["function"]
        if name in entries:
            raise GenError(f"posix-as-safe.tsv lists `{name}` twice")
        status = row["status"]
        entry: dict = {"name": name, "cite": row["source"]}
        if status.startswith("removed-in-"):
            standard = status.removeprefix("removed-in-")
            inside = re.fullmatch(r"unsafe\((.*)\)", row["glibc_manual_as"])
            marks = linux_marks(inside.group(1)) if inside else []
            why = advice.sort_tags([mark.keyword for mark in marks] + ["not-posix"], f"posix `{name}`")
            note = advice.function_note.get(name) or f"removed from the POSIX async-signal-safe list in {standard}"
            if marks:
                note += f" (glibc manual: AS-Unsafe {' '.join(mark.raw for mark in marks)})"
            entry.update(verdict="unsafe", why=why, note=note)
        elif status.startswith("required"):
            entry.update(verdict="safe", why=[])
            if row["notes"]:
                entry["note"] = row["notes"]
        else:
            raise GenError(f"posix-as-safe.tsv: `{name}` has unknown status `{status}`")
        if name in advice.function_instead and entry["verdict"] == "unsafe":
            entry["instead"] = advice.function_instead[name]
        deviation = advice.posix_deviations.get(name)
        if deviation is not None:
            if name not in glibc_rows:
                raise GenError(f"[[posix_deviation]] `{name}` has no row in glibc-safety.tsv to cite")
            entry["libc"] = {
                "glibc": {
                    "verdict": "unsafe",
                    "why": advice.sort_tags(deviation["why"], f"[[posix_deviation]] `{name}`"),
                    "note": deviation["note"],
                    "cite": glibc_rows[name],
                }
            }
        entries[name] = entry
    missing = set(advice.posix_deviations) - set(entries)
    if missing:
        raise GenError(f"[[posix_deviation]] names not in posix-as-safe.tsv: {sorted(missing)}")
    lines = header(
        "The POSIX list of async-signal-safe functions (POSIX.1-2024, via signal-safety(7)).",
        f"{DATA_LABEL}/posix-as-safe.tsv",
        source_table(sources, "man-pages (current)", "POSIX async-signal-safe functions, as listed in signal-safety(7)"),
    )
    return render(lines, entries)


# --------------------------------------------------------------------------
# fork notes
# --------------------------------------------------------------------------


def fork_note_names(cell: str) -> list[str] | None:
    """Splits `printf/fprintf (stdio)` into function names; None if the row is not about functions."""
    stripped = re.sub(r"\s*\([^)]*\)", "", cell).strip()
    names = stripped.split("/")
    if not all(IDENTIFIER.fullmatch(name) for name in names):
        return None
    return names


def generate_fork_notes(data_dir: Path, advice: Advice) -> str:
    rows_by_name: dict[str, dict[str, dict]] = {}
    skipped: list[str] = []
    used_overlays: set[tuple[str, str]] = set()
    for row in read_tsv(data_dir / "fork-notes.tsv"):
        cell, libc, verdict = row["function"], row["libc"], row["verdict_in_fork_child"]
        names = fork_note_names(cell)
        if libc not in LIBC_KEYS or names is None:
            skipped.append(f"{cell} ({libc})")
            continue
        if verdict not in ROW_VERDICTS:
            raise GenError(f"fork-notes.tsv: `{cell}` ({libc}) has unknown verdict `{verdict}`")
        overlay = advice.rows.get((cell, libc))
        if overlay is None:
            raise GenError(
                f"fork-notes.tsv row `{cell}` ({libc}) has no [[row]] in rules/advice.toml; "
                "add one with `why` and a one-line `note`"
            )
        used_overlays.add((cell, libc))
        record = {
            "verdict": verdict,
            "why": advice.sort_tags(overlay.get("why", []), f"[[row]] {cell} ({libc})"),
            "note": overlay["note"],
            "cite": row["source"],
        }
        if verdict == "safe-on-this-libc":
            record["scope"] = overlay.get("scope", "fork")
        for name in names:
            per_libc = rows_by_name.setdefault(name, {})
            if libc in per_libc:
                raise GenError(f"fork-notes.tsv has two `{libc}` rows for `{name}`; merge them")
            per_libc[libc] = record
    unused = set(advice.rows) - used_overlays
    if unused:
        raise GenError(f"rules/advice.toml has [[row]]s that match no fork-notes.tsv row: {sorted(unused)}")

    entries: dict[str, dict] = {}
    for name, per_libc in rows_by_name.items():
        ordered = [per_libc[libc] for libc in LIBC_KEYS if libc in per_libc]
        why = advice.sort_tags([tag for record in ordered for tag in record["why"]], f"fork-notes `{name}`")
        unsafe_notes = [
            per_libc[libc]["note"] for libc in ("posix", "any", "glibc", "musl")
            if libc in per_libc and per_libc[libc]["verdict"] != "safe"
        ]
        entry = {
            "name": name,
            "why": why,
            "cite": join_cites([record["cite"] for record in ordered]),
            "libc": per_libc,
        }
        note = advice.function_note.get(name) or (unsafe_notes[0] if unsafe_notes else None)
        if note:
            entry["note"] = note
        if name in advice.function_instead:
            entry["instead"] = advice.function_instead[name]
        entries[name] = entry

    lines = [
        "# What each libc's fork() does to each function, per libc.",
        f"# Generated by {GENERATOR} from {DATA_LABEL}/fork-notes.tsv and the",
        "# [[row]] wording in rules/advice.toml; do not edit by hand.",
        "#",
        "# Entries have no top-level verdict: a row speaks for one libc only, so a",
        "# lookup for a libc without a row continues with the next rules file.",
    ]
    cxx_rows = [item for item in skipped if "::" in item or "operator" in item]
    context_rows = [item for item in skipped if item not in cxx_rows]
    lines.append("# Rows about contexts rather than functions, implemented by forklint itself:")
    lines += [f"#   {item}" for item in context_rows]
    if cxx_rows:
        lines.append("# Rows about the C++ runtime, curated into rules/cxx.toml:")
        lines += [f"#   {item}" for item in cxx_rows]
    lines += [
        "",
        "[source]",
        f"name = {toml_string('fork-notes.tsv: what glibc, musl and POSIX promise in a fork child')}",
        "cite = "
        + toml_string(
            "glibc https://github.com/bminor/glibc; musl https://github.com/bminor/musl; "
            "man-pages https://github.com/kernelorg-mirror/docs_man-pages_man-pages and "
            "https://github.com/teknoraver/man-pages (see ../shared/data/sources.tsv)"
        ),
        "commit = "
        + toml_string("glibc 04e750e75b73, musl 86373b4999bf, man-pages 451e17b26ade and 3594c93dd29a"),
        f"generated_by = {toml_string(GENERATOR)}",
    ]
    return render(lines, entries)


# --------------------------------------------------------------------------
# TAGS.md
# --------------------------------------------------------------------------


def generate_tags(advice: Advice) -> str:
    lines = [
        "# Reason tags",
        "",
        "<!-- Generated by scripts/gen_rules.py from rules/advice.toml; do not edit by hand. -->",
        "",
        "Every `why` list in `rules/*.toml` uses only these tags.",
        "They copy the glibc manual's AS-Unsafe vocabulary (see `../shared/data/glibc-safety-legend.tsv`) and add a few of forklint's own.",
        "The list is ordered from most to least serious; generated files list an entry's tags in this order.",
        "",
        "The manual's MT-only keywords (`locale`, `env` as a reader mark, `hostid`, `sigintr`, `cwd`) and AC-only keywords (`fd`, `mem`) are not reasons for async-signal unsafety, so they never appear.",
        "Marks that apply only to other kernels (`/hurd`, `/bsd`, `/!linux`) are dropped.",
        "",
        "## Tags",
        "",
    ]
    for tag in advice.tags:
        lines.append(f"- `{tag['name']}`: {tag['summary']} ({tag['origin']})")
    lines += [
        "",
        "## Default advice",
        "",
        "When an entry has no `instead`, forklint uses the first of its tags that has one:",
        "",
    ]
    for tag in advice.tags:
        if tag.get("instead"):
            lines.append(f"- `{tag['name']}`: {tag['instead']}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def generate(data_dir: Path) -> dict[Path, str]:
    advice = load_advice(RULES / "advice.toml")
    sources = {row["source"]: row for row in read_tsv(data_dir / "sources.tsv")}
    glibc_cites: dict[str, str] = {}
    for row in read_tsv(data_dir / "glibc-safety.tsv"):
        glibc_cites.setdefault(row["function"], row["source"])
    return {
        RULES / "posix.toml": generate_posix(data_dir, sources, advice, glibc_cites),
        RULES / "glibc.toml": generate_glibc(data_dir, sources, advice),
        RULES / "fork-notes.toml": generate_fork_notes(data_dir, advice),
        RULES / "TAGS.md": generate_tags(advice),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR,
                        help=f"directory holding the TSV files (default: {DATA_LABEL})")
    parser.add_argument("--check", action="store_true",
                        help="compare with the files on disk instead of writing them; exit 1 if any differ")
    args = parser.parse_args(argv)
    try:
        outputs = generate(args.data_dir)
    except GenError as error:
        print(f"gen_rules.py: error: {error}", file=sys.stderr)
        return 2

    stale = []
    for path, text in outputs.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current == text:
            continue
        if args.check:
            stale.append(path)
            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(),
                fromfile=f"{path.relative_to(REPO)} (on disk)",
                tofile=f"{path.relative_to(REPO)} (generated)", lineterm="", n=1,
            )
            for line_no, line in enumerate(diff):
                if line_no >= 40:
                    print("...", file=sys.stderr)
                    break
                print(line, file=sys.stderr)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    if stale:
        names = ", ".join(str(path.relative_to(REPO)) for path in stale)
        print(f"gen_rules.py: stale: {names}; run `python3 {GENERATOR}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
