#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that Documentation/netlink/specs/mvlan.yaml, the uAPI header
kmod/include/uapi/linux/mvlan.h and the policies in kmod/genl_family.c agree.

Runs on the host (no module needed) and prints KTAP. Exit status 0 when
every check passes, 1 otherwise, 4 when a prerequisite is missing.
"""

import os
import re
import sys

try:
    import yaml
except ImportError:
    print("TAP version 13\n1..0 # SKIP python3-yaml is not installed")
    sys.exit(4)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SPEC = os.path.join(ROOT, "Documentation/netlink/specs/mvlan.yaml")
UAPI = os.path.join(ROOT, "kmod/include/uapi/linux/mvlan.h")
NETLINK_C = os.path.join(ROOT, "kmod/genl_family.c")
LICENSE = "((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)"


def c_upper(name):
    return name.upper().replace("-", "_")


# --------------------------------------------------------------------------
# uAPI header


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


class Header:
    """#defines and enums of a C header, values evaluated."""

    def __init__(self, path):
        text = strip_comments(open(path).read())
        text = text.replace("\\\n", " ")
        self.defines = {}
        self.values = {}
        self.enums = []  # (enum name or None, [(member, value)])
        for m in re.finditer(r"^[ \t]*#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$", text, re.M):
            self.defines[m.group(1)] = m.group(2)
        for m in re.finditer(r"enum\s*(\w*)\s*\{(.*?)\}\s*;", text, re.S):
            members, value = [], -1
            for item in m.group(2).split(","):
                item = item.strip()
                if not item:
                    continue
                if "=" in item:
                    name, expr = (s.strip() for s in item.split("=", 1))
                    value = self.eval(expr)
                else:
                    name, value = item, value + 1
                self.values[name] = value
                members.append((name, value))
            self.enums.append((m.group(1) or None, members))
        for name, expr in self.defines.items():
            if name not in self.values:
                try:
                    self.values[name] = self.eval(expr)
                except (NameError, SyntaxError, TypeError):
                    pass

    def eval(self, expr):
        expr = expr.strip()
        if expr.startswith('"'):
            return expr.strip('"')

        def sub(m):
            word = m.group(0)
            if word in self.values:
                return repr(self.values[word])
            if word in self.defines:
                return "(%s)" % self.defines[word]
            return word

        for _ in range(8):
            new = re.sub(r"\b[A-Za-z_]\w*\b", sub, expr)
            if new == expr:
                break
            expr = new
        expr = re.sub(r"\b(\d+)[uUlL]+\b", r"\1", expr)
        return eval(expr, {"__builtins__": {}})

    def enum_named(self, name):
        for ename, members in self.enums:
            if ename == name:
                return members
        return None

    def enum_with(self, member):
        for ename, members in self.enums:
            if member in (m for m, _ in members):
                return members
        return None


# --------------------------------------------------------------------------
# genl_family.c policies


def parse_policies(path):
    """{policy name: {attr C name: kind}} and {cmd C name: policy name}."""
    text = strip_comments(open(path).read())
    macros = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+((?:.*\\\n)*.*)$", text, re.M):
        macros[m.group(1)] = m.group(2).replace("\\\n", " ").strip()

    def expand(expr):
        for _ in range(4):
            expr = re.sub(r"\b(MVLAN_POLICY_\w+)\b",
                          lambda m: macros.get(m.group(1), m.group(1)), expr)
        return expr

    policies = {}
    pat = r"static\s+const\s+struct\s+nla_policy\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\};"
    for m in re.finditer(pat, text, re.S):
        entries = {}
        body = m.group(2)
        for e in re.finditer(r"\[\s*(\w+)(?:\s*\.\.\.\s*(\w+))?\s*\]\s*=\s*(.*?)(?=,\s*\n\s*\[|,?\s*$)",
                             body, re.S):
            first, last, expr = e.group(1), e.group(2), expand(e.group(3))
            first = macros.get(first, first)
            last = macros.get(last, last) if last else None
            entries[(first, last)] = expr
        policies[m.group(1)] = entries
    ops = {}
    for m in re.finditer(r"\{([^{}]*?\.cmd\s*=\s*(\w+)[^{}]*?)\}", text, re.S):
        pol = re.search(r"\.policy\s*=\s*(\w+)", m.group(1))
        ops[m.group(2)] = pol.group(1) if pol else None
    return policies, ops


