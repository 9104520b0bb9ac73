#!/usr/bin/env python3
"""Fail when a target imports a module that Package.swift does not declare for it.

SwiftPM builds every module of the graph into one directory, so a target can often `import X`
without declaring X: it works because some other target happens to pull X in, and breaks as soon
as the graph is rearranged. This script compares each target's imports with its declared
dependencies and also checks two kinds of project rules (see --help).

Standard library only. Exit status: 0 clean, 1 violations, 2 usage or tool error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# Modules that come with the toolchain or the platform and need no declaration.
SYSTEM_MODULES = frozenset("""
    Foundation FoundationEssentials FoundationInternationalization FoundationNetworking FoundationXML
    Dispatch Glibc Musl Darwin CoreFoundation Synchronization _Concurrency _StringProcessing
    RegexBuilder Observation os XCTest Testing Swift SwiftShims
""".split())

# Used only without .build/checkouts: products whose modules are not just the product's name.
# Everything else is assumed to be "product name == module name".
KNOWN_PRODUCT_MODULES = {
    # swift-collections: the umbrella product is one module that re-exports the others, but the
    # per-collection products are each their own module under a *Module name.
    "Collections": {"Collections"},
    "DequeModule": {"DequeModule"},
    "OrderedCollections": {"OrderedCollections"},
    # swift-syntax: a macro target usually takes these two products together.
    "SwiftCompilerPlugin": {"SwiftCompilerPlugin"},
    "SwiftSyntaxMacros": {"SwiftSyntaxMacros"},
}

IMPORT_KINDS = r"(?:typealias|struct|class|enum|protocol|let|var|func|actor|macro)"
IMPORT_RE = re.compile(
    r"^\s*(?:@[A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?\s+)*"      # @testable, @preconcurrency, @_spi(X), ...
    r"(?:(?:public|package|internal|private|fileprivate|open)\s+)?"
    r"import\s+(?:" + IMPORT_KINDS + r"\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)"                               # the module: first path component
    r"(?:\.[A-Za-z_][A-Za-z0-9_.]*)?\s*;?\s*$"
)
DIRECTIVE_RE = re.compile(r"^\s*#\s*(if|elseif|else|endif)\b(.*)$")
STRING_OPEN_RE = re.compile(r'(#*)("""|")')
CANIMPORT_RE = re.compile(r"canImport\(\s*([A-Za-z_][A-Za-z0-9_]*)")


class ToolError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Source scanning


def code_lines(text: str) -> list[str]:
    """The file's lines with comments and string literal contents blanked out.

    A small lexer: nested block comments, line comments, single-line and multi-line strings with
    raw-string # delimiters, and interpolations (which are code again, and may hold strings).
    """
    out = []
    i, n = 0, len(text)
    # Stack of contexts: ("code", paren_depth) or ("str", hashes, multiline) or ("block", depth).
    stack: list[tuple] = [("code", 0)]
    while i < n:
        c = text[i]
        top = stack[-1]
        if top[0] == "code":
            if text.startswith("//", i):
                j = text.find("\n", i)
                j = n if j < 0 else j
                out.append(" " * (j - i))
                i = j
                continue
            if text.startswith("/*", i):
                stack.append(("block", 1))
                out.append("  ")
                i += 2
                continue
            m = STRING_OPEN_RE.match(text, i) if c in '"#' else None
            if m:
                hashes = len(m.group(1))
                multiline = m.group(2) == '"""'
                stack.append(("str", hashes, multiline))
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
                continue
            if c == "(" and len(stack) > 1:
                stack[-1] = ("code", top[1] + 1)
            elif c == ")" and len(stack) > 1:
                if top[1] == 0:  # end of an interpolation
                    stack.pop()
                    out.append(" ")
                    i += 1
                    continue
                stack[-1] = ("code", top[1] - 1)
            out.append(c)
            i += 1
        elif top[0] == "block":
            if text.startswith("/*", i):
                stack[-1] = ("block", top[1] + 1)
                out.append("  ")
                i += 2
            elif text.startswith("*/", i):
                if top[1] == 1:
                    stack.pop()
                else:
                    stack[-1] = ("block", top[1] - 1)
                out.append("  ")
                i += 2
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
        else:  # string
            _, hashes, multiline = top
            close = ('"""' if multiline else '"') + "#" * hashes
            escape = "\\" + "#" * hashes
            if text.startswith(close, i):
                stack.pop()
                out.append(" " * len(close))
                i += len(close)
            elif text.startswith(escape + "(", i):
                stack.append(("code", 0))
                out.append(" " * (len(escape) + 1))
                i += len(escape) + 1
            elif text.startswith(escape, i) and i + len(escape) < n:
                nxt = text[i + len(escape)]
                out.append(" " * len(escape) + ("\n" if nxt == "\n" else " "))
                i += len(escape) + 1
            elif c == "\n" and not multiline:
                stack.pop()  # unterminated single-line string: give up on it at the line end
                out.append(c)
                i += 1
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
    return "".join(out).split("\n")


