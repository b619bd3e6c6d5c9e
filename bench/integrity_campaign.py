"""A simulated national campaign for the integrity bench and simulation: honest respondents with the honest
look-alikes of issue 11 point 3, and planted interference of point 2 (shared by integrity_sim and integrity_bench).

Honest: each locality has its own favourability, each question its own difficulty, each person their own level;
about 3 % straight-liners, 5 % fast readers, 2 % who answer on a colleague's computer, offices whose people share
one public address, and a crowd in the last three days before the deadline. Planted: one person answering for
colleagues on one device (fast, one after another, uniform answers); copied sheets with 1–3 answers changed, each
from its own device, network and time; a meeting (one network, under an hour, different phones, favourable).
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

START = datetime(2025, 11, 3, 1, 0, tzinfo=UTC)
DAYS = 21
FORMS = {"TINH_HDND": ("HDND", 25, 4), "TINH_LD_SO": ("LD_SO", 20, 5)}
KINDS = ("proxy", "copies", "meeting")


@dataclass(frozen=True)
class Style:
    """How hard the campaign is. The hard style: offices whose people think more alike, a few office computers
    shared by three colleagues on different days, meetings on the office's own address mixed with its honest
    sheets and less uniform, proxies whose answers vary like different people's, copies with up to five answers
    changed."""

    office_mood: float = 0.3
    shared_office_pc: float = 0.0
    meeting_at_office: bool = False
    varied_proxy: bool = False
    most_changes: int = 4
    #: The level and spread of a meeting's answers (higher level = more favourable, lower spread = more uniform).
    meeting: tuple[float, float] = (2.5, 0.35)


HARD = Style(office_mood=0.6, shared_office_pc=0.01, meeting_at_office=True, varied_proxy=True, most_changes=5,
             meeting=(1.8, 0.6))


@dataclass
class Campaign:
    """The lines of the file, and the planted response ids by locality."""

    lines: list[dict] = field(default_factory=list)
    planted: dict[str, set[str]] = field(default_factory=dict)


def answer(rng: np.random.Generator, level: float, difficulty: np.ndarray, options: int, noise: float = 1.0):
    """One sheet: an ordinal answer per question from the person's level and each question's difficulty."""
    latent = level - difficulty + rng.logistic(0, noise, len(difficulty))
    cuts = np.linspace(-1.2, 1.2, options - 1)
    values = [str(int(np.searchsorted(cuts, x)) + 1) for x in latent]
    for q in np.flatnonzero(rng.random(len(values)) < 0.04):
        values[q] = "KB"
    return values


def honest_sheet(rng, level, form, difficulty) -> list:
    """An honest sheet: 3 % straight-lined ("3" or "4" everywhere), otherwise from the person's level."""
    _, questions, options = FORMS[form]
    if rng.random() < 0.03:
        return [str(rng.choice([3, 4]))] * questions
    return answer(rng, level, difficulty[form], options)


def office_time(rng: np.random.Generator) -> datetime:
    """A submission time: office hours on a working day; 30 % in the last three days."""
    day = int(rng.integers(DAYS - 3, DAYS)) if rng.random() < 0.3 else int(rng.integers(0, DAYS - 3))
    return START + timedelta(days=day, hours=float(rng.uniform(0.5, 9.5)))


def honest_locality(rng, code: str, size: int, difficulty, style: Style) -> list[dict]:
    """Every honest sheet of one locality, with offices sharing a public address."""
    mood = rng.normal(0.4, 0.4)
    offices = np.cumsum(rng.integers(5, 40, size=size))
    office_mood, push = rng.normal(0, style.office_mood, size), [office_time(rng) for _ in range(size)]
    lines = []
    for i in range(size):
        form = "TINH_HDND" if rng.random() < 0.35 else "TINH_LD_SO"
        office = int(np.searchsorted(offices, i, side="right"))
        when = office_time(rng)
        if rng.random() < 0.3:
            when = push[office].replace(hour=1) + timedelta(hours=float(rng.uniform(0.5, 9.5)))
        ip = f"100.{int(code)}.{office % 250}.{office // 250 + 1}" if rng.random() < 0.7 else \
            ".".join(str(int(x)) for x in rng.integers(1, 250, 4))
        lines.append(line(f"{code}-{i}", code, form, when, _seconds(rng), ip, f"d-{code}-{i}",
                          honest_sheet(rng, mood + office_mood[office] + rng.normal(0, 0.8), form, difficulty)))
    for i in np.flatnonzero(rng.random(size) < 0.02):
        lines[i]["device"] = f"d-{code}-{max(i - 1, 0)}"
    for i in np.flatnonzero(rng.random(size) < style.shared_office_pc):
        for j in (i + 1, i + 2):
            lines[j % size]["device"] = f"d-{code}-{i}"
    return lines