def policy_kind(expr):
    """Spec type a policy expression accepts, or 'reject'."""
    if "NLA_REJECT" in expr:
        return "reject"
    if "NLA_POLICY_NESTED" in expr or "NLA_NESTED" in expr:
        return "nest"
    if "EXACT_LEN" in expr or "NLA_BINARY" in expr:
        return "binary"
    if "NLA_NUL_STRING" in expr or "NLA_STRING" in expr:
        return "string"
    if "NLA_FLAG" in expr:
        return "flag"
    for t in ("U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64"):
        if re.search(r"\bNLA_%s\b" % t, expr):
            return t.lower()
    return "unknown"


# --------------------------------------------------------------------------
# KTAP


class Ktap:
    def __init__(self):
        self.results = []

    def check(self, desc, problems):
        try:
            problems = list(problems)
        except Exception as e:  # a malformed input is a failure, not a crash
            problems = ["%s: %s" % (type(e).__name__, e)]
        self.results.append((desc, problems, None))

    def skip(self, desc, reason):
        self.results.append((desc, [], reason))

    def finish(self):
        print("TAP version 13")
        print("1..%d" % len(self.results))
        failed = 0
        for i, (desc, problems, skip) in enumerate(self.results, 1):
            if skip:
                print("ok %d %s # SKIP %s" % (i, desc, skip))
            elif problems:
                failed += 1
                for p in problems:
                    print("# %s" % p)
                print("not ok %d %s" % (i, desc))
            else:
                print("ok %d %s" % (i, desc))
        print("# Totals: pass:%d fail:%d skip:%d" %
              (len([r for r in self.results if not r[1] and not r[2]]),
               failed, len([r for r in self.results if r[2]])))
        return 1 if failed else 0


# --------------------------------------------------------------------------
# Checks


def check_family(spec, hdr):
    fam = c_upper(spec.get("c-family-name", spec["name"] + "-family-name"))
    ver = c_upper(spec.get("c-version-name", spec["name"] + "-family-version"))
    if hdr.values.get(fam) != spec["name"]:
        yield "%s is %r, spec name is %r" % (fam, hdr.values.get(fam), spec["name"])
    if hdr.values.get(ver) != spec.get("version", 1):
        yield "%s is %r, spec version is %r" % (ver, hdr.values.get(ver), spec.get("version", 1))
    for grp in spec.get("mcast-groups", {}).get("list", []):
        define = c_upper(grp.get("c-define-name",
                                 "%s-mcgrp-%s" % (spec["name"], grp["name"])))
        if hdr.values.get(define) != grp["name"]:
            yield "%s is %r, spec group is %r" % (define, hdr.values.get(define), grp["name"])


def check_definitions(spec, hdr):
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            cname = c_upper("%s-%s" % (spec["name"], d["name"]))
            if hdr.values.get(cname) != d["value"]:
                yield "const %s: header %r, spec %r" % (cname, hdr.values.get(cname), d["value"])
            continue
        members = hdr.enum_named(d.get("enum-name", "%s_%s" % (spec["name"], d["name"].replace("-", "_"))))
        if members is None:
            yield "enum %s missing in the header" % d.get("enum-name")
            continue
        prefix = d.get("name-prefix", "%s-%s-" % (spec["name"], d["name"]))
        expected = {}
        value = d.get("value-start", 0)
        for i, e in enumerate(d["entries"]):
            e = e if isinstance(e, dict) else {"name": e}
            if d["type"] == "flags":
                value = e.get("value", 1 << (i + d.get("value-start", 0)))
            else:
                value = e.get("value", value)
            expected[c_upper(prefix + e["name"])] = value
            value += 1
        got = {m: v for m, v in members if not m.startswith("__")}
        for name, v in expected.items():
            if got.get(name) != v:
                yield "%s: header %r, spec %r" % (name, got.get(name), v)
        for name in got:
            if name not in expected:
                yield "%s is in the header but not in the spec" % name


