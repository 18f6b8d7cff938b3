"""The data model: one pydantic model per record kind, with a Swedish description on every field.

The models only check the shape of one record. Checks that need several records (ids that must
exist, duplicates, lineage) live in catalog.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError, core_schema

# Stockholm county with a margin: a position outside this box is a typo (often lat/lon swapped).
COUNTY_BOUNDS = {"min_lon": 17.2, "max_lon": 19.5, "min_lat": 58.6, "max_lat": 60.3}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)
URL_PATTERN = r"^https?://\S+$"
CODE_PATTERN = r"^01\d\d$"


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


def _matching(pattern: str, code: str, message: str) -> AfterValidator:
    """A pattern with its Swedish explanation beside it; {given} is the value as written."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(code, message, {"given": _shown(value)})
        return value

    return AfterValidator(check)


# The pattern goes into the JSON Schema for VS Code; the check with its message runs in validation.
SLUG_CHECK = _matching(
    SLUG_PATTERN,
    "ods_slug",
    '"{given}" är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck (inga å, ä, ö)',
)
Slug = Annotated[
    str,
    Field(
        min_length=2,
        max_length=80,
        json_schema_extra={"pattern": SLUG_PATTERN},
        description="Id: små bokstäver a–z, siffror och bindestreck, t.ex. fridhemsplan-stadshagen.",
    ),
    SLUG_CHECK,
]
URL_CHECK = _matching(URL_PATTERN, "ods_url", '"{given}" är ingen webbadress; den ska börja med http:// eller https://')
Url = Annotated[str, Field(json_schema_extra={"pattern": URL_PATTERN}), URL_CHECK]
HTTPS_PATTERN = r"^https://\S+$"
# A link the portal sends visitors to on their phone: only an encrypted address.
HttpsUrl = Annotated[
    str,
    Field(json_schema_extra={"pattern": HTTPS_PATTERN}),
    _matching(HTTPS_PATTERN, "ods_https", '"{given}" är ingen säker webbadress; den ska börja med https://'),
]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[
    str,
    Field(json_schema_extra={"pattern": EMAIL_PATTERN}),
    _matching(EMAIL_PATTERN, "ods_email", '"{given}" är ingen e-postadress; skriv den som namn@exempel.se'),
]
MunicipalityCode = Annotated[
    str,
    Field(json_schema_extra={"pattern": CODE_PATTERN}),
    _matching(
        CODE_PATTERN, "ods_code", '"{given}" är ingen kommunkod; ange fyra siffror som börjar med 01, t.ex. 0180'
    ),
]
Text = Annotated[str, Field(min_length=1, description="Löptext på svenska. Tom rad skiljer stycken åt.")]
Year = Annotated[int, Field(ge=2000, le=2100, description="Årtal, t.ex. 2023.")]


class PartialDate:
    """A date known to the day, the month or only the year: 2021-12-14, "2021-12" or 2021.

    Sources often give only a month ("i december 2021") or a year; writing the 1st would invent a
    day. Comparison treats a missing part as the start of the period, so sorting stays stable."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        dt.date(year, month or 1, day or 1)  # raises ValueError for an impossible date
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("ange bara datum, utan klockslag (ÅÅÅÅ-MM-DD)")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        match = _PARTIAL_DATE.fullmatch(str(value).strip()) if isinstance(value, (int, str)) else None
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            try:
                return cls(year, month, day)  # type: ignore[arg-type]
            except ValueError:
                pass
        raise ValueError(
            f'ogiltigt datum "{value}"; skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM om bara månaden är känd '
            f'eller ÅÅÅÅ om bara året är känt, t.ex. 2024-02-20, "2021-12" eller 2021'
        )

    @property
    def key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """2021, 2021-12 or 2021-12-14: as precise as it is known, and no more."""
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    __str__ = iso

    def __repr__(self) -> str:
        return f"PartialDate({self.iso()})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.key == other.key and self.precision == other.precision

    def __hash__(self) -> int:
        return hash((self.key, self.precision))

    def __lt__(self, other: PartialDate) -> bool:
        return self.key < other.key

    def __le__(self, other: PartialDate) -> bool:
        return self.key <= other.key

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.iso())
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        pattern = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
        return {
            "anyOf": [{"type": "string", "pattern": pattern}, {"type": "integer", "minimum": 1900, "maximum": 2100}],
            "description": "Datum ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ när bara månaden eller året är känt.",
        }


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class Record(BaseModel):
    """Common settings: unknown fields are errors, and records never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