def imports_in(text: str) -> list[tuple[int, str]]:
    """(line number, module) for each import not guarded by #if canImport(that module)."""
    found = []
    guards: list[set[str]] = []  # per open #if: modules guarded by the branch we are in

    def guard_of(cond: str) -> set[str]:
        if "!" in cond or "||" in cond:
            return set()
        return set(CANIMPORT_RE.findall(cond))

    for number, line in enumerate(code_lines(text), 1):
        d = DIRECTIVE_RE.match(line)
        if d:
            kind, cond = d.group(1), d.group(2)
            if kind == "if":
                guards.append(guard_of(cond))
            elif kind == "elseif" and guards:
                guards[-1] = guard_of(cond)
            elif kind == "else" and guards:
                guards[-1] = set()
            elif kind == "endif" and guards:
                guards.pop()
            continue
        m = IMPORT_RE.match(line)
        if m:
            module = m.group(1)
            if not any(module in g for g in guards):
                found.append((number, module))
    return found


def target_dir(root: Path, target: dict) -> Path:
    if target.get("path"):
        return root / target["path"]
    kind = target.get("type")
    if kind == "test":
        bases = ["Tests", "test"]
    elif kind == "plugin":
        bases = ["Plugins"]
    else:
        bases = ["Sources", "Source", "src", "srcs"]
    for base in bases:
        if (root / base / target["name"]).is_dir():
            return root / base / target["name"]
    return root / bases[0] / target["name"]


def swift_files(root: Path, target: dict) -> list[Path]:
    base = target_dir(root, target)
    if not base.is_dir():
        return []
    excluded = [(base / e).resolve() for e in target.get("exclude") or []]
    sources = target.get("sources")
    roots = [base / s for s in sources] if sources else [base]
    files = set()
    for r in roots:
        candidates = [r] if r.is_file() else r.rglob("*.swift") if r.is_dir() else []
        for f in candidates:
            if f.suffix != ".swift":
                continue
            rf = f.resolve()
            if any(rf == e or e in rf.parents for e in excluded):
                continue
            if any(part.startswith(".") for part in f.relative_to(base).parts):
                continue
            files.add(f)
    return sorted(files)


# ---------------------------------------------------------------------------------------------
# The declared graph


