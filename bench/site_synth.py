"""A synthetic national project for the site benchmark (``bench/site_bench.py``).

:func:`make_project` writes, into a folder, a project ``jiekun build --root`` can build: the
repository's ``schemas/``, ``mkdocs.yml`` (hooks by absolute path), ``docs/``, data package descriptors and
data changelog, the repository's real metrics, dimensions, categories and sources (plus one
synthetic source published in 2021), and synthetic regions, figures, breakdowns and case
studies.  Everything comes from one seeded random generator: the same scale gives the same
bytes.

At scale 1: 31 real provinces (GB/T 2260 ``XX0000``) with about 3,200 prefectures
(``XXYY00``) and counties (``XXYYZZ``) under them; for every region ten years (2011-2020)
of five metrics with a history (one point figure a year) and three breakdowns (parts per
category adding up exactly to a total for 2020, ``complete=true``): 8 charts a region; and
2,000 case studies tagged with the real category codes.
"""

from __future__ import annotations

import csv
import dataclasses
import random
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20261125
YEARS = tuple(range(2011, 2021))
SOURCE = "national-synthetic-2021"
SOURCE_ROW = {"id": SOURCE, "title": "全国困难职工解困脱困工作成果汇编（合成数据，仅供性能测试）",
              "title_en": "National results of hardship relief for workers' families (synthetic, for benchmarks)",
              "publisher": "jiekun bench", "author": "", "published": "2021-03",
              "published_estimated": "false", "url": "", "language": "zh",
              "note": "Synthetic source written by bench/site_synth.py; every figure and story citing it is made up."}
#: metrics with a ten-year history of point figures (stock or rate metrics of the repository)
HISTORY = ("households-on-file", "help-centres", "help-stations", "migrant-workers-covered", "pairing-coverage-rate")
#: metrics with one breakdown each: (metric, dimension), totals over 2020
BREAKDOWN = (("households-exited", "exit-route"), ("employment-services", "service-type"),
             ("households-newly-registered", "hardship-cause"))
PROVINCES = (
    ("11", "北京市", "Beijing"), ("12", "天津市", "Tianjin"), ("13", "河北省", "Hebei"), ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"), ("21", "辽宁省", "Liaoning"), ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"), ("31", "上海市", "Shanghai"), ("32", "江苏省", "Jiangsu"),
    ("33", "浙江省", "Zhejiang"), ("34", "安徽省", "Anhui"), ("35", "福建省", "Fujian"), ("36", "江西省", "Jiangxi"),
    ("37", "山东省", "Shandong"), ("41", "河南省", "Henan"), ("42", "湖北省", "Hubei"), ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"), ("45", "广西壮族自治区", "Guangxi"), ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"), ("51", "四川省", "Sichuan"), ("52", "贵州省", "Guizhou"), ("53", "云南省", "Yunnan"),
    ("54", "西藏自治区", "Tibet"), ("61", "陕西省", "Shaanxi"), ("62", "甘肃省", "Gansu"), ("63", "青海省", "Qinghai"),
    ("64", "宁夏回族自治区", "Ningxia"), ("65", "新疆维吾尔自治区", "Xinjiang"),
)


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"安:an 平:ping"`` → ``(("安", "an"), ("平", "ping"))``."""
    return tuple((a, b) for a, b in (item.split(":") for item in text.split()))


SYLLABLES = _pairs("安:an 平:ping 宁:ning 东:dong 西:xi 南:nan 北:bei 山:shan 河:he 江:jiang 阳:yang 城:cheng "
                   "清:qing 泉:quan 丰:feng 永:yong 长:chang 兴:xing 德:de 华:hua 新:xin 林:lin 石:shi 水:shui "
                   "川:chuan 州:zhou 武:wu 定:ding 临:lin 海:hai 云:yun 阜:fu 昌:chang 宜:yi 和:he 庆:qing "
                   "顺:shun 康:kang 乐:le 汉:han")
SURNAMES = _pairs("王:W 李:L 张:Z 刘:L 陈:C 杨:Y 黄:H 赵:Z 吴:W 周:Z 徐:X 孙:S")
GIVEN = _pairs("丽:L 强:Q 军:J 敏:M 静:J 伟:W 芳:F 勇:Y 艳:Y 杰:J 娟:J 涛:T 明:M 霞:X 平:P 刚:G")


@dataclasses.dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str


@dataclasses.dataclass(frozen=True)
class Project:
    root: Path
    regions: int  # prefectures and counties (the provinces come on top)
    figures: int
    breakdowns: int
    cases: int
    charts: int  # charts the site should draw: 5 histories and 3 breakdowns a region


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def header_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


# --------------------------------------------------------------------------- regions


def _place(rng: random.Random, suffix: str) -> tuple[str, str]:
    (a, pa), (b, pb) = rng.sample(SYLLABLES, 2)
    return f"{a}{b}{suffix}", f"{pa}{pb}".capitalize()


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` spread over ``parts`` buckets (each at least 1 when total allows), at random."""
    counts = [1] * parts if total >= parts else [0] * parts
    for _ in range(total - sum(counts)):
        counts[rng.randrange(parts)] += 1
    return counts


