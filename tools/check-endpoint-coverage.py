#!/usr/bin/env python3
"""Fail when an endpoint of the Coder client was never exercised in a recording of the test run.

usage: check-endpoint-coverage.py CLIENT_API_DIR RECORDING

The client's endpoints are the Refit route attributes ([Get("/api/v2/...")], ...) in CLIENT_API_DIR/*.cs: every
Coder route the provider can call. RECORDING is the double's JSON Lines recording (method, path, ...). An exchange
counts for the most specific route it matches (literal segments beat {parameters}, as in coderd's router).
"""
import json
import pathlib
import re
import sys

ROUTE = re.compile(r'\[(Get|Post|Put|Patch|Delete|Head)\("([^"?]+)')


def client_routes(api_dir):
    routes = {}
    for source in sorted(pathlib.Path(api_dir).glob("*.cs")):
        for method, template in ROUTE.findall(source.read_text(encoding="utf-8")):
            segments = template.strip("/").split("/")
            pattern = "^/" + "/".join("[^/]+" if s.startswith("{") else re.escape(s) for s in segments) + "/?$"
            specificity = tuple(1 if s.startswith("{") else 0 for s in segments)
            routes[(method.upper(), template)] = (re.compile(pattern), specificity, source.name)
    return routes


def main(api_dir, recording):
    routes = client_routes(api_dir)
    if not routes:
        print(f"endpoint coverage: no Refit routes found under {api_dir}")
        return 1
    exercised = set()
    with open(recording, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            exchange = json.loads(line)
            method = str(exchange["method"]).upper()
            path = str(exchange["path"]).split("?", 1)[0]
            candidates = [(spec, key) for key, (regex, spec, _) in routes.items()
                          if key[0] == method and regex.match(path)]
            if candidates:
                exercised.add(min(candidates)[1])
    missing = sorted(key for key in routes if key not in exercised)
    for method, template in missing:
        print(f"NOT EXERCISED: {method} {template} ({routes[(method, template)][2]})")
    print(f"endpoint coverage: {len(routes) - len(missing)} of {len(routes)} client endpoints exercised")
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