def attr_sets(spec):
    return {s["name"]: s for s in spec["attribute-sets"]}


def check_attr_sets(spec, hdr):
    for s in spec["attribute-sets"]:
        if "subset-of" in s:
            parent = attr_sets(spec)[s["subset-of"]]
            names = {a["name"] for a in parent["attributes"]}
            for a in s["attributes"]:
                if a["name"] not in names:
                    yield "subset %s: %s is not in %s" % (s["name"], a["name"], parent["name"])
            continue
        prefix = s.get("name-prefix", "%s-a-" % spec["name"])
        expected, value = {}, 1
        for a in s["attributes"]:
            value = a.get("value", value)
            expected[c_upper(prefix + a["name"])] = value
            value += 1
        members = hdr.enum_with(next(iter(expected)))
        if members is None:
            yield "set %s: no header enum holds %s" % (s["name"], next(iter(expected)))
            continue
        got = {m: v for m, v in members
               if not m.startswith("__") and not m.endswith("_UNSPEC")}
        for name, v in expected.items():
            if got.get(name) != v:
                yield "%s: header %r, spec %r" % (name, got.get(name), v)
        for name in got:
            if name not in expected:
                yield "%s is in the header but not in the spec" % name
        maxname = c_upper(s.get("attr-max-name", prefix + "max"))
        if hdr.values.get(maxname) != max(expected.values()):
            yield "%s: header %r, spec %r" % (maxname, hdr.values.get(maxname), max(expected.values()))


def check_operations(spec, hdr):
    ops = spec["operations"]
    prefix = ops.get("name-prefix", "%s-cmd-" % spec["name"])
    expected, value = {}, 1
    for op in ops["list"]:
        value = op.get("value", value)
        expected[c_upper(prefix + op["name"])] = value
        value += 1
    members = hdr.enum_with(next(iter(expected)))
    got = {m: v for m, v in (members or [])
           if not m.startswith("__") and not m.endswith("_UNSPEC")}
    for name, v in expected.items():
        if got.get(name) != v:
            yield "%s: header %r, spec %r" % (name, got.get(name), v)
    for name in got:
        if name not in expected:
            yield "%s is in the header but not in the spec" % name
    maxname = c_upper(spec.get("cmd-max-name", prefix + "max"))
    if hdr.values.get(maxname) != max(expected.values()):
        yield "%s: header %r, spec %r" % (maxname, hdr.values.get(maxname), max(expected.values()))
    groups = {g["name"] for g in spec.get("mcast-groups", {}).get("list", [])}
    for op in ops["list"]:
        if "mcgrp" in op and op["mcgrp"] not in groups:
            yield "op %s: unknown mcgrp %s" % (op["name"], op["mcgrp"])
        if "notify" in op and op["notify"] not in (o["name"] for o in ops["list"]):
            yield "op %s: notify names unknown op %s" % (op["name"], op["notify"])


def policy_lookup(entries, hdr, cname):
    """The policy expression that applies to attribute @cname, or None."""
    value = hdr.values.get(cname)
    if value is None:
        return None
    for (first, last), expr in entries.items():
        if first == cname:
            return expr
        lo, hi = hdr.values.get(first), hdr.values.get(last)
        if last and lo is not None and hi is not None and lo <= value <= hi:
            return expr
    return None