def make_regions(subregions: int, rng: random.Random) -> list[Region]:
    """31 provinces and ``subregions`` prefectures and counties, about one prefecture in ten."""
    weights = [rng.uniform(0.5, 1.5) for _ in PROVINCES]
    shares = [max(1, round(subregions * w / sum(weights))) for w in weights]
    out: list[Region] = []
    for (pcode, pname, pen), share in zip(PROVINCES, shares, strict=True):
        out.append(Region(f"{pcode}0000", pname, pen, "province", ""))
        prefectures = max(1, round(share / 9.6))
        for yy, counties in enumerate(_split(share - prefectures, prefectures, rng), start=1):
            zh, en = _place(rng, "市")
            code = f"{pcode}{yy:02d}00"
            out.append(Region(code, zh, en, "prefecture", f"{pcode}0000"))
            for zz in range(1, min(counties, 99) + 1):
                kind = rng.choice(("县", "区", "县", "市"))
                czh, cen = _place(rng, kind)
                out.append(Region(f"{pcode}{yy:02d}{zz:02d}", czh, cen, "county", code))
    return out


# --------------------------------------------------------------------------- figures


#: the word a Chinese report puts before a qualified figure (as jiekun.data.published reads it)
QUALIFIER_WORD = {"exact": "", "about": "约", "nearly": "近", "more-than": "超"}


def _published(value: float, unit_label: str, percent: bool, qualifier: str = "exact") -> str:
    word = QUALIFIER_WORD[qualifier]
    return f"{word}{value:g}%" if percent else f"{word}{int(value)}{unit_label}"


def _figure(fid: str, region: str, metric: dict[str, str], kind: str, period: tuple[str, str], value: float,
            qualifier: str = "exact", breakdown: str = "", category: str = "") -> dict[str, object]:
    percent = metric["unit"] == "percent"
    return {"id": fid, "region": region, "metric": metric["code"], "period_kind": kind, "period_start": period[0],
            "period_end": period[1], "period_estimated": "false",
            "value": f"{value:g}" if percent else str(int(value)), "unit": metric["unit"],
            "qualifier": qualifier, "register": "", "breakdown": breakdown, "category": category,
            "value_as_published": _published(value, metric["unit_label_zh"], percent, qualifier), "source": SOURCE,
            "locator": f"表{YEARS.index(int(period[1][:4])) + 1}", "role": "original", "restates": "",
            "disagrees_with": "", "note": ""}


def history_rows(region: Region, metrics: dict[str, dict[str, str]], rng: random.Random) -> list[dict[str, object]]:
    scale = {"province": 100.0, "prefecture": 10.0, "county": 1.0}[region.level]
    rows = []
    for code in HISTORY:
        metric = metrics[code]
        level = rng.uniform(50, 3000) * scale
        for year in YEARS:
            if metric["unit"] == "percent":
                value = round(rng.uniform(40, 100), 1)
            else:
                level = max(1.0, level * rng.uniform(0.85, 1.12))
                value = float(round(level))
            qualifier = rng.choice(("exact",) * 9 + ("more-than", "about", "nearly"))
            rows.append(_figure(f"{region.code}-{code}-{year}", region.code, metric, "point", ("", f"{year}-12"),
                                value, qualifier))
    return rows