SourceKind = Literal["myndighet", "kommun", "nyhet", "forskning", "politik", "organisation"]


class Source(Record):
    """En källa: ett publicerat dokument som styrker en eller flera uppgifter."""

    id: Slug = Field(description="Källans id, som poster hänvisar till, t.ex. polisen-2023-kartlaggning.")
    title: Text = Field(description="Dokumentets titel som den står i källan.")
    publisher: Text = Field(description="Vem som har gett ut källan, t.ex. Polismyndigheten.")
    kind: SourceKind = Field(
        description=(
            "Vad för slags källa det är: myndighet (en myndighets publikation), kommun (en kommuns eller regionens "
            "sida eller handling), nyhet (nyhetsartikel), forskning (forskning eller utvärdering), politik (politiskt "
            "dokument, t.ex. motion eller interpellationssvar) eller organisation (en förenings eller ett företags sida)."
        )
    )
    date: PartialDate | None = Field(
        default=None,
        description=(
            "Publiceringsdatum om det är känt: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ om källan bara anger månad eller år."
        ),
    )
    accessed: dt.date | None = Field(
        default=None, description="När vi senast läste källan (ÅÅÅÅ-MM-DD), om det är känt."
    )
    url: Url | None = Field(default=None, description="Webbadress till källan. Måste börja med http:// eller https://.")
    note: str | None = Field(default=None, description="Valfri kommentar om källan, t.ex. vilka sidor som avses.")


class District(Record):
    """En stadsdelsförvaltning (eller en annan del av kommunen) med en egen sida på kommunens webbplats."""

    name: Text = Field(description="Förvaltningens namn som den själv skriver det, t.ex. Järva stadsdelsförvaltning.")
    url: HttpsUrl = Field(description="Förvaltningens egen sida på kommunens webbplats. Måste börja med https://.")
    areas: list[Text] = Field(
        min_length=1,
        description=(
            "Områdena som förvaltningen arbetar i, skrivna som i fältet district i scenes.yaml (t.ex. "
            "Rinkeby-Kista), så att en plats där kan länka till sin förvaltning."
        ),
    )
    sources: list[Slug] = Field(
        min_length=1, description="Id:n för källor i sources.yaml som visar sidans adress och områdena (minst en)."
    )


class Population(Record):
    """Kommunens folkmängd en viss dag, som SCB räknar den (de folkbokförda)."""

    count: int = Field(gt=0, description="Antalet invånare, t.ex. 95905 (utan mellanslag).")
    date: dt.date = Field(
        description="Dagen som siffran gäller (ÅÅÅÅ-MM-DD), t.ex. 2024-12-31: SCB räknar folkmängden den 31 december."
    )
    sources: list[Slug] = Field(
        min_length=1, description="Id:n för källor i sources.yaml där siffran står (minst en), helst SCB:s tabell."
    )


class Municipality(Record):
    """En av de 26 kommunerna i Stockholms län."""

    id: Slug = Field(description="Kommunens id, t.ex. upplands-vasby.")
    name: Text = Field(description="Kommunens namn, t.ex. Upplands Väsby.")
    official_name: Text = Field(
        description=(
            "Kommunens officiella namn som det skrivs i löptext, t.ex. Stockholms stad, Österåkers kommun "
            "eller Upplands Väsby kommun."
        )
    )
    code: MunicipalityCode = Field(description="Kommunkod från SCB, fyra siffror som börjar med 01.")
    website: Url | None = Field(
        default=None,
        description=(
            "Kommunens webbplats (startsidan), där boende hittar kontaktcenter och socialtjänst. "
            "Visas på sidan Vad kan jag göra? och på kommunens sida."
        ),
    )
    districts: list[District] = Field(
        default_factory=list,
        description=(
            "Stadsdelsförvaltningar eller kommundelar med en egen sida. Visas i bokstavsordning under kommunen "
            "på sidan Vad kan jag göra?; en plats vars district står i areas länkar dit."
        ),
    )
    population: Population | None = Field(
        default=None,
        description=(
            "Kommunens folkmängd med dag och källa. Ger kommunens storlek, som goda exempel kan filtreras på; "
            "utan den räknas kommunen inte till någon storlek."
        ),
    )
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