def check_policies(spec, hdr, policies, cmd_policy):
    sets = attr_sets(spec)
    ops = spec["operations"]
    prefix = ops.get("name-prefix", "%s-cmd-" % spec["name"])
    for op in ops["list"]:
        cmd = c_upper(prefix + op["name"])
        requests = [op[k]["request"] for k in ("do", "dump")
                    if k in op and "request" in op[k]]
        if not requests and ("do" in op or "dump" in op):
            requests = [{"attributes": []}]
        if not requests:
            if cmd in cmd_policy:
                yield "%s: notification has a request handler" % cmd
            continue
        if "uns-admin-perm" not in op.get("flags", []):
            yield "%s: spec lacks uns-admin-perm" % cmd
        pol = cmd_policy.get(cmd)
        if pol is None or pol not in policies:
            yield "%s: no policy in genl_family.c" % cmd
            continue
        aset = sets[op["attribute-set"]]
        aprefix = aset.get("name-prefix", "%s-a-" % spec["name"])
        wanted = set()
        for r in requests:
            wanted.update(r.get("attributes", []))
        for a in aset["attributes"]:
            cname = c_upper(aprefix + a["name"])
            expr = policy_lookup(policies[pol], hdr, cname)
            kind = policy_kind(expr) if expr else None
            if a["name"] in wanted:
                if kind in (None, "reject"):
                    yield "%s: spec requests %s, %s does not accept it" % (cmd, a["name"], pol)
                elif kind != a["type"]:
                    yield "%s: %s is %s in the spec, %s in %s" % (cmd, a["name"], a["type"], kind, pol)
                nested = a.get("nested-attributes")
                if nested and nested in sets and "subset-of" in sets[nested]:
                    inner = re.search(r"NLA_POLICY_NESTED\((\w+)\)", expr or "")
                    if not inner or inner.group(1) not in policies:
                        yield "%s: %s has no nested policy" % (cmd, a["name"])
                        continue
                    for sub in sets[nested]["attributes"]:
                        sc = c_upper(aprefix + sub["name"])
                        sexpr = policy_lookup(policies[inner.group(1)], hdr, sc)
                        stype = next(x["type"] for x in aset["attributes"] if x["name"] == sub["name"])
                        if not sexpr or policy_kind(sexpr) != stype:
                            yield "%s: %s.%s not accepted as %s" % (cmd, a["name"], sub["name"], stype)
            elif kind not in (None, "reject"):
                yield "%s: %s accepts %s, the spec does not list it" % (cmd, pol, a["name"])


def check_schema(spec):
    try:
        import jsonschema
    except ImportError:
        return None, "python3-jsonschema is not installed"
    proto = spec.get("protocol", "genetlink")
    name = {"genetlink": "genetlink.yaml", "genetlink-c": "genetlink-c.yaml",
            "genetlink-legacy": "genetlink-legacy.yaml"}[proto]
    candidates = [os.environ.get("KSFT_DIR", ""),
                  os.path.join(ROOT, "build/ksft"), "/tmp/ksrc"]
    for base in candidates:
        path = os.path.join(base, "Documentation/netlink", name) if base else ""
        if path and os.path.exists(path):
            schema = yaml.safe_load(open(path))
            errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(spec),
                            key=lambda e: list(e.path))
            return ["%s: %s" % ("/".join(map(str, e.path)), e.message)
                    for e in errors], None
    return None, "schema %s not found (make ksft)" % name


def main():
    k = Ktap()
    spec_text = open(SPEC).read()
    spec = yaml.safe_load(spec_text)
    hdr = Header(UAPI)
    policies, cmd_policy = parse_policies(NETLINK_C)

    first = spec_text.splitlines()[0]
    k.check("spec license is %s" % LICENSE,
            [] if first == "# SPDX-License-Identifier: " + LICENSE
            else ["first line is %r" % first])
    problems, reason = check_schema(spec)
    if reason:
        k.skip("spec validates against the genetlink schema", reason)
    else:
        k.check("spec validates against the genetlink schema", problems)
    k.check("family name, version and groups", check_family(spec, hdr))
    k.check("enums, flags and constants", check_definitions(spec, hdr))
    k.check("attribute names and values", check_attr_sets(spec, hdr))
    k.check("command names and values", check_operations(spec, hdr))
    k.check("request attributes and types match genl_family.c policies",
            check_policies(spec, hdr, policies, cmd_policy))
    return k.finish()


if __name__ == "__main__":
    sys.exit(main())
