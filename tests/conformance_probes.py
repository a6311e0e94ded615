"""Probes of one Table Schema feature each, for the conformance test (tests/conformance_harness.py).

Each reproduces a case where ``jiekun validate`` once disagreed with frictionless (issue 14):
a traceback, a wrong verdict, or a feature ignored.  Every probe has a valid and an invalid
row or two, so both tools must find the same errors, not only agree that a table is valid.
"""

from __future__ import annotations

from typing import Any

from conformance_harness import Case

F = dict[str, Any]


def _one(name: str, fields: list[F], text: str | bytes, extra: F | None = None, schema: F | None = None) -> Case:
    resource: F = {"name": name, "path": f"{name}.csv", "schema": {"fields": fields, **(schema or {})}, **(extra or {})}
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return Case(f"probe-{name}", {"name": name, "resources": [resource]}, {}, {f"{name}.csv": data})


S = {"name": "s", "type": "string"}


def probe_cases() -> list[Case]:
    def typed(kind: str, good: str, bad: str, fmt: str | None = None, tag: str = "") -> Case:
        field: F = {"name": "v", "type": kind, **({"format": fmt} if fmt else {})}
        return _one(f"type-{kind}-{fmt or 'default'}{tag}", [S, field], f"s,v\na,{good}\nb,{bad}\nc,\n")

    cases = [
        _one("no-primary-key", [S, {"name": "n", "type": "integer"}], "s,n\na,1\nb,x\n"),
        _one("string-primary-key", [S, {"name": "n", "type": "integer"}], "s,n\na,1\na,2\n,3\n",
             schema={"primaryKey": "s"}),
        _one("list-primary-key", [S, {"name": "n", "type": "integer"}], "s,n\na,1\na,1\na,01\n",
             schema={"primaryKey": ["s", "n"]}),
        _one("unique", [S, {"name": "n", "type": "integer", "constraints": {"unique": True}}],
             "s,n\na,1\nb,01\nc,\nd,\n"),
        _one("delimiter", [S, {"name": "n", "type": "integer"}], "s;n\na;1\nb;x\n", {"dialect": {"delimiter": ";"}}),
        _one("quote-char", [S, {"name": "n", "type": "integer"}], "s,n\n'a,b',1\nc,x\n",
             {"dialect": {"quoteChar": "'"}}),
        _one("no-header", [S, {"name": "n", "type": "integer"}], "a,1\nb,x\n", {"dialect": {"header": False}}),
        _one("comment-char", [S, {"name": "n", "type": "integer"}], "s,n\n#note,x\na,1\nb,x\n",
             {"dialect": {"commentChar": "#"}}),
        _one("latin1", [S, {"name": "n", "type": "integer"}], "s,n\ncafé,1\nthé,x\n".encode("latin-1"),
             {"encoding": "latin-1"}),
        _one("missing-values", [S, {"name": "n", "type": "number", "constraints": {"required": True}}],
             "s,n\na,NA\nb,-\nc,1\nd,x\n", schema={"missingValues": ["", "NA", "-"]}),
        _one("missing-values-required", [{"name": "s", "type": "string", "constraints": {"required": True}}],
             "s\nNA\nok\n", schema={"missingValues": ["", "NA"]}),
        _one("nan-inf", [S, {"name": "n", "type": "number"}], "s,n\na,NaN\nb,INF\nc,-INF\nd,nope\n"),
        _one("numeric-enum", [S, {"name": "n", "type": "integer", "constraints": {"enum": [1, 2]}}],
             "s,n\na,01\nb,3\nc,2\n"),
        _one("number-enum-strings", [S, {"name": "n", "type": "number", "constraints": {"enum": ["0.5", "1"]}}],
             "s,n\na,0.50\nb,1.0\nc,2\n"),
        _one("empty-primary-key", [S, {"name": "n", "type": "integer"}], "s,n\na,1\n,2\n", schema={"primaryKey": "s"}),
        _one("bounds-as-strings", [S, {"name": "n", "type": "number",
                                       "constraints": {"minimum": "-1.5", "maximum": "10"}}], "s,n\na,-2\nb,11\nc,3\n"),
        _one("string-foreign-key", [S, {"name": "p", "type": "string"}], "s,p\na,\nb,a\nc,zz\n",
             schema={"primaryKey": "s",
                     "foreignKeys": [{"fields": "p", "reference": {"resource": "", "fields": "s"}}]}),
        _one("pattern", [{"name": "s", "type": "string", "constraints": {"pattern": "[a-z]+"}}], "s\nabc\nAbc\n"),
        _one("lengths", [{"name": "s", "type": "string", "constraints": {"minLength": 2, "maxLength": 3}}],
             "s\nab\na\nabcd\n"),
        _one("header-problem-cells", [S, {"name": "n", "type": "integer"}], "s,m\na,1\nb,x\n"),
        _one("date-format", [S, {"name": "d", "type": "date", "format": "%d/%m/%Y"}],
             "s,d\na,31/12/2020\nb,2020-12-31\n"),
        _one("date-unpadded", [S, {"name": "d", "type": "date"}], "s,d\na,2020-1-5\nb,2020-02-30\nc,2020-12-31\n"),
        _one("bare-number", [S, {"name": "n", "type": "number", "bareNumber": False}], "s,n\na,$1.5\nb,x\n"),
        _one("decimal-char", [S, {"name": "n", "type": "number", "decimalChar": ",", "groupChar": "."}],
             's,n\na,"1.000,5"\nb,1.5\n'),
        _one("declared-bytes", [S], "s\na\n", {"bytes": 999}),
        _one("declared-hash", [S], "s\na\n", {"hash": "md5:00000000000000000000000000000000"}),
        _one("boolean-values", [S, {"name": "b", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}],
             "s,b\na,yes\nb,no\nc,true\n"),
    ]
    cases += [
        typed("datetime", "2020-01-01T10:00:00Z", "2020-01-01"),
        typed("datetime", "2020-01-01T10:00:00+08:00", "2020-13-01T10:00:00", tag="-offset"),
        typed("time", "10:00:00", "25:00:00"),
        typed("year", "2020", "20x0"),
        typed("yearmonth", "2020-01", "2020-13"),
        typed("duration", "P1Y2M", "1 year"),
        typed("object", '"{""a"": 1}"', "[1]"),
        typed("array", '"[1, 2]"', "{}"),
        typed("geopoint", '"1.5, 2.5"', "north"),
        typed("geojson", '"{""type"": ""Point"", ""coordinates"": [1, 2]}"', '"{""type"": ""Nope""}"'),
        typed("any", "anything", "at all"),
        typed("string", "a@example.org", "not-an-email", "email"),
        typed("string", "123e4567-e89b-12d3-a456-426614174000", "not-a-uuid", "uuid"),
        typed("string", "https://example.org/a", "no scheme", "uri"),
        typed("string", "aGVsbG8=", "%%%", "binary"),
        typed("number", "1.5e3", "1,5"),
        typed("integer", "-7", "7.5"),
    ]
    return cases
