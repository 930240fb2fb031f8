"""The alucluster OWL ontology, written with owlready2: the single source of truth.

:func:`build_ontology` declares every class and property of :class:`~alucluster.ontology.vocab.ALU`
(same IRIs) with English and Chinese labels, an English definition, domains, ranges, characteristics,
disjointness and the defined classes the reasoner uses (:class:`Smelter`, ``Fabricator``,
``AuxiliarySupplier``, the ``originCity o inProvince`` chain). External vocabularies (W3C ORG,
schema.org, QUDT, PROV-O, OWL-Time, SKOS, RDF Data Cube) are aligned by IRI only, never imported,
so nothing is ever downloaded.

:func:`export` writes the committed artifacts ``alucluster.owl`` (RDF/XML, opens in Protege),
``alucluster.ttl`` (Turtle) and the project statuses as reference data (``data/statuses.ttl``).

>>> onto = build_ontology()
>>> onto.base_iri
'https://w3id.org/alucluster/ontology#'
>>> sorted(str(c.label.en[0]) for c in onto.Smelter.is_a)
['enterprise']
"""

from __future__ import annotations

import functools
import io
import types
from pathlib import Path

from alucluster.ontology._io import write_atomic
from alucluster.ontology.errors import OntologyError
from alucluster.ontology.vocab import ONTOLOGY_IRI, REF

__all__ = [
    "ONTOLOGY_VERSION",
    "VERSION_IRI",
    "STATUSES",
    "SMELTING_STAGES",
    "FABRICATION_STAGES",
    "AUXILIARY_STAGES",
    "build_ontology",
    "ontology_graph",
    "export",
    "package_folder",
]

ONTOLOGY_VERSION = "0.1.0"
VERSION_IRI = f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}"
LICENSE_IRI = "https://spdx.org/licenses/MIT"

#: Project statuses (``ref:status/<slug>``): slug -> (English label, Chinese label, definition).
STATUSES = {
    "planned": ("planned", "规划", "A project announced or planned, with no signed agreement yet."),
    "signed": ("signed", "已签约", "A project whose investment agreement has been signed."),
    "under-construction": ("under construction", "在建", "A project whose construction has started."),
    "operating": ("operating", "已投产", "A project or capacity that is in production."),
}

#: Value-chain stages (``ref:stage/<slug>``) whose products make an enterprise a smelter,
#: a fabricator or an auxiliary supplier. The stages themselves are data in ``data/chain.ttl``.
SMELTING_STAGES = ("primary-smelting",)
FABRICATION_STAGES = ("extrusion", "rolling", "foil", "wire-and-cable", "die-casting", "forging")
AUXILIARY_STAGES = ("anode-assembly-parts", "carbon-materials", "fluorides")