def breakdown_rows(region: Region, metrics: dict[str, dict[str, str]], categories: dict[str, list[str]],
                   rng: random.Random) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The figures (totals and parts) and the breakdowns.csv rows of a region's three breakdowns."""
    figures: list[dict[str, object]] = []
    breakdowns: list[dict[str, object]] = []
    period = ("2020", "2020")
    for code, dimension in BREAKDOWN:
        metric = metrics[code]
        parts = [rng.randint(1, 900) * {"province": 100, "prefecture": 10, "county": 1}[region.level]
                 for _ in categories[dimension]]
        total_id, bid = f"{region.code}-{code}-2020", f"{region.code}-{code}-by-{dimension}-2020"
        figures.append(_figure(total_id, region.code, metric, "interval", period, float(sum(parts))))
        figures += [_figure(f"{bid}-{cat}", region.code, metric, "interval", period, float(value), breakdown=bid,
                            category=cat)
                    for cat, value in zip(categories[dimension], parts, strict=True)]
        breakdowns.append({"id": bid, "dimension": dimension, "total": total_id, "complete": "true",
                           "note": f"Synthetic {dimension} breakdown of {total_id}."})
    return figures, breakdowns


# --------------------------------------------------------------------------- case studies


def _person(rng: random.Random, display_as: str, i: int) -> str:
    """A made-up name; a pseudonym or initials carries the case number, as no two cases may share one."""
    (surname, s), (given, g) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return {"full-name": f"{surname}{given}", "pseudonym": f"{surname}某{i}", "initials": f"{s}.{g}.{i}"}[display_as]


def case_row(i: int, region: Region, labels: dict[tuple[str, str], str], categories: dict[str, list[str]],
             rng: random.Random) -> dict[str, object]:
    causes = rng.sample(categories["hardship-cause"], rng.randint(1, 3))
    helps = rng.sample(categories["intervention"], rng.randint(1, 3))
    outcome = rng.choice(categories["case-outcome"])
    health = "illness" in causes or bool({"medical-aid", "mutual-medical"} & set(helps))
    display_as = rng.choice(("pseudonym", "initials")) if health else rng.choice(("full-name", "pseudonym"))
    start = rng.choice(YEARS)
    end = rng.randint(start, YEARS[-1])
    cause_zh = "、".join(labels["hardship-cause", c] for c in causes)
    help_zh = "、".join(labels["intervention", h] for h in helps)
    summary = (f"{region.name_zh}一户在档困难职工家庭，{start}年因{cause_zh}陷入困难。当地工会入户核实情况后，"
               f"先后提供了{help_zh}等帮扶。到{end}年，这户家庭的情况是：{labels['case-outcome', outcome]}。")
    return {
        "id": f"case-{i:05d}",
        "title_zh": f"{region.name_zh}职工家庭因{labels['hardship-cause', causes[0]]}获得帮扶"[:60],
        "title_en": f"Household in {region.name_en} helped after {causes[0].replace('-', ' ')}",
        "display_as": display_as, "display_name": _person(rng, display_as, i),
        "basis": rng.choice(("published-in-press", "public-record")) if display_as != "full-name"
        else "written-consent",
        "basis_note": "Synthetic story for the site benchmark." if i % 5 == 0 else "",
        "region": region.code, "organisation": f"union-{region.code[:2]}" if i % 3 == 0 else "",
        "year_start": start, "year_end": end, "causes": ";".join(causes), "interventions": ";".join(helps),
        "aid_yuan": rng.randint(5, 200) * 100 if i % 2 == 0 else "", "outcome": outcome,
        "monthly_income_yuan": rng.randint(15, 60) * 100 if i % 4 == 0 else "",
        "monthly_income_qualifier": rng.choice(("exact", "about", "more-than")) if i % 4 == 0 else "", "source": SOURCE,
        "locator": f"第{i + 1}例", "summary_zh": summary,
        "summary_en": f"A registered household in {region.name_en} got union help; synthetic story {i}.",
        "health_info": "true" if health else "false",
        **_consent(display_as),
    }


def _consent(display_as: str) -> dict[str, str]:
    """A full-name story is shown on (made-up) recorded consent."""
    if display_as != "full-name":
        return {}
    return {"consent": "true", "consent_date": "2026-01-15", "consent_basis": "Synthetic consent for the benchmark."}


# --------------------------------------------------------------------------- the project


def copy_config(dest: Path, code: Path = REPO) -> None:
    """The site configuration and theme overrides, as they are: the pipeline needs no hook."""
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.rmtree(dest / "overrides", ignore_errors=True)
    shutil.copytree(REPO / "overrides", dest / "overrides")