ActorKind = Literal["myndighet", "kommun", "region", "samverkan", "organisation"]


class Actor(Record):
    """En aktör med en roll i arbetet mot öppna drogscener."""

    id: Slug = Field(description="Aktörens id, t.ex. polisen.")
    name: Text = Field(description="Aktörens fullständiga namn.")
    short_name: str | None = Field(default=None, description="Kort namn som används i tabeller, t.ex. Polisen.")
    kind: ActorKind = Field(description="Typ av aktör: myndighet, kommun, region, samverkan eller organisation.")
    summary: Text = Field(description="En eller två meningar om vad aktören gör i arbetet mot öppna drogscener.")
    responsibilities: list[Text] = Field(min_length=1, description="Aktörens ansvar och uppgifter, en punkt per rad.")
    website: Url | None = Field(default=None, description="Aktörens webbplats.")
    email: Email | None = Field(
        default=None,
        description=(
            "En e-postadress som aktören själv har publicerat för frågor om arbetet, t.ex. en funktionsbrevlåda. "
            "Ange bara en adress som står i någon av aktörens källor."
        ),
    )
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


Category = Literal["situational", "social", "process"]
SaraPhase = Literal["scanning", "analysis", "response", "assessment"]
EvidenceLevel = Literal["evaluated", "some", "none_found"]
# What the evidence behind a level is. The definition of the levels (content/metodstod/kunskapslage.md)
# turns on these two questions, so a level that contradicts them is an error, not a judgement call.
EvidenceDesign = Literal["place_controlled", "place_uncontrolled", "elsewhere", "not_measured"]


class Evidence(Record):
    """Vad som är känt om metodens effekt."""

    level: EvidenceLevel = Field(
        description=(
            "Hur väl metoden är utvärderad: evaluated (utvärderad), some (visst stöd) eller "
            "none_found (ingen utvärdering hittad). Definitionen står på sidan Kunskapsläge."
        )
    )
    design: EvidenceDesign | None = Field(
        default=None,
        description=(
            "Vad underlaget är: place_controlled (effekten mätt på en öppen drogscen eller en jämförbar "
            "allmän plats, med en jämförelse som skiljer ut metodens del: före starten eller en plats utan "
            "metoden, och inga andra insatser samtidigt som kan förklara skillnaden), place_uncontrolled "
            "(mätt på en sådan plats men utan en sådan jämförelse), elsewhere (mätt i en annan miljö eller "
            "på deltagarna) eller not_measured (bedömningar, intervjuer eller en uppföljning av hur arbetet "
            "gick till, ingen mätning av effekten). Krävs utom när level är none_found."
        ),
    )
    read: bool | None = Field(
        default=None,
        description=(
            "true om vi har läst utvärderingen själv eller en redovisning av den från den som gjort, beställt "
            "eller betalat den; false om vi bara vet att den finns eller har läst om den i nyheter. Krävs utom "
            "när level är none_found."
        ),
    )
    text: Text = Field(description="Vad utvärderingarna säger, med egna ord.")
    sources: list[Slug] = Field(default_factory=list, description="Källor för utvärderingarna.")

    @model_validator(mode="after")
    def _follows_the_definition(self) -> Evidence:
        if self.level == "none_found":
            if self.design is not None or self.read is not None:
                raise ValueError(
                    "ingen utvärdering hittad (level: none_found) har varken design eller read; "
                    "ta bort dem eller välj en annan nivå"
                )
            return self
        if not self.sources:
            raise ValueError("evidens som säger att metoden är utvärderad måste ha minst en källa")
        if self.design is None or self.read is None:
            raise ValueError(
                f"level: {self.level} behöver design (vad underlaget är) och read (true om vi har läst "
                "utvärderingen, annars false)"
            )
        if self.level == "evaluated" and self.design != "place_controlled":
            raise ValueError(
                f"Utvärderad kräver en mätning på en drogscen eller en jämförbar allmän plats med en jämförelse "
                f"som skiljer ut metodens del (design: place_controlled); med design: {self.design} är nivån "
                "högst some (Visst stöd)"
            )
        if self.level == "evaluated" and not self.read:
            raise ValueError(
                "Utvärderad kräver att vi har läst utvärderingen (read: true); en utvärdering som vi inte har "
                "läst ger högst some (Visst stöd)"
            )
        if self.level == "some" and self.design == "place_controlled" and self.read:
            raise ValueError(
                "en läst utvärdering med design: place_controlled är Utvärderad enligt definitionen; "
                "skriv level: evaluated"
            )
        return self