_NS = {
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "qudt": "http://qudt.org/schema/qudt/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"

# (name, parents, English label, Chinese label, definition). Parents are alu: names or
# "prefix:Name" external classes (alignment by IRI only).
_CLASSES = [
    ("Place", ["schema:Place"], "place", "地点", "A geographic place: an administrative division or an industrial park."),
    ("Country", ["Place", "schema:Country"], "country", "国家", "A sovereign country."),
    ("Province", ["Place", "schema:AdministrativeArea"], "province", "省级行政区",
     "A provincial-level administrative division of China (province, autonomous region, municipality)."),
    ("PrefectureCity", ["Place", "schema:City"], "prefecture-level city", "地级市",
     "A prefecture-level city of China, identified by its GB/T 2260 code."),
    ("County", ["Place", "schema:AdministrativeArea"], "district or county", "县级行政区",
     "A county-level division of China: a district, county or county-level city."),
    ("IndustrialPark", ["Place"], "industrial park", "产业园区",
     "An industrial park or development zone where enterprises are sited."),
    ("Agent", ["prov:Agent"], "agent", "行为主体", "An organization or a person that can act."),
    ("Organization", ["Agent", "org:Organization", "schema:Organization"], "organization", "组织",
     "A company, group or public body."),
    ("Enterprise", ["Organization", "org:FormalOrganization", "schema:Organization"], "enterprise", "企业",
     "A company that produces goods or services."),
    ("EnterpriseGroup", ["Enterprise", "org:FormalOrganization"], "enterprise group", "企业集团",
     "A group or holding company: an enterprise that controls other companies, its subsidiaries."),
    ("GovernmentBody", ["Organization", "org:FormalOrganization", "schema:GovernmentOrganization"],
     "government body", "政府机构", "A government, a government department or a park administration."),
    ("Person", ["Agent", "prov:Person", "schema:Person"], "person", "人员", "A human being named in an article."),
    ("Smelter", ["Enterprise"], "smelter", "电解铝冶炼企业",
     "An enterprise that produces a product of the primary-smelting stage (inferred, not asserted)."),
    ("Fabricator", ["Enterprise"], "fabricator", "铝加工企业",
     "An enterprise that produces a semi-fabricated aluminium product: extrusion, rolling, foil, wire and "
     "cable, die casting or forging (inferred, not asserted)."),
    ("AuxiliarySupplier", ["Enterprise"], "auxiliary supplier", "辅料配套企业",
     "An enterprise that produces a smelter consumable: carbon materials, fluorides or anode-assembly "
     "parts (inferred, not asserted)."),
    ("InvestmentProject", ["schema:Project"], "investment project", "投资项目",
     "An investment project: a plant or production line that is planned, signed, built or operating."),
    ("ProjectStatus", ["skos:Concept"], "project status", "项目状态",
     "The stage a project, capacity or investment has reached: planned, signed, under construction or operating."),
    ("Product", ["skos:Concept"], "product", "产品",
     "A product of the aluminium value chain, a concept of the product taxonomy with HS codes as notations."),
    ("ValueChainStage", ["skos:Concept"], "value-chain stage", "产业链环节",
     "A link of the reference aluminium value chain, from power and bauxite to end uses and recycling."),
    ("MaterialFlow", [], "material flow", "物料流",
     "An input-to-output flow between two products with a conversion coefficient."),
    ("Quantity", ["schema:QuantitativeValue", "qudt:QuantityValue"], "quantity", "数量",
     "A number with a unit, about a product and a period, cited to its evidence."),
    ("Capacity", ["Quantity"], "capacity", "产能", "How much of a product can be made per year."),
    ("Output", ["Quantity"], "output", "产量", "How much of a product was made in a period."),
    ("OutputValue", ["Quantity", "schema:MonetaryAmount"], "output value", "产值",
     "The money value of what was made in a period, in yuan."),
    ("InvestmentAmount", ["Quantity", "schema:MonetaryAmount"], "investment amount", "投资额",
     "The money a project involves, in yuan."),
    ("Indicator", ["skos:Concept"], "economic indicator", "经济指标",
     "A measured economic quantity such as GDP, a growth rate or industrial value added."),
    ("IndicatorObservation", ["qb:Observation"], "indicator observation", "指标观测值",
     "The value of an indicator for a region or organization in a period."),
    ("Period", ["time:ProperInterval"], "period", "时期", "A time interval such as a year, a half-year or a quarter."),
    ("IndustrySystem", ["skos:Collection"], "industry system", "产业体系",
     "A planned set of industries of a region, such as the leading industries a city's plan names."),
    ("Industry", ["skos:Concept"], "industry", "产业", "An industry, possibly a member of an industry system."),
    ("Article", ["prov:Entity", "schema:NewsArticle"], "article", "新闻文章", "A source text: a news article."),
    ("Evidence", ["prov:Entity"], "evidence", "证据",
     "A sentence of an article, with its character offsets, that a fact was read from."),
    ("Assertion", ["prov:Entity"], "assertion", "断言",
     "One reified fact of an article, with its evidence, whether it was stated or inferred and its confidence."),
]

_AGENT_OR_PROJECT = ("Agent", "InvestmentProject")
# Articles report a city's own production ("the city made 1.2 million t of aluminium"), so a place
# produces and has outputs and capacities too (graph.build writes them on the place node).
_PRODUCER = ("Agent", "InvestmentProject", "Place")
_MEASURED = ("Quantity", "IndicatorObservation")

# (name, parents, domain, range, characteristics, English, Chinese, definition).
# Domain/range: a name, a tuple of names (union) or None.
_OBJECT_PROPERTIES = [
    ("locatedIn", [], None, "Place", ["transitive"], "located in", "位于",
     "Where something is: a place within a larger place, or an agent or project at a place."),
    ("inProvince", ["locatedIn", "schema:containedInPlace"], "Place", "Province", ["functional"],
     "in province", "所属省份", "The province a city or county belongs to."),
    ("originCity", [], _AGENT_OR_PROJECT, "Place", [], "origin city", "来源城市",
     "The city the investor or its capital comes from."),
    ("originProvince", [], _AGENT_OR_PROJECT, "Province", [], "origin province", "来源省份",
     "The province the investor or its capital comes from; also inferred from the origin city."),
    ("subsidiaryOf", ["org:subOrganizationOf", "schema:parentOrganization"], "Organization", "Organization", [],
     "subsidiary of", "隶属于", "The parent company or group of an organization."),
    ("operatedBy", [], "InvestmentProject", "Organization", [], "operated by", "运营主体",
     "The enterprise that operates a project (only when an article says so)."),
    ("candidateOperator", [], "InvestmentProject", "Organization", [], "candidate operator", "候选运营主体",
     "An enterprise proposed as a project's operator because it reports output or capacity at the project's "
     "stage in the same region; inferred at build time, never stated (its Assertion gives reason and evidence)."),
    ("candidateProduct", [], "Quantity", "Product", [], "candidate product", "候选产品",
     "The reference product a quantity written generically (\"aluminum products\") most likely is, from the "
     "only stage its holder is known at; inferred at build time, never stated."),
    ("hostPlace", ["schema:contentLocation"], "Article", "Place", ["functional"], "host place", "所述地区",
     "The region an article is about (its host): from its metadata, the build's --region or its text."),
    ("supersededBy", [], "Quantity", "Quantity", [], "superseded by", "被取代",
     "A figure the capacity rule does not count because another figure of the same holder, product, unit "
     "and region counts instead (later period, then more advanced status, then larger value)."),
    ("holdsPostIn", ["org:memberOf"], "Person", "Organization", [], "holds post in", "任职于",
     "The organization in which a person holds a post."),
    ("produces", [], _PRODUCER, "Product", [], "produces", "生产",
     "A product an enterprise, project or place (a city's own industry) makes."),
    ("hasCapacity", [], _PRODUCER, "Capacity", [], "has capacity", "产能为",
     "A capacity of an enterprise, project or place."),
    ("hasOutput", [], _PRODUCER, "Output", [], "has output", "产量为", "An output of an enterprise, project or place."),
    ("hasOutputValue", [], _PRODUCER, "OutputValue", [], "has output value", "产值为",
     "An output value of an enterprise, project or place."),
    ("hasInvestment", [], "InvestmentProject", "InvestmentAmount", [], "has investment", "投资额为",
     "The investment amount of a project."),
    ("ofProduct", [], _MEASURED, "Product", [], "of product", "产品", "The product a quantity or observation is about."),
    ("period", ["time:hasTime"], _MEASURED, "Period", [], "period", "时期", "The period a quantity or observation refers to."),
    ("status", [], ("InvestmentProject", "Capacity", "InvestmentAmount"), "ProjectStatus", [], "status", "状态",
     "The status of a project, a capacity or an investment amount."),
    ("atStage", [], "Product", "ValueChainStage", [], "at stage", "所属环节",
     "The value-chain stage at which a product is made."),
    ("flowInput", [], "MaterialFlow", "Product", ["functional"], "flow input", "投入品", "The input product of a material flow."),
    ("flowOutput", [], "MaterialFlow", "Product", ["functional"], "flow output", "产出品",
     "The output product of a material flow."),
    ("observedEntity", [], "IndicatorObservation", None, [], "observed entity", "观测对象",
     "The region or organization an observation is about."),
    ("indicator", [], "IndicatorObservation", "Indicator", ["functional"], "indicator", "指标",
     "The indicator an observation measures."),
    ("memberOf", ["schema:memberOf"], None, "IndustrySystem", [], "member of", "属于产业体系",
     "The industry system an industry or enterprise belongs to."),
    ("evidence", ["prov:wasDerivedFrom"], None, "Evidence", [], "evidence", "证据",
     "The evidence an assertion or quantity was read from."),
    ("inArticle", ["prov:wasQuotedFrom"], "Evidence", "Article", ["functional"], "in article", "出自文章",
     "The article a piece of evidence is quoted from."),
]

#: The range of the date properties. xsd:date, xsd:gYearMonth and xsd:gYear are not in the OWL 2
#: datatype map (HermiT and Protege refuse them in axioms), so the TBox says only "a literal" and the
#: SHACL shapes (ontology/shapes/) check the XSD datatype of the values.
_SHAPES_DATATYPE = "rdfs:Literal"

# (name, parents, domain, range datatype (xsd local name, or prefix:name), characteristics, English,
# Chinese, definition). Every range is in the OWL 2 datatype map (a test runs the OWL 2 DL profile check).
_DATA_PROPERTIES = [
    ("adcode", ["skos:notation"], "Place", "string", ["functional"], "administrative code", "行政区划代码",
     "The 6-digit GB/T 2260 administrative division code of a Chinese place."),
    ("value", ["schema:value"], _MEASURED, "decimal", [], "value", "数值",
     "The number of a quantity or observation, in base units (t, yuan, kWh; percent as 11.6)."),
    ("unit", ["schema:unitText"], None, "string", [], "unit", "单位", "The display unit: t/yr, t, yuan, kWh, %, pair/yr, set/yr."),
    ("unitCode", ["schema:unitCode"], None, "string", [], "unit code", "单位代码", "The UN/CEFACT common code of the unit."),
    ("startDate", ["schema:startDate"], "Period", _SHAPES_DATATYPE, ["functional"], "start date", "开始日期",
     "The first day of a period, an xsd:date (checked by the SHACL shapes)."),
    ("endDate", ["schema:endDate"], "Period", _SHAPES_DATATYPE, ["functional"], "end date", "结束日期",
     "The last day of a period, an xsd:date (checked by the SHACL shapes)."),
    ("periodStatus", [], _MEASURED, "string", ["functional"], "period status", "时期状态",
     "Why a figure has no resolved period, or what its period is: annual (a yearly rate whose year is not "
     "given), planned (a target or projection) or unknown (no period can be read)."),
    ("yearIntroduced", [], "InvestmentProject", _SHAPES_DATATYPE, [], "year introduced", "引进年份",
     "The year a project was introduced or landed, an xsd:gYear (checked by the SHACL shapes)."),
    ("phase", [], "InvestmentProject", "string", [], "phase", "期次", "The phase of a project, e.g. 'phase II'."),
    ("postTitle", ["schema:jobTitle"], "Person", "string", [], "post title", "职务", "The post a person holds."),
    ("sentence", ["schema:text"], "Evidence", "string", [], "sentence", "原句", "The sentence as written in the article."),
    ("startOffset", [], "Evidence", "integer", ["functional"], "start offset", "起始位置",
     "The character offset where the evidence starts in the article text."),
    ("endOffset", [], "Evidence", "integer", ["functional"], "end offset", "结束位置",
     "The character offset where the evidence ends in the article text (exclusive)."),
    ("stated", [], "Assertion", "boolean", ["functional"], "stated", "明确陈述",
     "True when the article states the fact, false when it was inferred."),
    ("confidence", [], "Assertion", "decimal", ["functional"], "confidence", "置信度",
     "How sure the extraction is, in (0, 1]."),
    ("factKind", [], "Assertion", "string", ["functional"], "fact kind", "事实类型",
     "The kind of fact: capacity, output, origin, location and so on."),
    ("curated", [], "Assertion", "boolean", ["functional"], "curated", "人工校订",
     "True when the fact comes from the reviewed curation overlay."),
    ("curationReason", [], "Assertion", "string", [], "curation reason", "校订理由", "Why a curator added or changed a fact."),
    ("note", [], None, "string", [], "note", "备注", "A remark on an ambiguity or an inference."),
    ("title", ["schema:headline"], "Article", "string", [], "title", "标题", "The title of an article."),
    ("published", ["schema:datePublished"], "Article", _SHAPES_DATATYPE, [], "published", "发布日期",
     "The date an article was published: an xsd:date, xsd:gYearMonth or xsd:gYear (checked by the SHACL shapes)."),
    ("sourceUrl", ["schema:url"], "Article", "anyURI", [], "source URL", "来源网址", "Where an article was found."),
    ("language", ["schema:inLanguage"], "Article", "string", [], "language", "语言", "The language code of an article."),
    ("contentHash", [], "Article", "string", ["functional"], "content hash", "内容哈希",
     "The SHA-256 of an article's text, which identifies it."),
    ("coefficient", [], "MaterialFlow", "decimal", [], "coefficient", "转换系数",
     "Tonnes (or other units) of input per unit of output of a material flow."),
    ("coefficientUnit", [], "MaterialFlow", "string", [], "coefficient unit", "系数单位", "The unit of a coefficient, e.g. t/t."),
    ("source", [], None, "string", [], "source", "来源", "Where a reference figure comes from, in words."),
    ("hsCode", ["skos:notation"], "Product", "string", [], "HS code", "海关编码",
     "A Harmonized System heading or subheading of a product."),
    ("gbt4754Code", ["skos:notation"], None, "string", [], "GB/T 4754 code", "国民经济行业分类代码",
     "A GB/T 4754-2017 industry class code of a stage or industry."),
    ("stageOrder", [], "ValueChainStage", "integer", ["functional"], "stage order", "环节次序",
     "The position of a stage from upstream (0) to downstream."),
]

_DISJOINT = [
    # top-level kinds: nothing is both a place and an agent, a product and a quantity, ...
    ["Place", "Agent", "InvestmentProject", "ProjectStatus", "Product", "ValueChainStage", "MaterialFlow",
     "Quantity", "Indicator", "IndicatorObservation", "Period", "IndustrySystem", "Article", "Evidence", "Assertion"],
    ["Country", "Province", "PrefectureCity", "County", "IndustrialPark"],
    ["Organization", "Person"],
    ["Enterprise", "GovernmentBody"],
    ["EnterpriseGroup", "GovernmentBody"],
    ["Capacity", "Output", "OutputValue", "InvestmentAmount"],
]


def build_ontology(world=None):
    """The alucluster ontology as an owlready2 ontology, built in ``world`` (a fresh one by default).

    :param world: an ``owlready2.World`` to build into; a new, isolated world when omitted, so the
        default world and ``onto_path`` are never touched and nothing is downloaded.

    >>> onto = build_ontology()
    >>> onto.inProvince in onto.locatedIn.subclasses()
    True
    >>> sorted(str(l) for l in onto.Enterprise.label)
    ['enterprise', '企业']
    """
    import owlready2 as owl

    world = world if world is not None else owl.World()
    onto = world.get_ontology(ONTOLOGY_IRI + "#")
    with onto:
        _build(onto, owl)
    return onto


def _build(onto, owl) -> None:
    ns = {p: onto.get_namespace(iri) for p, iri in _NS.items()}
    ref_ns = onto.get_namespace(str(REF))

    def annotation(prefix, name):
        return types.new_class(name, (owl.AnnotationProperty,), {}, lambda d: d.update(namespace=ns[prefix]))

    definition = annotation("skos", "definition")
    dc = {n: annotation("dcterms", n) for n in ("title", "description", "license", "creator")}

    external: dict[str, object] = {}

    def ext(qname: str, base):
        # External terms are declared (typed) but never imported: alignment by IRI only.
        if qname not in external:
            prefix, name = qname.split(":")
            external[qname] = types.new_class(name, (base,), {}, lambda d: d.update(namespace=ns[prefix]))
        return external[qname]

    def describe(entity, en, zh, text):
        # One value at a time: assigning a list goes through a set, and its order would change
        # the RDF/XML from run to run.
        entity.label.append(owl.locstr(en, "en"))
        entity.label.append(owl.locstr(zh, "zh"))
        definition[entity] = [owl.locstr(text, "en")]

    classes: dict[str, object] = {}
    for name, parents, en, zh, text in _CLASSES:
        local = [classes[p] for p in parents if ":" not in p] or [owl.Thing]
        cls = types.new_class(name, tuple(local))
        for p in parents:
            if ":" in p:
                cls.is_a.append(ext(p, owl.Thing))
        describe(cls, en, zh, text)
        classes[name] = cls

    def cls_expr(spec):
        if spec is None:
            return None
        if isinstance(spec, tuple):
            return owl.Or([classes[n] for n in spec])
        return classes[spec]

    characteristic = {"functional": owl.FunctionalProperty, "transitive": owl.TransitiveProperty}
    props: dict[str, object] = {}
    for name, parents, domain, rng, chars, en, zh, text in _OBJECT_PROPERTIES:
        local = [props[p] for p in parents if ":" not in p] or [owl.ObjectProperty]
        prop = types.new_class(name, tuple(local) + tuple(characteristic[c] for c in chars))
        for p in parents:
            if ":" in p:
                prop.is_a.append(ext(p, owl.ObjectProperty))
        if domain is not None:
            prop.domain = [cls_expr(domain)]
        if rng is not None:
            prop.range = [cls_expr(rng)]
        describe(prop, en, zh, text)
        props[name] = prop

    rdfs_range = onto._abbreviate(_RDFS + "range")
    for name, parents, domain, rng, chars, en, zh, text in _DATA_PROPERTIES:
        prop = types.new_class(name, (owl.DataProperty,) + tuple(characteristic[c] for c in chars))
        for p in parents:
            prop.is_a.append(ext(p, owl.DataProperty))
        if domain is not None:
            prop.domain = [cls_expr(domain)]
        # owlready2 has no Python type for every XSD datatype (gYear, anyURI, nonNegativeInteger):
        # write the range triple by IRI.
        range_iri = _RDFS + rng.split(":", 1)[1] if rng.startswith("rdfs:") else _NS["xsd"] + rng
        onto._add_obj_triple_spo(prop.storid, rdfs_range, onto._abbreviate(range_iri))
        describe(prop, en, zh, text)
        props[name] = prop

    props["originProvince"].property_chain.append(owl.PropertyChain([props["originCity"], props["inProvince"]]))

    for group in _DISJOINT:
        owl.AllDisjoint([classes[n] for n in group])

    statuses = []
    for slug, (en, zh, text) in STATUSES.items():
        ind = classes["ProjectStatus"](f"status/{slug}", namespace=ref_ns)
        describe(ind, en, zh, text)
        statuses.append(ind)
    classes["ProjectStatus"].equivalent_to.append(owl.OneOf(statuses))
    owl.AllDifferent(statuses)

    def stages(slugs):
        return [classes["ValueChainStage"](f"stage/{s}", namespace=ref_ns) for s in slugs]

    enterprise, produces, at_stage = classes["Enterprise"], props["produces"], props["atStage"]
    for cls_name, slugs in (
        ("Smelter", SMELTING_STAGES),
        ("Fabricator", FABRICATION_STAGES),
        ("AuxiliarySupplier", AUXILIARY_STAGES),
    ):
        classes[cls_name].equivalent_to.append(enterprise & produces.some(at_stage.some(owl.OneOf(stages(slugs)))))

    _header(onto, owl, dc)


def _header(onto, owl, dc) -> None:
    meta = onto.metadata
    dc["title"][meta] = [owl.locstr("alucluster: ontology of an aluminium industrial cluster", "en")]
    dc["description"][meta] = [
        owl.locstr(
            "Classes and properties of a cited knowledge graph of an aluminium industrial cluster built from "
            "news articles: places, enterprises and investment projects, the aluminium value chain (products, "
            "stages, material flows), capacities, outputs, economic indicators, industry systems, and the "
            "provenance of every fact. Aligned by IRI (not imported) to W3C ORG, schema.org, QUDT, PROV-O, "
            "OWL-Time, SKOS and the RDF Data Cube vocabulary.",
            "en",
        )
    ]
    dc["creator"][meta] = [owl.locstr("alucluster contributors", "en")]
    meta.versionInfo = [ONTOLOGY_VERSION]
    # owl:versionIRI and dcterms:license take IRIs, which owlready2's metadata API cannot express.
    iri = onto._abbreviate
    onto._add_obj_triple_spo(onto.storid, iri("http://www.w3.org/2002/07/owl#versionIRI"), iri(VERSION_IRI))
    onto._add_obj_triple_spo(onto.storid, dc["license"].storid, iri(LICENSE_IRI))


def ontology_graph():
    """The ontology as an ``rdflib.Graph`` (built in memory, not read from the committed files).

    >>> from alucluster.ontology.vocab import ALU
    >>> from rdflib import OWL, RDF
    >>> (ALU.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology_graph()
    True
    """
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=_tbox_rdfxml(), format="xml")
    return graph