def dump_package(path: Path | None, env_extra: dict[str, str] | None = None) -> dict:
    cmd = ["swift", "package", "dump-package"]
    if path is not None:
        cmd += ["--package-path", str(path)]
    env = dict(os.environ, **(env_extra or {}))
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    except OSError as e:
        raise ToolError(f"cannot run {' '.join(cmd)}: {e}")
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise ToolError(f"`{' '.join(cmd)}` failed ({result.returncode}): {tail}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as e:
        raise ToolError(f"`{' '.join(cmd)}` printed no JSON: {e}")


def dependency(dep: dict) -> tuple[str, str, str | None]:
    """("byName" | "target" | "product", name, package or None)."""
    for kind in ("byName", "target", "product"):
        if kind in dep:
            value = dep[kind]
            return kind, value[0], (value[1] if kind == "product" else None)
    raise ToolError(f"unknown dependency form in dump: {json.dumps(dep)}")


class Packages:
    """Products of the dependency packages: from .build/checkouts if there, else by name."""

    def __init__(self, checkouts: Path | None):
        self.manifests: dict[str, dict] = {}   # lowercase identity or name -> manifest dump
        self.mode = "fallback"
        if checkouts is not None and checkouts.is_dir():
            dirs = sorted(p for p in checkouts.iterdir() if (p / "Package.swift").is_file())
            for d in dirs:
                manifest = dump_package(d)
                self.manifests[d.name.lower()] = manifest
                self.manifests.setdefault(str(manifest.get("name", "")).lower(), manifest)
            self.mode = f"checkouts ({len(dirs)} packages in {checkouts})"

    @property
    def have_manifests(self) -> bool:
        return bool(self.manifests)

    def manifest(self, package: str | None) -> dict | None:
        return self.manifests.get(package.lower()) if package else None

    def find_product(self, name: str, package: str | None) -> tuple[dict | None, dict | None]:
        """(manifest, product) for a product dependency; package None searches every package."""
        candidates = [self.manifest(package)] if package else sorted(
            {id(m): m for m in self.manifests.values()}.values(), key=lambda m: str(m.get("name")))
        for m in candidates:
            for p in (m or {}).get("products", []):
                if p["name"] == name:
                    return m, p
        return None, None

    def modules_of_product(self, name: str, package: str | None) -> set[str]:
        if self.have_manifests:
            m, p = self.find_product(name, package)
            if p is not None:
                tests = {t["name"] for t in m.get("targets", []) if t.get("type") == "test"}
                return set(p.get("targets", [])) - tests
            return {name}  # not found: be lenient, it is the common case anyway
        return KNOWN_PRODUCT_MODULES.get(name, {name})


def declared_modules(target: dict, local: dict[str, dict], packages: Packages) -> set[str]:
    allowed = set()
    for dep in target.get("dependencies", []):
        kind, name, package = dependency(dep)
        if kind == "target" or (kind == "byName" and name in local):
            allowed.add(name)
        else:
            allowed |= packages.modules_of_product(name, package)
    return allowed


def reachable_names(start: str, local: dict[str, dict], packages: Packages) -> dict[str, list[str]]:
    """Target, product and package names reachable from a target through declared dependencies,
    each with the chain of target names that leads to it."""
    names: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    work: list[tuple[str, dict, list[str]]] = [("", local[start], [start])]  # (package, target, chain)
    while work:
        work.sort(key=lambda w: len(w[2]), reverse=True)  # breadth first: shortest chains win
        pkg, target, chain = work.pop()

        def add(name: str) -> None:
            if name and name not in names:
                names[name] = chain

        if pkg == "":
            targets = local
        else:
            m = packages.manifest(pkg) or {}
            targets = {t["name"]: t for t in m.get("targets", [])}
        for dep in target.get("dependencies", []):
            kind, name, package = dependency(dep)
            if kind == "target" or (kind == "byName" and name in targets):
                add(name)
                if (pkg, name) not in seen:
                    seen.add((pkg, name))
                    work.append((pkg, targets[name], chain + [name]))
                continue
            add(name)
            if package:
                add(package)
            m, product = packages.find_product(name, package)
            if product is None:
                continue
            ident = next(k for k, v in packages.manifests.items() if v is m)
            add(str(m.get("name", "")))
            add(ident)
            dep_targets = {t["name"]: t for t in m.get("targets", [])}
            for t in product.get("targets", []):
                if (ident, t) not in seen and t in dep_targets:
                    seen.add((ident, t))
                    add(t)
                    work.append((ident, dep_targets[t], chain + [t]))
    return names


# ---------------------------------------------------------------------------------------------
# Main


def parse_rule(text: str, sep: str, what: str) -> tuple[str, list[str]]:
    left, _, right = text.partition(sep)
    items = [x.strip() for x in right.split(",") if x.strip()]
    if not left.strip() or not items:
        raise ToolError(f"bad {what} {text!r}")
    return left.strip(), items


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.dump:
        try:
            manifest = json.loads(Path(args.dump).read_text())
        except (OSError, json.JSONDecodeError) as e:
            raise ToolError(f"cannot read --dump {args.dump}: {e}")
    else:
        manifest = dump_package(root, {"VIGIE_FUZZ": "1"})
    if args.no_checkouts:
        checkouts = None
    else:
        checkouts = Path(args.checkouts).resolve() if args.checkouts else root / ".build" / "checkouts"
    packages = Packages(checkouts)

    targets = {t["name"]: t for t in manifest.get("targets", [])}
    forbid = [parse_rule(r, ":", "--forbid-transitive") for r in args.forbid_transitive]
    only = [parse_rule(r, ":", "--only-importer") for r in args.only_importer]
    for t, _ in forbid:
        if t not in targets:
            raise ToolError(f"--forbid-transitive: no target named {t!r} in the package")
    for module, importers in only:
        for t in importers:
            if t not in targets:
                print(f"check-imports: note: --only-importer {module}: no target named {t!r}", file=sys.stderr)

    print(f"check-imports: {len(targets)} targets; product modules from {packages.mode}"
          + ("" if packages.have_manifests else ": product name == module name"))

    violations: list[tuple[str, int, str]] = []
    for name in sorted(targets):
        target = targets[name]
        if target.get("type") in ("binary", "system"):
            continue
        allowed = declared_modules(target, targets, packages) | SYSTEM_MODULES
        if target.get("type") == "plugin":
            allowed.add("PackagePlugin")
        for f in swift_files(root, target):
            rel = f.relative_to(root).as_posix() if f.is_relative_to(root) else str(f)
            try:
                text = f.read_text(encoding="utf-8", errors="replace")
            except OSError as e:
                raise ToolError(f"cannot read {rel}: {e}")
            for line, module in imports_in(text):
                if module not in allowed and module != name:
                    violations.append((rel, line, f"target '{name}' imports '{module}' but does not declare it in Package.swift"))
                for rule_module, importers in only:
                    if module == rule_module and name not in importers:
                        if args.allow_tests and target.get("type") == "test":
                            continue
                        violations.append((rel, line, f"target '{name}' imports '{module}', which only {', '.join(repr(i) for i in importers)} may import"))

    rule_violations = []
    for t, modules in forbid:
        reach = reachable_names(t, targets, packages)
        reach_lower = {r.lower(): chain for r, chain in sorted(reach.items())}
        for module in modules:
            chain = reach.get(module) or reach_lower.get(module.lower())
            if chain is not None:
                via = " -> ".join(chain + [module])
                rule_violations.append(f"Package.swift: target '{t}' reaches '{module}' ({via}), which is forbidden")

    for rel, line, message in sorted(set(violations), key=lambda v: (v[0], v[1], v[2])):
        print(f"{rel}:{line}: {message}")
    for message in sorted(set(rule_violations)):
        print(message)
    count = len(set(violations)) + len(set(rule_violations))
    offenders = len({v[2].split("'")[1] for v in set(violations)})
    if count:
        print(f"check-imports: {count} violation(s): {len(set(violations))} import(s) in {offenders} target(s), {len(set(rule_violations))} dependency rule(s)")
        return 1
    print("check-imports: OK, every import is declared")
    return 0


# ---------------------------------------------------------------------------------------------
# Self-test: a fake package in a temporary directory, checked through a subprocess.


def self_test() -> int:
    def target(name, kind="regular", deps=(), path=None, exclude=()):
        return {"name": name, "type": kind, "path": path, "exclude": list(exclude), "sources": None,
                "dependencies": [d if isinstance(d, dict) else {"byName": [d, None]} for d in deps]}

    product = lambda name, pkg: {"product": [name, pkg, None, None]}  # noqa: E731
    files = {
        "Sources/Lib/Lib.swift": "import Foundation\n@preconcurrency import Dep\n",
        "Sources/Lib/Guarded.swift": "#if canImport(FoundationXML)\n    import FoundationXML\n#endif\n"
                                     "#if canImport(Ghost)\nimport Ghost\n#else\nimport Other\n#endif\n",
        "Sources/App/main.swift": (
            "// import Commented\n/* import Blocked\n /* nested */ import StillBlocked\n*/\n"
            "let s = \"\"\"\n    import InString\n    \"\"\"\nlet r = #\"\"\"\nimport InRaw \\(x)\n\"\"\"#\n"
            "import Lib\n@testable import Other\nimport struct Hidden.Thing\npublic import Parser\n"
        ),
        "Sources/App/Excluded/Skip.swift": "import Excluded\n",
        "Tests/LibTests/LibTests.swift": "import Testing\n@testable import Lib\nimport Dep\n",
    }
    dump = {"name": "Fake", "targets": [
        target("Dep"),
        target("Other"),
        target("Lib", deps=["Dep"]),
        target("App", "executable", deps=["Lib", product("ArgumentParser", "swift-argument-parser")],
               exclude=["Excluded"]),
        target("LibTests", "test", deps=["Lib"]),
    ]}
    expected = [
        "Sources/App/main.swift:12: target 'App' imports 'Other' but does not declare it in Package.swift",
        "Sources/App/main.swift:13: target 'App' imports 'Hidden' but does not declare it in Package.swift",
        "Sources/App/main.swift:14: target 'App' imports 'Parser' but does not declare it in Package.swift",
        "Sources/Lib/Guarded.swift:7: target 'Lib' imports 'Other' but does not declare it in Package.swift",
        "Tests/LibTests/LibTests.swift:3: target 'LibTests' imports 'Dep' but does not declare it in Package.swift",
        "Package.swift: target 'App' reaches 'Dep' (App -> Lib -> Dep), which is forbidden",
    ]
    failures = []

    def check(name, dump_json, extra, want_rc, want_lines, unwanted=()):
        with tempfile.TemporaryDirectory(prefix="check-imports-") as tmp:
            for rel, text in files.items():
                (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / rel).write_text(text)
            (Path(tmp) / "dump.json").write_text(json.dumps(dump_json))
            cmd = [sys.executable, __file__, "--root", tmp, "--dump", str(Path(tmp) / "dump.json"), *extra]
            r = subprocess.run(cmd, capture_output=True, text=True)
        lines = [line for line in r.stdout.splitlines() if not line.startswith("check-imports:")]
        problems = []
        if r.returncode != want_rc:
            problems.append(f"exit {r.returncode}, wanted {want_rc}")
        if want_lines is not None and lines != want_lines:
            problems.append("lines:\n      " + "\n      ".join(lines or ["(none)"])
                            + "\n    wanted:\n      " + "\n      ".join(want_lines or ["(none)"]))
        for u in unwanted:
            if u in r.stdout:
                problems.append(f"unexpected {u!r} in output")
        status = "ok" if not problems else "FAIL"
        print(f"self-test {name}: {status}")
        for p in problems:
            print(f"    {p}")
        if r.stderr.strip() and problems:
            print("    stderr: " + r.stderr.strip())
        if problems:
            failures.append(name)

    check("violations found", dump, ["--no-checkouts", "--forbid-transitive", "App:Dep"], 1, expected,
          unwanted=["Commented", "Blocked", "InString", "InRaw", "Excluded", "Ghost", "'FoundationXML'"])
    fixed = json.loads(json.dumps(dump))
    fixed["targets"][2]["dependencies"].append({"byName": ["Other", None]})
    fixed["targets"][3]["dependencies"] += [{"target": ["Other", None]}, {"byName": ["Hidden", None]},
                                            {"product": ["Parser", "swift-parser", None, None]}]
    fixed["targets"][4]["dependencies"].append({"byName": ["Dep", None]})
    check("clean layout passes", fixed, ["--no-checkouts", "--forbid-transitive", "Lib:Nothing"], 0, [])
    check("only-importer", fixed, ["--no-checkouts", "--only-importer", "Dep:Lib"], 1, [
        "Tests/LibTests/LibTests.swift:3: target 'LibTests' imports 'Dep', which only 'Lib' may import"])
    check("only-importer --allow-tests", fixed, ["--no-checkouts", "--only-importer", "Dep:Lib", "--allow-tests"], 0, [])
    check("unknown rule target is a usage error", fixed, ["--no-checkouts", "--forbid-transitive", "Nope:Dep"], 2, None)

    if failures:
        print(f"self-test: FAILED ({', '.join(failures)})")
        return 1
    print("self-test: all passed")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="check-imports",
        description="Fail when a target imports a module it does not declare in Package.swift.")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent),
                        help="package root (default: the repository holding this script)")
    parser.add_argument("--dump", metavar="FILE", help="read `swift package dump-package` JSON from FILE instead of running it")
    parser.add_argument("--checkouts", metavar="DIR", help="dependency checkouts (default: ROOT/.build/checkouts)")
    parser.add_argument("--no-checkouts", action="store_true", help="do not read dependency manifests; product name == module name")
    parser.add_argument("--forbid-transitive", metavar="TARGET:MODULE[,MODULE]", action="append", default=[],
                        help="fail if MODULE (a target, product or package name) is reachable from TARGET")
    parser.add_argument("--only-importer", metavar="MODULE:TARGET[,TARGET]", action="append", default=[],
                        help="fail if a target other than the listed ones imports MODULE")
    parser.add_argument("--allow-tests", action="store_true", help="test targets are exempt from --only-importer")
    parser.add_argument("--self-test", action="store_true", help="check this script against a fake package and exit")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    try:
        return run(args)
    except ToolError as e:
        print(f"check-imports: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