class Method(Record):
    """En metod eller arbetsprocess ur det regionala metodstödet."""

    id: Slug = Field(description="Metodens id, t.ex. trygghetsvandring.")
    name: Text = Field(description="Metodens namn.")
    category: Category = Field(description="situational (situationell), social eller process (arbetsprocess).")
    lead_actors: list[Slug] = Field(min_length=1, description="Id:n för de aktörer som brukar leda metoden.")
    sara_phases: list[SaraPhase] = Field(
        min_length=1, description=("Var i SARA-modellen metoden hör hemma: scanning, analysis, response, assessment.")
    )
    summary: Text = Field(description="Metoden i en mening.")
    description: Text = Field(description="Vad metoden går ut på.")
    when_to_use: Text = Field(description="När metoden passar och vad man ska tänka på.")
    evidence: Evidence = Field(description="Vad som är känt om effekten.")
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


class Totals(Record):
    """Officiella siffror ur en kartläggning. Utelämna en siffra som källan inte anger."""

    scenes: int | None = Field(default=None, ge=0, description="Antal öppna drogscener i länet.")
    municipalities: int | None = Field(default=None, ge=0, le=26, description="Antal kommuner med öppna drogscener.")
    removed: int | None = Field(default=None, ge=0, description="Antal scener som upphört sedan förra kartläggningen.")
    new: int | None = Field(default=None, ge=0, description="Antal nya scener sedan förra kartläggningen.")


class OtherFigure(Record):
    """En siffra som ligger nära en kartläggning men inte är dess officiella total: en lista mellan två
    kartläggningar, en ungefärlig uppgift eller någon annans sätt att räkna."""

    date: PartialDate = Field(
        description=(
            "När siffran gällde eller sades, lika noga som källan anger det: ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ, "
            "t.ex. 2022-03-17."
        )
    )
    value: int | None = Field(
        default=None, ge=0, description="Siffran, när källan anger ett exakt tal, t.ex. 59. Annars approximate."
    )
    approximate: str | None = Field(
        default=None,
        min_length=1,
        description='Källans egna ord när den bara anger ett ungefär, t.ex. "ett femtiotal". Annars value.',
    )
    counts: Text = Field(
        description="Vad siffran räknar, t.ex. platser på polisens lista över öppna drogscener i länet."
    )
    said_by: Text = Field(description="Vem som anger siffran, t.ex. Upplands Väsby kommun eller Brå.")
    note: str | None = Field(
        default=None,
        description="Hur siffran förhåller sig till den officiella, t.ex. att två källor räknar olika.",
    )
    sources: list[Slug] = Field(min_length=1, description="Källor där siffran står (minst en).")

    @model_validator(mode="after")
    def _value_or_words(self) -> OtherFigure:
        if (self.value is None) == (self.approximate is None):
            raise ValueError(
                "ange antingen value (ett exakt tal) eller approximate (källans ord för ett ungefär), inte båda eller inget"
            )
        return self