@functools.lru_cache(maxsize=1)
def _tbox_rdfxml() -> bytes:
    # The model is fixed for a process: build it once, hand out fresh parsed copies.
    return _rdfxml(build_ontology())


def _rdfxml(onto) -> bytes:
    buf = io.BytesIO()
    onto.save(buf, format="rdfxml")
    return buf.getvalue()


def _turtle(rdfxml: bytes) -> bytes:
    import rdflib
    from rdflib.compare import to_canonical_graph

    parsed = rdflib.Graph()
    parsed.parse(data=rdfxml, format="xml")
    # Canonical blank-node labels make the order of nested restrictions stable from run to run.
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in [("alu", ONTOLOGY_IRI + "#"), ("ref", str(REF)), ("owl", "http://www.w3.org/2002/07/owl#"),
                        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"), *_NS.items()]:
        graph.bind(prefix, iri)
    for triple in to_canonical_graph(parsed):
        graph.add(triple)
    return graph.serialize(format="turtle", encoding="utf-8")


def _statuses_turtle(rdfxml: bytes) -> bytes:
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS

    tbox = rdflib.Graph()
    tbox.parse(data=rdfxml, format="xml")
    out = rdflib.Graph(bind_namespaces="none")
    out.bind("alu", ONTOLOGY_IRI + "#")
    out.bind("status", str(REF) + "status/")
    out.bind("rdfs", str(RDFS))
    out.bind("skos", str(SKOS))
    status_class = rdflib.URIRef(ONTOLOGY_IRI + "#ProjectStatus")
    for node in tbox.subjects(RDF.type, status_class):
        out.add((node, RDF.type, status_class))
        for p in (RDFS.label, SKOS.definition):
            for o in tbox.objects(node, p):
                out.add((node, p, o))
    header = (
        b"# Project statuses: reference data generated from ontology/model.py by `alucluster ontology export`.\n"
        b"# Do not edit by hand.\n"
    )
    return header + out.serialize(format="turtle", encoding="utf-8")


def package_folder() -> Path:
    """The package's own ``ontology/`` folder: where ``alucluster ontology export`` writes by default.

    >>> (package_folder() / "model.py").is_file()
    True
    """
    from importlib import resources

    return Path(str(resources.files("alucluster.ontology")))


def export(out_dir) -> list[Path]:
    """Write ``alucluster.owl`` (RDF/XML), ``alucluster.ttl`` and ``data/statuses.ttl`` into ``out_dir``.

    Same model, same bytes: run it twice and the files do not change. Each file is written to a
    temporary file first and moved into place, so a reader never sees half a file.

    :param out_dir: the folder, usually the package's ``ontology/`` folder.
    :raises OntologyError: when ``out_dir`` exists and is not a folder, or cannot be written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in export(d)]
    ['alucluster.owl', 'alucluster.ttl', 'statuses.ttl']
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OntologyError(f"{out}: not a folder")
    rdfxml = _rdfxml(build_ontology())
    files = [
        (out / "alucluster.owl", rdfxml),
        (out / "alucluster.ttl", _turtle(rdfxml)),
        (out / "data" / "statuses.ttl", _statuses_turtle(rdfxml)),
    ]
    try:
        for path, data in files:
            write_atomic(path, data)
    except OSError as exc:
        raise OntologyError(f"cannot write the ontology to {out}: {exc.strerror or exc}") from None
    return [path for path, _ in files]
