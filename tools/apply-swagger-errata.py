#!/usr/bin/env python3
"""Write Coder's swagger.json with the project's errata applied: places where coderd (the server the swagger was
generated from) answers otherwise than its swagger documents, each with the coderd source that proves it.

usage: apply-swagger-errata.py SWAGGER ERRATA OUTPUT

An erratum names an operation, what swagger says for some response statuses (`swaggerSays`) and what coderd answers
instead (`coderdAnswers`); a status mapped to null is a response without a body. The tool refuses an erratum whose
`swaggerSays` no longer matches the swagger, so errata expire when swagger is fixed instead of silently widening it.
Only responses are changed: requests are always checked against swagger as it is.
"""
import json
import sys


def main(swagger_path, errata_path, output_path):
    with open(swagger_path, encoding="utf-8") as f:
        swagger = json.load(f)
    with open(errata_path, encoding="utf-8") as f:
        errata = json.load(f)["errata"]

    problems = []
    for erratum in errata:
        method, path = erratum["operation"].split(" ", 1)
        operation = swagger.get("paths", {}).get(path, {}).get(method.lower())
        if operation is None:
            problems.append(f"{erratum['operation']}: no such operation in swagger")
            continue
        if not erratum.get("evidence"):
            problems.append(f"{erratum['operation']}: an erratum needs the coderd evidence for it")
        responses = operation.setdefault("responses", {})
        for status, schema in erratum["swaggerSays"].items():
            documented = responses.get(status)
            if documented is None or documented.get("schema") != schema:
                problems.append(f"{erratum['operation']}: swagger no longer documents {status} as "
                                f"{json.dumps(schema)}; remove or update this erratum")
        for status in erratum["swaggerSays"]:
            responses.pop(status, None)
        for status, schema in erratum["coderdAnswers"].items():
            response = {"description": f"coderd's answer (erratum: {erratum['evidence']})"}
            if schema is not None:
                response["schema"] = schema
            responses[status] = response

    if problems:
        for problem in problems:
            print(f"swagger errata: {problem}", file=sys.stderr)
        return 1
    with open(output_path, "w", encoding="utf-8") as f:
        json.dump(swagger, f)
    print(f"swagger errata: {len(errata)} applied ({errata_path})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