def copy_repository_parts(dest: Path, code: Path = REPO) -> None:
    """The parts of the repository a build needs besides the data: schemas, docs, config."""
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("posts"))  # posts cite real figures
    copy_config(dest, code)
    (dest / "datasets").mkdir(parents=True)
    for path in [*sorted((REPO / "datasets").glob("*.datapackage.json")), REPO / "datasets" / "CHANGELOG.md"]:
        shutil.copy2(path, dest / "datasets" / path.name)


def write_reference(dest: Path, regions: list[Region]) -> None:
    ref, out = REPO / "datasets" / "reference", dest / "datasets" / "reference"
    out.mkdir(parents=True, exist_ok=True)
    for name in ("metrics", "dimensions", "categories"):
        shutil.copy2(ref / f"{name}.csv", out / f"{name}.csv")
    write_csv(out / "sources.csv", header_of(ref / "sources.csv"), [*read_csv(ref / "sources.csv"), SOURCE_ROW])
    write_csv(out / "regions.csv", header_of(ref / "regions.csv"), (dataclasses.asdict(r) for r in regions))
    codes = {r.code for r in regions}  # the real grid's tiles of the provinces made here
    write_csv(out / "tile-grid.csv", header_of(ref / "tile-grid.csv"),
              (t for t in read_csv(ref / "tile-grid.csv") if t["region"] in codes))
    unions = [{"id": f"union-{r.code[:2]}", "name_zh": f"{r.name_zh}总工会", "name_en": f"{r.name_en} Federation of "
               "Trade Unions", "region": r.code, "kind": "union"} for r in regions if r.level == "province"]
    write_csv(out / "organisations.csv", header_of(ref / "organisations.csv"), unions)


def make_project(dest: Path, scale: float = 1.0, seed: int = SEED, code: Path = REPO) -> Project:
    """Write the synthetic national project into ``dest`` (emptied first); its hooks are in ``code/hooks``."""
    rng = random.Random(seed)
    shutil.rmtree(dest, ignore_errors=True)
    copy_repository_parts(dest, code)
    regions = make_regions(max(31, round(3200 * scale)), rng)
    write_reference(dest, regions)
    ref = REPO / "datasets" / "reference"
    metrics = {m["code"]: m for m in read_csv(ref / "metrics.csv")}
    categories: dict[str, list[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    for row in read_csv(ref / "categories.csv"):
        categories.setdefault(row["dimension"], []).append(row["code"])
        labels[row["dimension"], row["code"]] = row["label_zh"]
    figures: list[dict[str, object]] = []
    breakdowns: list[dict[str, object]] = []
    for region in regions:
        figures += history_rows(region, metrics, rng)
        parts, rows = breakdown_rows(region, metrics, categories, rng)
        figures += parts
        breakdowns += rows
    data = dest / "datasets"
    write_csv(data / "outcomes" / "outcomes.csv", header_of(REPO / "datasets/outcomes/outcomes.csv"), figures)
    write_csv(data / "outcomes" / "breakdowns.csv", header_of(REPO / "datasets/outcomes/breakdowns.csv"), breakdowns)
    count = max(1, round(2000 * scale))
    cases = [case_row(i, rng.choice(regions), labels, categories, rng) for i in range(count)]
    write_csv(data / "case-studies" / "case-studies.csv",
              header_of(REPO / "datasets/case-studies/case-studies.csv"), cases)
    return Project(dest, len(regions) - len(PROVINCES), len(figures), len(breakdowns), count,
                   len(regions) * (len(HISTORY) + len(BREAKDOWN)))


def one_row_change(root: Path) -> tuple[str, str]:
    """Raise one history figure by one (a county's households on file, 2015); return (figure id, chart slug)."""
    path = root / "datasets" / "outcomes" / "outcomes.csv"
    rows = read_csv(path)
    candidates = [r for r in rows if r["metric"] == HISTORY[0] and r["period_end"] == "2015-12"]
    counties = [r for r in candidates if not r["region"].endswith("00")] or candidates
    row = counties[len(counties) // 2]
    row["value"] = str(int(row["value"]) + 1)
    row["value_as_published"] = _published(float(row["value"]), "户", False, row["qualifier"])
    write_csv(path, header_of(path), rows)
    return row["id"], f"{row['region']}-{row['metric']}"
