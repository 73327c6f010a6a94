"""Hand-made knowledge bases shared by several test modules: arms for comparisons
(:func:`arms_kb`), targeting strategies and carrier properties (:func:`strategy_kb`), and
names that try to inject HTML (:func:`injection_kb`)."""

from tests.helpers.kbfactory import claim, make_kb, write_table

ARMS_CONTEXTS = [
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "pdl1", "value": "positive", "label": "PD-L1 positive"},
    {"key": "pdl1", "value": "negative", "label": "PD-L1 negative"},
    {"key": "species", "value": "human", "label": "human"},
    {"key": "species", "value": "mouse", "label": "mouse"},
]
ARMS_READOUTS = [
    {"readout": name, "kind": "outcome", "order": str(i), "desirable": "+"}
    for i, name in enumerate(
        [
            "tox",
            "release",
            "efficacy",
            "delivery",
            "fever",
            "exposure",
            "stroma",
            "mps",
            "vaccination",
            "untouched",
        ],
        1,
    )
]


def arms_kb(tmp_path, extra=()):
    """nano is a liposome carrying drug; ici is a checkpoint inhibitor."""
    entities = [
        {"id": "cyto", "type": "DrugClassX"},
        {"id": "nano", "type": "Formulation"},
        "ici",
        "icd",
        *(r["readout"] for r in ARMS_READOUTS),
    ]
    claims = [
        claim("C1", "cyto", "increases", "tox"),
        claim("C2", "cyto", "increases", "icd"),
        claim("C3", "icd", "increases", "release"),
        claim("C4", "nano", "decreases", "tox", comparator="cyto"),
        claim("C5", "Nanocarrier", "increases", "delivery", comparator="free_payload"),
        claim("C6", "Liposome", "increases", "mps"),
        claim("C7", "nano", "increases", "icd", comparator="cyto"),
        claim("C8", "ici", "increases", "efficacy"),
        claim(
            "C9",
            "nano",
            "no_effect",
            "efficacy",
            background="ici",
            evidence_level="clinical_phase3",
        ),
        claim("C10", "icd", "increases", "efficacy"),
        claim(
            "C11",
            "nano",
            "increases",
            "efficacy",
            background="ici",
            context="pdl1=positive",
            evidence_level="hypothesis",
        ),
        claim("C12", "Nanocarrier", "increases", "vaccination", scope="some"),
        claim("C13", "cyto", "increases", "fever"),
        claim("C14", "nano", "decreases", "exposure", comparator="cyto", context="species=mouse"),
        claim("C15", "nano", "decreases", "stroma"),
        *extra,
    ]
    forms = [{"formulation": "nano", "carrier": "Liposome", "payloads": "cyto"}]
    root = make_kb(tmp_path / "kb", claims, entities, formulations=forms, readouts=ARMS_READOUTS)
    write_table(root, "contexts.tsv", ARMS_CONTEXTS)
    return root


# -- targeting strategies and carrier properties ---------------------------------------------
STRATEGY_CLASSES = [
    {"id": "TargetingStrategy", "label": "targeting strategy"},
    {"id": "CancerCellTargeting", "label": "targeting cancer cells", "parent": "TargetingStrategy"},
    {"id": "PeripheralTargeting", "label": "peripheral", "parent": "TargetingStrategy"},
    {
        "id": "PEGylation",
        "label": "PEGylation",
        "parent": "CarrierProperty",
        "synonyms": "stealth coating",
    },
]
FORM_ENTITIES = [
    {"id": "np_dox", "type": "Formulation"},
    {"id": "np_vax", "type": "Formulation"},
    {"id": "dox", "type": "Drug"},
    {"id": "lipo", "type": "Liposome"},
    {"id": "peg_surface", "label": "PEG surface", "type": "PEGylation"},
    "mps",
    "delivery",
]
FORMS = [
    {"formulation": "np_dox", "carrier": "lipo", "payloads": "dox", "properties": "peg_surface"},
    {"formulation": "np_vax", "carrier": "lipo", "payloads": "dox"},
]
ASSIGNED = [
    {"formulation": "np_dox", "strategy": "CancerCellTargeting", "document": "doc", "quote": "q1"},
    {"formulation": "np_vax", "strategy": "PeripheralTargeting", "document": "doc", "quote": "q2"},
]


def strategy_kb(tmp_path, assigned=ASSIGNED):
    claims = [
        claim("C1", "peg_surface", "decreases", "mps"),
        claim("C2", "mps", "decreases", "delivery"),
        claim("C3", "lipo", "increases", "mps"),
    ]
    root = make_kb(
        tmp_path / "kb", claims, FORM_ENTITIES, formulations=FORMS, classes=STRATEGY_CLASSES
    )
    write_table(root, "strategies.tsv", assigned)
    return root


INJECTIONS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]


def injection_kb(tmp_path):
    entities = [
        {"id": "evil", "label": INJECTIONS[0], "synonyms": INJECTIONS[1]},
        {"id": "target", "label": "tar<b>get</b>", "definition": INJECTIONS[1]},
    ]
    claims = [claim("C1", "evil", "increases", "target", quote=INJECTIONS[1], note=INJECTIONS[0])]
    return make_kb(tmp_path / "kb", claims, entities)
