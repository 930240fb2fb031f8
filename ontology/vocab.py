"""The alucluster vocabulary as typed rdflib namespaces.

``ALU`` lists every class and property of the ontology; a typo such as ``ALU.Enterprize`` raises
``AttributeError`` instead of minting a new term (``_fail = True``). The OWL model in
:mod:`alucluster.ontology.model` declares exactly these terms; a test keeps the two in step.

Instances live under ``ID`` (things extracted from articles) and ``REF`` (reference data shipped with
the ontology: value-chain stages, products, indicators, statuses).

>>> str(ALU.Enterprise)
'https://w3id.org/alucluster/ontology#Enterprise'
>>> ALU.Enterprize
Traceback (most recent call last):
...
AttributeError: term 'Enterprize' not in namespace 'https://w3id.org/alucluster/ontology#'
>>> str(iri("enterprise/acme-aluminium"))
'https://w3id.org/alucluster/id/enterprise/acme-aluminium'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["ALU", "ID", "REF", "ONTOLOGY_IRI", "PREFIXES", "iri", "ref"]

ONTOLOGY_IRI = "https://w3id.org/alucluster/ontology"
ID = Namespace("https://w3id.org/alucluster/id/")
REF = Namespace("https://w3id.org/alucluster/ref/")

#: The project's prefixes, one definition for the graph files, inline queries (``alucluster query``
#: adds the ones a query uses without declaring) and the endpoint's query page.
PREFIXES = {
    "alu": ONTOLOGY_IRI + "#",
    "id": str(ID),
    "ref": str(REF),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}


class ALU(DefinedNamespace):
    """Classes and properties of the alucluster ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # places
    Place: URIRef
    Country: URIRef
    Province: URIRef
    PrefectureCity: URIRef
    County: URIRef
    IndustrialPark: URIRef
    # agents
    Agent: URIRef
    Organization: URIRef
    Enterprise: URIRef
    EnterpriseGroup: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Smelter: URIRef  # inferred: produces a product of the primary-smelting stage
    Fabricator: URIRef  # inferred: produces a semi-fabricated product
    AuxiliarySupplier: URIRef  # inferred: produces a smelter consumable
    # projects
    InvestmentProject: URIRef
    ProjectStatus: URIRef
    # products and the value chain
    Product: URIRef
    ValueChainStage: URIRef
    MaterialFlow: URIRef
    # quantities
    Quantity: URIRef
    Capacity: URIRef
    Output: URIRef
    OutputValue: URIRef
    InvestmentAmount: URIRef
    # indicators and time
    Indicator: URIRef
    IndicatorObservation: URIRef
    Period: URIRef
    # industry systems
    IndustrySystem: URIRef
    Industry: URIRef
    # provenance
    Article: URIRef
    Evidence: URIRef
    Assertion: URIRef

    # object properties
    locatedIn: URIRef  # transitive
    inProvince: URIRef  # city or county -> its province (functional)
    originCity: URIRef
    originProvince: URIRef  # also inferred: originCity o inProvince
    subsidiaryOf: URIRef
    operatedBy: URIRef  # project -> enterprise
    candidateOperator: URIRef  # project -> enterprise, inferred at build time (graph.attribution)
    candidateProduct: URIRef  # quantity of a generic product -> the reference product it likely is
    hostPlace: URIRef  # article -> the place (region) it is about
    supersededBy: URIRef  # capacity -> the figure the capacity rule counts instead
    holdsPostIn: URIRef  # person -> organization
    produces: URIRef  # organization or project -> product
    hasCapacity: URIRef
    hasOutput: URIRef
    hasOutputValue: URIRef
    hasInvestment: URIRef
    ofProduct: URIRef  # quantity or observation -> product
    period: URIRef  # quantity or observation -> period
    status: URIRef  # project or capacity -> project status
    atStage: URIRef  # product -> value-chain stage
    flowInput: URIRef  # material flow -> input product
    flowOutput: URIRef  # material flow -> output product
    observedEntity: URIRef  # observation -> place or organization it is about
    indicator: URIRef  # observation -> indicator
    memberOf: URIRef  # industry or enterprise -> industry system
    evidence: URIRef  # assertion or quantity -> evidence (sub-property of prov:wasDerivedFrom)
    inArticle: URIRef  # evidence -> article (sub-property of prov:wasQuotedFrom)

    # data properties
    adcode: URIRef  # GB/T 2260 administrative code, 6 digits
    value: URIRef
    unit: URIRef  # display unit: t/yr, t, yuan, kWh, %, pair/yr, set/yr
    unitCode: URIRef  # UN/CEFACT common code, as schema:unitCode
    startDate: URIRef
    endDate: URIRef
    periodStatus: URIRef  # annual | planned | unknown: a figure whose period is not resolved
    yearIntroduced: URIRef
    phase: URIRef
    postTitle: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    stated: URIRef
    confidence: URIRef
    factKind: URIRef
    curated: URIRef
    curationReason: URIRef
    note: URIRef
    title: URIRef
    published: URIRef
    sourceUrl: URIRef
    language: URIRef
    contentHash: URIRef
    coefficient: URIRef
    coefficientUnit: URIRef
    source: URIRef
    hsCode: URIRef
    gbt4754Code: URIRef
    stageOrder: URIRef  # position of a stage from upstream (0) to downstream


def iri(path: str) -> URIRef:
    """The IRI of an extracted thing from its canonical path, e.g. ``place/cn-510800``."""
    return ID[path]


def ref(path: str) -> URIRef:
    """The IRI of a reference thing (stage, product, indicator), e.g. ``product/alumina``.

    >>> str(ref("product/alumina"))
    'https://w3id.org/alucluster/ref/product/alumina'
    """
    return REF[path]