def _seconds(rng: np.random.Generator) -> float:
    fast = rng.random() < 0.05
    return round(float(rng.lognormal(np.log(150 if fast else 600), 0.4)), 1)


def line(rid, code, form, submitted, seconds, ip, device, values) -> dict:
    """One line of the file format of shared/API.md."""
    group, questions, _ = FORMS[form]
    return {"response_id": rid, "locality": code, "group": group, "questionnaire": form,
            "opened_at": (submitted - timedelta(seconds=seconds + 30)).isoformat(),
            "submitted_at": submitted.isoformat(), "active_seconds": seconds, "ip": ip, "device": device,
            "answers": {f"q{n + 1}": (v if v != "None" else None) for n, v in enumerate(values)}}


def plant(rng, lines: list[dict], kind: str, count: int, difficulty, style: Style) -> set[str]:  # noqa: PLR0913
    """Replace `count` honest sheets of one questionnaire with interference of this kind; their ids."""
    form = "TINH_LD_SO"
    chosen = rng.choice([i for i, x in enumerate(lines) if x["questionnaire"] == form], count, replace=False)
    shared = cluster_salt(rng, lines[0]["locality"], difficulty)[kind]
    if style.meeting_at_office:
        shared["ip"] = lines[int(chosen[0])]["ip"].rsplit(".", 1)[0] + "."
    return {_replace(rng, lines, int(i), kind, n, (difficulty, form, shared, style))
            for n, i in enumerate(sorted(chosen))}


def _replace(rng, lines, i, kind, n, how) -> str:
    difficulty, form, salt, style = how
    old, code = lines[i], lines[i]["locality"]
    _, _, options = FORMS[form]
    if kind == "proxy":
        when = salt["start"] + timedelta(seconds=n * float(rng.uniform(120, 300)))
        values = answer(rng, *((rng.normal(0.4, 0.8), difficulty[form], options) if style.varied_proxy
                               else (2.2, difficulty[form], options, 0.3)))
        new = line(old["response_id"], code, form, when, float(rng.uniform(60, 150)), salt["ip"] + "7", salt["device"],
                   values)
    elif kind == "copies":
        values = list(salt["template"])
        for q in rng.choice(len(values), int(rng.integers(1, style.most_changes + 1)), replace=False):
            values[q] = str(rng.integers(1, options + 1))
        new = line(old["response_id"], code, form, office_time(rng), _seconds(rng), old["ip"], old["device"], values)
    else:
        when = salt["start"] + timedelta(seconds=float(rng.uniform(0, 2400)))
        values = answer(rng, style.meeting[0], difficulty[form], options, noise=style.meeting[1])
        new = line(old["response_id"], code, form, when, _seconds(rng), salt["ip"] + str(n % 200 + 2),
                   f"phone-{old['response_id']}", values)
    lines[i] = new
    return new["response_id"]


def cluster_salt(rng, code: str, difficulty) -> dict:
    """What every sheet of one planted cluster shares, by kind."""
    return {"proxy": {"start": office_time(rng), "ip": f"100.{int(code)}.251.", "device": f"proxy-{code}"},
                     "copies": {"template": answer(rng, 0.5, difficulty["TINH_LD_SO"], 5)},
                     "meeting": {"start": office_time(rng), "ip": f"100.{int(code)}.252."}}


def campaign(seed: int, plans: dict[str, list[tuple[str, float]]], sizes=(150, 900), style=Style()) -> Campaign:
    """34 provinces of `sizes` sheets; `plans`: locality code → [(kind, share of its sheets)]."""
    rng = np.random.default_rng(seed)
    difficulty = {form: rng.normal(0, 0.6, q) for form, (_, q, _) in FORMS.items()}
    result = Campaign()
    for number in range(1, 35):
        code = f"{number:02d}"
        lines = honest_locality(rng, code, int(rng.integers(*sizes, endpoint=True)), difficulty, style)
        for kind, share in plans.get(code, []):
            ids = plant(rng, lines, kind, max(4, round(share * len(lines))), difficulty, style)
            result.planted.setdefault(code, set()).update(ids)
        result.lines += lines
    return result


def write(campaign_: Campaign, path) -> None:
    """The campaign as a JSON-lines file."""
    with open(path, "w", encoding="utf-8") as out:
        for data in campaign_.lines:
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