class Mapping(Record):
    """En kartläggning eller uppföljning av öppna drogscener."""

    year: Year = Field(description="Året kartläggningen avser. Scenernas årsuppgifter hänvisar till det.")
    title: Text = Field(description="Rubrik, t.ex. Kartläggningen 2023.")
    kind: Literal["kartläggning", "uppföljning"] = Field(description="kartläggning eller uppföljning.")
    published: PartialDate | None = Field(
        default=None,
        description=(
            "När resultatet publicerades: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ om bara månaden eller året är känt."
        ),
    )
    publishers: list[Slug] = Field(min_length=1, description="Id:n för de aktörer som gav ut resultatet.")
    totals: Totals = Field(description="De officiella siffrorna. Räkna aldrig ihop dem från scenerna.")
    summary: Text = Field(description="Vad kartläggningen visade, med egna ord.")
    other_figures: list[OtherFigure] = Field(
        default_factory=list,
        description=(
            "Andra siffror från tiden kring kartläggningen som inte är dess officiella siffror, t.ex. hur många "
            "platser listan hade mellan två kartläggningar eller en kommuns egen räkning. Visas märkta som "
            "sådana och räknas aldrig in i totals."
        ),
    )
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


def _check_position(lon: float, lat: float) -> None:
    b = COUNTY_BOUNDS
    if not (b["min_lon"] <= lon <= b["max_lon"] and b["min_lat"] <= lat <= b["max_lat"]):
        raise ValueError(
            f"punkten ({lon}, {lat}) ligger utanför Stockholms län; ange [longitud, latitud], "
            f"longitud {b['min_lon']}–{b['max_lon']} och latitud {b['min_lat']}–{b['max_lat']}"
        )


Position = Annotated[list[float], Field(min_length=2, max_length=2)]
Precision = Literal["source", "landmark", "district"]
PRECISION_HELP = (
    "Hur noga läget är känt: source (källan visar platsen eller området), landmark (ungefärligt: en punkt vid "
    "det landmärke som källan nämner, t.ex. en station) eller district (mycket ungefärligt: bara stadsdelen "
    "eller området är känt)."
)


class PointGeometry(Record):
    type: Literal["Point"] = Field(description="Point för en punkt.")
    coordinates: Position = Field(description="[longitud, latitud] i WGS84, t.ex. [18.0245, 59.3345].")
    precision: Precision = Field(description=PRECISION_HELP)

    @field_validator("coordinates")
    @classmethod
    def _in_county(cls, value: list[float]) -> list[float]:
        _check_position(*value)
        return value


class PolygonGeometry(Record):
    type: Literal["Polygon"] = Field(description="Polygon för ett område.")
    coordinates: list[Annotated[list[Position], Field(min_length=4)]] = Field(
        min_length=1, description="Ringar av [longitud, latitud]; första och sista punkten ska vara samma."
    )
    precision: Precision = Field(description=PRECISION_HELP)

    @field_validator("coordinates")
    @classmethod
    def _closed_and_in_county(cls, rings: list[list[list[float]]]) -> list[list[list[float]]]:
        for ring in rings:
            if ring[0] != ring[-1]:
                raise ValueError("ringen är inte sluten: första och sista punkten måste vara samma")
            for lon, lat in ring:
                _check_position(lon, lat)
        return rings


Geometry = Annotated[PointGeometry | PolygonGeometry, Field(discriminator="type")]


class Dispute(Record):
    """Någon som ifrågasätter årets uppgift, t.ex. att platsen alls borde ha pekats ut."""

    by: Text = Field(description="Vem som ifrågasätter uppgiften, t.ex. Lokalpolisen i Botkyrka och Botkyrka kommun.")
    says: Text = Field(description="Vad de säger, med egna ord och så som källan återger det.")
    sources: list[Slug] = Field(min_length=1, description="Källor där det står att uppgiften ifrågasätts (minst en).")


IndicatorMeasure = Literal["area", "violence", "narcotics", "knife_law", "development_index", "other"]
IndicatorDirection = Literal["increased", "decreased", "unchanged", "negative", "positive"]
# Directions that are a verb (ökade kraftigt): the amount comes after. The others are a noun phrase
# (mycket negativ utveckling), so the amount comes before; render/text.py words both.
VERB_DIRECTIONS = ("increased", "decreased")


class Indicator(Record):
    """Ett mått ur polisens uppföljning av platsen, så som en källa återger det och med vem som säger det."""

    measure: IndicatorMeasure = Field(
        description=(
            "Vad som mättes: area (scenens yta), violence (våldsbrott), narcotics (narkotikabrott), knife_law "
            "(brott mot knivlagen), development_index (polisens uppföljningsindex för hur scenen utvecklas) eller "
            "other (något annat; skriv då vad i other)."
        )
    )
    other: str | None = Field(
        default=None,
        min_length=1,
        description="Bara när measure är other: vad som mättes, med egna ord, t.ex. skjutningar.",
    )
    direction: IndicatorDirection | None = Field(
        default=None,
        description=(
            "Åt vilket håll det gick: increased (ökade), decreased (minskade), unchanged (ingen förändring), "
            "negative (negativ utveckling) eller positive (positiv utveckling). Utelämna om källan bara anger en siffra."
        ),
    )
    amount: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "Hur mycket, så noga som källan säger det: en siffra, en faktor eller källans ord. Efter increased och "
            "decreased står det efter verbet (ökade kraftigt, ökade till mer än det tredubbla, minskade med 40 procent); "
            "annars före (mycket negativ utveckling). Utelämna om källan inte säger hur mycket."
        ),
    )
    compared_with: Year | None = Field(
        default=None,
        description=(
            "Året för den kartläggning som källan jämför med, t.ex. 2021; det ska finnas i mappings.yaml och vara "
            "tidigare än året som måttet hör till. Utelämna om källan inte säger vad den jämför med."
        ),
    )
    according_to: Text = Field(
        description=(
            "Vem som säger det, så som källan återger det, skrivet så att det kan stå efter ordet Enligt: t.ex. "
            "Kungsholmens stadsdelsförvaltning, utifrån uppföljningen i februari 2024."
        )
    )
    sources: list[Slug] = Field(min_length=1, description="Källor där måttet står (minst en).")

    @model_validator(mode="after")
    def _says_something(self) -> Indicator:
        if self.direction is None and self.amount is None:
            raise ValueError(
                "ett mått ur uppföljningen behöver direction (åt vilket håll det gick), amount (hur mycket) eller båda"
            )
        if self.measure == "other" and not self.other:
            raise ValueError("ett mått med measure: other behöver other: skriv vad som mättes, t.ex. skjutningar")
        if self.measure != "other" and self.other:
            raise ValueError("other hör bara till measure: other; ta bort fältet eller ändra measure")
        return self


class SceneYear(Record):
    """Vad en kartläggning sa om platsen ett visst år."""

    year: Year = Field(description="Kartläggningens år; måste finnas i mappings.yaml.")
    status: Literal["listed", "removed"] = Field(description="listed (utpekad) eller removed (upphört).")
    certainty: Literal["stated", "inferred"] = Field(
        description=(
            "stated om en källa säger att platsen fanns med i just den här kartläggningen, inferred om det är "
            "vår egen slutsats; då ska inferred_from säga vad slutsatsen bygger på."
        )
    )
    inferred_from: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "Vad slutsatsen bygger på, när certainty är inferred, t.ex. att en källa från 2020 nämner platsen."
        ),
    )
    removed_date: PartialDate | None = Field(
        default=None,
        description=(
            "När platsen ströks ur listan eller upphörde, om status är removed: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ om bara "
            "månaden eller året är känt."
        ),
    )
    geometry: Geometry | None = Field(default=None, description="Läget det här året: Point eller Polygon.")
    note: str | None = Field(default=None, description="Vad som ändrades det här året, t.ex. att ytan minskade.")
    dispute: Dispute | None = Field(
        default=None,
        description=(
            "Om någon ifrågasätter årets status, t.ex. lokalpolisen eller kommunen: vem, vad de säger och en källa. "
            "Status och certainty säger fortfarande vad kartläggningen sa."
        ),
    )
    indicators: list[Indicator] = Field(
        default_factory=list,
        description=(
            "Mått ur polisens uppföljning av platsen det här året, t.ex. att ytan eller våldsbrotten ökade: vad som "
            "mättes, åt vilket håll och hur mycket, jämfört med vilken kartläggning, vem som säger det och källor. "
            "Utelämna om ingen källa återger uppföljningen."
        ),
    )
    sources: list[Slug] = Field(min_length=1, description="Källor för uppgiften om just det här året.")

    @model_validator(mode="after")
    def _removed_date_only_when_removed(self) -> SceneYear:
        if self.removed_date and self.status != "removed":
            raise ValueError("removed_date får bara anges när status är removed")
        if self.certainty == "inferred" and not self.inferred_from:
            raise ValueError(
                "ett år som är vår slutsats (certainty: inferred) behöver inferred_from: skriv vad slutsatsen bygger på"
            )
        if self.certainty == "stated" and self.inferred_from:
            raise ValueError(
                "inferred_from hör bara till år med certainty: inferred; ta bort fältet eller ändra certainty"
            )
        return self


PlaceType = Literal["station", "torg", "park", "bostadsområde", "centrum", "gata", "annat"]
TimeOfDay = Literal["morgon", "dag", "kväll", "natt"]


class Collaboration(Record):
    """Platssamverkan på platsen."""

    since: PartialDate | None = Field(
        default=None,
        description=(
            "När samverkan startade: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ om bara månaden eller året är känt."
        ),
    )
    actors: list[Slug] = Field(min_length=1, description="Id:n för aktörer som deltar.")
    meeting_frequency: str | None = Field(default=None, description="Hur ofta man ses, t.ex. varannan vecka.")
    description: str | None = Field(default=None, description="Kort om hur samverkan fungerar.")
    sources: list[Slug] = Field(min_length=1, description="Källor för uppgifterna om samverkan.")


class Scene(Record):
    """En öppen drogscen som polisens kartläggningar beskriver den."""

    id: Slug = Field(description="Platsens id, ändras aldrig efter publicering.")
    name: Text = Field(description="Platsens namn som i kartläggningen.")
    municipality: Slug = Field(description="Kommunens id i municipalities.yaml.")
    district: str | None = Field(default=None, description="Stadsdel eller kommundel, om det finns.")
    place_type: PlaceType = Field(
        description="Typ av plats: station, torg, park, bostadsområde, centrum, gata eller annat."
    )
    years: list[SceneYear] = Field(min_length=1, description="En post per kartläggning där platsen finns med.")
    merged_into: Slug | None = Field(default=None, description="Id för den plats som den här gick upp i.")
    split_from: list[Slug] = Field(default_factory=list, description="Id:n för platser som den här delades ut från.")
    collaboration: Collaboration | None = Field(default=None, description="Platssamverkan, om sådan finns.")
    measures: list[Slug] = Field(default_factory=list, description="Id:n för metoder som använts på platsen.")
    times_of_day: list[TimeOfDay] = Field(
        default_factory=list, description="När problemen är störst: morgon, dag, kväll, natt."
    )
    description: str | None = Field(default=None, description="Beskrivning av platsen med egna ord.")
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")

    @field_validator("years")
    @classmethod
    def _years_unique_and_sorted(cls, years: list[SceneYear]) -> list[SceneYear]:
        seen = [y.year for y in years]
        if len(set(seen)) != len(seen):
            raise ValueError("samma år finns flera gånger; ange varje kartläggning en gång")
        if seen != sorted(seen):
            raise ValueError("åren ska stå i stigande ordning")
        return years


class Period(Record):
    start: PartialDate = Field(
        description=("När arbetet började: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ om bara månaden eller året är känt.")
    )
    end: PartialDate | None = Field(
        default=None, description=("När arbetet slutade, lika noga som källan anger det; utelämna om det pågår.")
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.end and self.end < self.start:
            raise ValueError("slutdatum ligger före startdatum")
        return self


class Example(Record):
    """Ett gott exempel: lokalt arbete på en eller flera platser. En fil per exempel; filnamnet är id."""

    title: Text = Field(description="Rubrik för exemplet.")
    municipality: Slug = Field(description="Kommunens id.")
    scenes: list[Slug] = Field(default_factory=list, description="Id:n för platser som exemplet gäller.")
    methods: list[Slug] = Field(min_length=1, description="Id:n för metoder som användes.")
    actors: list[Slug] = Field(min_length=1, description="Id:n för aktörer som deltog.")
    period: Period = Field(description="Tidsperiod för arbetet.")
    summary: Text = Field(description="Exemplet i en eller två meningar.")
    what_was_done: list[Text] = Field(min_length=1, description="Vad som gjordes, en punkt per rad.")
    result: Text = Field(description="Vad det ledde till, med siffror där källan har sådana.")
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


class School(Record):
    """En skola, för avståndet mellan platser och skolor. Valfritt: bara med källa för varje skola."""

    id: Slug = Field(description="Skolans id, t.ex. kungsholmens-grundskola.")
    name: Text = Field(description="Skolans namn.")
    type: Literal["förskola", "grundskola", "gymnasium", "annan"] = Field(
        description="Typ av skola: förskola, grundskola, gymnasium eller annan."
    )
    geometry: PointGeometry = Field(description="Skolans läge som Point, [longitud, latitud].")
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")


class SurveyValue(Record):
    """Ett värde i en enkät eller sammanställning: en rad i tabellen och en stapel i diagrammet."""

    label: Text = Field(description="Vad värdet gäller, t.ex. Polisen eller Fasta kameror.")
    value: float = Field(ge=0, description="Värdet i enheten som står i unit, t.ex. 20 eller 70.")
    note: str | None = Field(default=None, description="Valfri kommentar, t.ex. att källan skriver knappt 70 procent.")


class Survey(Record):
    """En enkät eller sammanställning med siffror som inte kommer från polisens kartläggningar."""

    id: Slug = Field(description="Id, t.ex. platssamverkan-aktorer-2022. Blir namnet på diagrammet och CSV-filen.")
    title: Text = Field(description="Rubrik för diagrammet, t.ex. Vilka som deltar i platssamverkan.")
    year: Year = Field(description="Året siffrorna avser.")
    description: Text = Field(
        description=(
            "Vad siffrorna visar och vad de inte visar, med egna ord. Första meningen blir diagrammets textalternativ."
        )
    )
    unit: Text = Field(description="Vad värdena räknar, t.ex. antal platssamverkan eller procent av scenerna.")
    max: float | None = Field(
        default=None,
        gt=0,
        description=(
            "Det största möjliga värdet, t.ex. 100 för procent eller 20 om det finns 20 samverkan. Blir axelns slut."
        ),
    )
    sources: list[Slug] = Field(min_length=1, description="Id:n för källor i sources.yaml (minst en).")
    values: list[SurveyValue] = Field(min_length=1, description="Värdena, ett per rad: label, value och ev. note.")


class Synonym(Record):
    """Ord som sökningen ska behandla som samma sak: en förkortning och det den står för, eller två
    namn på samma aktör. Sidor som nämner ett av orden hittas också på de andra."""

    id: Slug = Field(description="Ordgruppens id, t.ex. ssr.")
    terms: list[Text] = Field(
        min_length=2,
        description=("Orden som betyder samma sak, det vanligaste först, t.ex. [SSR, Samverkan Stockholmsregionen]."),
    )
    not_same_as: list[Slug] = Field(
        default_factory=list,
        description=(
            "Id:n för ordgrupper som lätt förväxlas med den här men betyder något annat; de slås aldrig ihop."
        ),
    )
    note: str | None = Field(default=None, description="Vad orden betyder eller hur de skiljer sig från liknande ord.")

    @field_validator("terms")
    @classmethod
    def _terms_unique(cls, terms: list[str]) -> list[str]:
        folded = [t.casefold() for t in terms]
        if len(set(folded)) != len(folded):
            raise ValueError("samma ord står två gånger i gruppen; ange varje ord en gång")
        return terms


def is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def models_in(tp) -> list[type[BaseModel]]:
    """Every model inside a type, in order: Geometry | None -> [PointGeometry, PolygonGeometry]."""
    if is_model(tp):
        return [tp]
    return [m for arg in get_args(tp) for m in models_in(arg)]
